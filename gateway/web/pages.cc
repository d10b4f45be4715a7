#include "gateway/web/pages.h"

#include <boost/beast/http/field.hpp>
#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "gateway/http/responses.h"
#include "gateway/web/page_templates.h"

namespace rect::gateway {
namespace {

namespace http = boost::beast::http;
using Mustache = kainjow::mustache::mustache;

}  // namespace

absl::StatusOr<Pages> Pages::Load() {
  const std::map<std::string, std::string>& templates = PageTemplates();
  if (templates.count("layout") == 0) return absl::InvalidArgumentError("no layout template");
  for (const auto& [name, text] : templates) {
    Mustache parsed(text);
    if (!parsed.is_valid()) {
      return absl::InvalidArgumentError(
          absl::StrCat("template ", name, " does not parse: ", parsed.error_message()));
    }
  }
  return Pages(templates);
}

std::string Pages::Render(absl::string_view name, absl::string_view title, PageData data,
                          const Viewer& viewer) const {
  auto found = templates_.find(std::string(name));
  if (found == templates_.end()) throw std::logic_error(absl::StrCat("no template ", name));
  data.set("csrf_token", viewer.csrf_token);
  if (viewer.signed_in()) {
    data.set("user_name", viewer.session.full_name());
    data.set("user_email", viewer.session.email());
    data.set("school_name", viewer.session.school_name());
    data.set("school_urn", viewer.session.school_urn());
  }
  Mustache body(found->second);
  PageData layout;
  layout.set("title", std::string(title));
  layout.set("content", body.render(data));
  layout.set("csrf_token", viewer.csrf_token);
  layout.set("signed_in", PageData(viewer.signed_in()));
  layout.set("user_name", viewer.session.full_name());
  if (data.get("error") != nullptr && !data.get("error")->is_false()) {
    layout.set("has_errors", PageData(true));
  }
  Mustache page(templates_.at("layout"));
  return page.render(layout);
}

HttpResponse Pages::Respond(http::status status, absl::string_view name, absl::string_view title,
                            PageData data, const Viewer& viewer) const {
  return HtmlResponse(status, Render(name, title, std::move(data), viewer));
}

HttpResponse HtmlResponse(http::status status, std::string html) {
  HttpResponse response = TextResponse(status, html, "text/html; charset=utf-8");
  response.set(http::field::cache_control, "no-store");
  response.set(http::field::x_frame_options, "DENY");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "same-origin");
  return response;
}

HttpResponse RedirectResponse(absl::string_view location) {
  HttpResponse response{http::status::see_other, 11};
  response.set(http::field::location, boost::beast::string_view(location.data(), location.size()));
  response.set(http::field::cache_control, "no-store");
  return response;
}

}  // namespace rect::gateway
