#include "gateway/api/api_docs_routes.h"

#include <boost/beast/http/field.hpp>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gateway/http/responses.h"

namespace rect::gateway::api {
namespace {

namespace http = boost::beast::http;

constexpr char kHtml[] = "text/html; charset=utf-8";

// A GOV.UK page around `main` (already HTML).
std::string GuidancePage(absl::string_view title, absl::string_view main) {
  return absl::StrCat(R"(<!DOCTYPE html>
<html lang="en" class="govuk-template">
<head>
  <meta charset="utf-8">
  <title>)",
                      title, R"( – Lead Provider API – Register early career teachers – GOV.UK</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="/assets/govuk-frontend.min.css">
</head>
<body class="govuk-template__body">
  <header class="govuk-header" data-module="govuk-header">
    <div class="govuk-header__container govuk-width-container">
      <div class="govuk-header__content">
        <a href="/api/guidance" class="govuk-header__link govuk-header__service-name">Register early career teachers: Lead Provider API</a>
      </div>
    </div>
  </header>
  <div class="govuk-width-container">
    <nav class="govuk-!-margin-top-4" aria-label="API documentation">
      <ul class="govuk-list">
        <li><a class="govuk-link" href="/api/guidance">Guidance</a></li>
        <li><a class="govuk-link" href="/api/docs/v3">API reference (Swagger)</a></li>
        <li><a class="govuk-link" href="/api/guidance/release-notes">Release notes</a></li>
      </ul>
    </nav>
    <main class="govuk-main-wrapper" id="main-content">
      <h1 class="govuk-heading-xl">)",
                      title, R"(</h1>
)",
                      main, R"(
    </main>
  </div>
</body>
</html>
)");
}

constexpr char kSwaggerPage[] = R"(<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Lead Provider API v3 – Register early career teachers</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="/assets/swagger-ui/swagger-ui.css">
</head>
<body>
  <p><a href="/api/guidance">Guidance</a> · <a href="/api/guidance/release-notes">Release notes</a> · <a href="/api/docs/v3/swagger.yaml">OpenAPI document (YAML)</a></p>
  <div id="swagger-ui"></div>
  <script src="/assets/swagger-ui/swagger-ui-bundle.js"></script>
  <script src="/assets/swagger-ui/init.js"></script>
</body>
</html>
)";

constexpr char kGuidance[] = R"(
      <p class="govuk-body">Lead providers must use the ‘Register early career teachers’ API to submit and update data about:</p>
      <ul class="govuk-list govuk-list--bullet">
        <li>early career teachers</li>
        <li>mentors</li>
        <li>training schedules</li>
        <li>programme declarations</li>
        <li>participant deferrals, withdrawals and reinstatements</li>
        <li>creating and updating partnerships</li>
      </ul>
      <p class="govuk-body">This data enables delivery of training, accurate payments and oversight of participant progress.</p>
      <h2 class="govuk-heading-l">Testing and going live</h2>
      <p class="govuk-body">Use the sandbox environment to test sending data before moving to production. The sandbox works just like the live environment, but no real training records, payments or notifications are sent. Sandbox and production use separate API tokens.</p>
      <p class="govuk-body">In the sandbox, send an <code>X-With-Server-Date</code> header (for example <code>2027-01-10T10:42:00Z</code>, or a date such as <code>2025-12-31</code>, read in UK time) to run a request as if it were made at that time. Production ignores the header.</p>
      <h2 class="govuk-heading-l">Making requests</h2>
      <p class="govuk-body">Send your token on every request as <code>Authorization: Bearer &lt;token&gt;</code>. Dates and times are in UTC with whole seconds, for example <code>2025-10-01T09:30:00Z</code>. Lists are paged with <code>page[page]</code> and <code>page[per_page]</code> (100 by default, at most 3000): keep paging until a page is empty.</p>
      <p class="govuk-body">Each token may make 1000 requests in each fixed 5-minute window. Further requests in that window get a <code>429</code> response with the body <code>Retry later</code>.</p>
      <p class="govuk-body">Bookmark the <a class="govuk-link" href="/api/docs/v3">API reference</a> for the latest endpoints, request formats and validation rules. DfE also publishes <a class="govuk-link" href="/api/guidance/release-notes">release notes</a> whenever it updates the API.</p>
)";

constexpr char kReleaseNotes[] = R"(
      <h2 class="govuk-heading-m">November 2026: Lead Provider API v3</h2>
      <p class="govuk-body">Version 3 of the API serves the ‘Register early career teachers’ service. It provides:</p>
      <ul class="govuk-list govuk-list--bullet">
        <li>participants, with their enrolments, training status and participant status, and transfers between schools and providers</li>
        <li>participant actions: withdraw, defer, resume and change schedule</li>
        <li>participant declarations: submit, list, view and void</li>
        <li>partnerships: create, update the delivery partner, list and view</li>
        <li>schools (filtered by cohort), delivery partners, financial statements and unfunded mentors</li>
      </ul>
      <p class="govuk-body">Submitting an exact copy of a declaration you have already submitted returns the same response as the first time, so a request can safely be retried.</p>
      <p class="govuk-body">Date-times are returned in UTC with whole seconds. Use <code>filter[updated_since]</code> with a full date-time, for example <code>2025-10-01T00:00:00Z</code>.</p>
      <p class="govuk-body">Requests are limited to 1000 per token in each fixed 5-minute window.</p>
)";

}  // namespace

absl::Status AddApiDocsRoutes(Router& router, RateLimiter* limiter) {
  auto limited = [limiter](Handler handler) {
    return limiter == nullptr ? handler : LimitDocsRequests(*limiter, std::move(handler));
  };
  auto page = [&limited](std::string body, absl::string_view content_type) {
    return limited([body = std::move(body), type = std::string(content_type)](
                       std::shared_ptr<const RequestContext>, Responder respond) {
      respond(TextResponse(http::status::ok, body, type));
    });
  };
  if (absl::Status s = router.Add(http::verb::get, "/api/docs/v3/swagger.yaml",
                                  page(std::string(LeadProviderApiV3Yaml()), "application/yaml"));
      !s.ok()) {
    return s;
  }
  if (absl::Status s = router.Add(http::verb::get, "/api/docs/v3", page(kSwaggerPage, kHtml));
      !s.ok()) {
    return s;
  }
  if (absl::Status s = router.Add(http::verb::get, "/api/guidance",
                                  page(GuidancePage("Guidance for lead providers", kGuidance), kHtml));
      !s.ok()) {
    return s;
  }
  return router.Add(http::verb::get, "/api/guidance/release-notes",
                    page(GuidancePage("Release notes", kReleaseNotes), kHtml));
}

}  // namespace rect::gateway::api
