#include "tests/fakes/notify/fake_notify.h"

#include <algorithm>
#include <boost/beast/http/status.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdlib>
#include <jwt/jwt.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "gateway/http/responses.h"

namespace rect::fakes {

namespace http = boost::beast::http;
namespace json = boost::json;
using gateway::HttpResponse;
using gateway::RequestContext;

// Runs calls after a delay on one thread, so a stalled request holds no io thread.
class FakeNotify::DelayedCalls {
 public:
  DelayedCalls() : thread_([this] { Run(); }) {}
  ~DelayedCalls() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

  void Schedule(absl::Duration delay, std::function<void()> call) {
    std::lock_guard<std::mutex> lock(mu_);
    calls_.emplace(absl::Now() + delay, std::move(call));
    cv_.notify_all();
  }

 private:
  void Run() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopping_) {
      if (calls_.empty()) {
        cv_.wait(lock);
        continue;
      }
      const absl::Time due = calls_.begin()->first;
      if (absl::Now() < due) {
        cv_.wait_for(lock, absl::ToChronoMicroseconds(due - absl::Now()));
        continue;
      }
      std::function<void()> call = std::move(calls_.begin()->second);
      calls_.erase(calls_.begin());
      lock.unlock();
      call();
      lock.lock();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::multimap<absl::Time, std::function<void()>> calls_;
  bool stopping_ = false;
  std::thread thread_;  // last: started once the rest is ready
};

namespace {

std::string Str(json::string_view text) { return std::string(text.data(), text.size()); }

std::string Query(const RequestContext& context, absl::string_view name) {
  const boost::urls::url_view target = context.target;
  auto params = target.params();
  auto it = params.find(boost::urls::string_view(name.data(), name.size()));
  return it == params.end() ? "" : std::string((*it).value);
}

HttpResponse Json(http::status status, const json::value& body) {
  return gateway::JsonResponse(status, body);
}

// Notify's error body: {"status_code": N, "errors": [{"error": kind, "message": text}, ...]}.
HttpResponse NotifyError(int status,
                         const std::vector<std::pair<std::string, std::string>>& errors) {
  json::array list;
  for (const auto& [kind, message] : errors) {
    list.push_back(json::object{{"error", kind}, {"message", message}});
  }
  return Json(static_cast<http::status>(status),
              json::object{{"status_code", status}, {"errors", std::move(list)}});
}

HttpResponse NotifyError(int status, const std::string& kind, const std::string& message) {
  return NotifyError(status, {{kind, message}});
}

// What Notify says for each injected status.
HttpResponse InjectedFailure(int status) {
  switch (status) {
    case 400:
      return NotifyError(400, "BadRequestError", "Injected failure: bad request");
    case 403:
      return NotifyError(403, "AuthError", "Invalid token: API key not found");
    case 429:
      return NotifyError(429, "RateLimitError",
                         "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds");
    default:
      if (status >= 500) return NotifyError(status, "Exception", "Internal server error");
      return NotifyError(status, "BadRequestError", "Injected failure");
  }
}

HttpResponse ControlError(absl::string_view message) {
  return gateway::TextResponse(http::status::bad_request, absl::StrCat(message, "\n"));
}

// Notify's check is stricter; the fake refuses what is plainly not one address.
bool LooksLikeEmailAddress(absl::string_view address) {
  const size_t at = address.find('@');
  if (at == absl::string_view::npos || at == 0 || address.rfind('@') != at) return false;
  const absl::string_view domain = address.substr(at + 1);
  if (domain.find('.') == absl::string_view::npos || domain.front() == '.' ||
      domain.back() == '.') {
    return false;
  }
  return std::none_of(address.begin(), address.end(), [](char c) {
    return absl::ascii_isspace(static_cast<unsigned char>(c)) ||
           absl::ascii_iscntrl(static_cast<unsigned char>(c));
  });
}

std::string BaseUrl(const RequestContext& context) {
  auto host = context.request.find(http::field::host);
  return absl::StrCat("http://",
                      host == context.request.end() ? "localhost" : std::string(host->value()));
}

std::string Iso8601(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", time, absl::UTCTimeZone());
}

json::value OrNull(const std::string& text) {
  if (text.empty()) return nullptr;
  return json::value(text);
}

json::object TemplateJson(const std::string& base, const std::string& template_id) {
  return json::object{{"id", template_id},
                      {"version", 1},
                      {"uri", absl::StrCat(base, "/v2/template/", template_id)}};
}

// GET /v2/notifications/{id} and the list's entries.
json::object NotificationJson(const std::string& base, const FakeEmail& email) {
  return json::object{{"id", email.id},
                      {"reference", OrNull(email.reference)},
                      {"email_address", email.email_address},
                      {"phone_number", nullptr},
                      {"type", "email"},
                      {"status", "delivered"},
                      {"template", TemplateJson(base, email.template_id)},
                      {"body", email.body},
                      {"subject", email.subject},
                      {"created_at", Iso8601(email.created_at)},
                      {"created_by_name", nullptr},
                      {"sent_at", Iso8601(email.created_at)},
                      {"completed_at", Iso8601(email.created_at)},
                      {"scheduled_for", nullptr}};
}

// GET /_fake/emails entries: everything a test or developer may want, personalisation included.
json::object StoredEmailJson(const FakeEmail& email) {
  json::object personalisation;
  for (const auto& [field, value] : email.personalisation) personalisation[field] = value;
  return json::object{{"id", email.id},
                      {"email_address", email.email_address},
                      {"template_id", email.template_id},
                      {"personalisation", std::move(personalisation)},
                      {"reference", OrNull(email.reference)},
                      {"email_reply_to_id", OrNull(email.email_reply_to_id)},
                      {"subject", email.subject},
                      {"body", email.body},
                      {"created_at", Iso8601(email.created_at)}};
}

bool ParseCount(const std::string& text, int max, int* value) {
  return absl::SimpleAtoi(text, value) && *value >= 0 && *value <= max;
}

}  // namespace

absl::Status CheckNotifyToken(absl::string_view authorization_header,
                              const FakeNotifyOptions& options, absl::Time now) {
  if (authorization_header.empty()) {
    return absl::UnauthenticatedError("Unauthorized: authentication token must be provided");
  }
  absl::string_view token = authorization_header;
  if (!absl::ConsumePrefix(&token, "Bearer ") || token.empty()) {
    return absl::UnauthenticatedError("Unauthorized: authentication bearer scheme must be used");
  }
  try {
    std::error_code error;
    auto decoded = jwt::decode(jwt::string_view(token.data(), token.size()),
                               jwt::params::algorithms({"HS256"}), error,
                               jwt::params::secret(options.secret), jwt::params::verify(true));
    if (error) return absl::PermissionDeniedError("Invalid token: signature, api token not found");
    if (!decoded.payload().has_claim("iss")) {
      return absl::PermissionDeniedError("Invalid token: iss field not provided");
    }
    if (decoded.payload().get_claim_value<std::string>("iss") != options.service_id) {
      return absl::PermissionDeniedError("Invalid token: service not found");
    }
    if (!decoded.payload().has_claim("iat")) {
      return absl::PermissionDeniedError("Invalid token: iat field not provided");
    }
    const int64_t iat = decoded.payload().get_claim_value<int64_t>("iat");
    if (absl::AbsDuration(now - absl::FromUnixSeconds(iat)) > options.max_clock_skew) {
      return absl::PermissionDeniedError(
          "Error: Your system clock must be accurate to within 30 seconds");
    }
  } catch (const std::exception&) {
    return absl::PermissionDeniedError("Invalid token: signature, api token not found");
  }
  return absl::OkStatus();
}

FakeNotify::FakeNotify(FakeNotifyOptions options)
    : options_(std::move(options)), delayed_(std::make_unique<DelayedCalls>()) {}

FakeNotify::~FakeNotify() = default;

absl::Status FakeNotify::AddRoutes(gateway::Router& router) {
  using V = http::verb;
  auto sync = [](std::function<HttpResponse(const RequestContext&)> fn) -> gateway::Handler {
    return [fn = std::move(fn)](std::shared_ptr<const RequestContext> context,
                                gateway::Responder respond) { respond(fn(*context)); };
  };
  const std::vector<std::tuple<V, const char*, gateway::Handler>> routes = {
      {V::post, "/v2/notifications/email",
       Api([this](const RequestContext& c) { return SendEmail(c); }, &send_requests_)},
      {V::get, "/v2/notifications",
       Api([this](const RequestContext& c) { return ListNotifications(c); }, &lookup_requests_)},
      {V::get, "/v2/notifications/{id}",
       Api([this](const RequestContext& c) { return GetNotification(c); }, nullptr)},
      {V::get, "/_status", sync([](const RequestContext&) {
         return Json(http::status::ok, json::object{{"status", "ok"}});
       })},
      {V::get, "/_fake/emails", sync([this](const RequestContext& c) { return ControlEmails(c); })},
      {V::post, "/_fake/fail", sync([this](const RequestContext& c) { return ControlFail(c); })},
      {V::post, "/_fake/stall", sync([this](const RequestContext& c) { return ControlStall(c); })},
      {V::post, "/_fake/reset", sync([this](const RequestContext&) {
         Reset();
         return Json(http::status::ok, json::object{{"reset", true}});
       })},
  };
  for (const auto& [method, route, handler] : routes) {
    if (absl::Status s = router.Add(method, route, handler); !s.ok()) return s;
  }
  return absl::OkStatus();
}

gateway::Handler FakeNotify::Api(std::function<HttpResponse(const RequestContext&)> fn,
                                 int64_t* counter) {
  return [this, fn = std::move(fn), counter](std::shared_ptr<const RequestContext> context,
                                             gateway::Responder respond) {
    Fault fault;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (counter != nullptr) ++*counter;
      fault = TakeFault();
    }
    auto answer = [this, fn, fault, context, respond] {
      if (fault.fail_status != 0) return respond(InjectedFailure(fault.fail_status));
      auto authorization = context->request.find(http::field::authorization);
      const absl::Status auth = CheckNotifyToken(
          authorization == context->request.end()
              ? absl::string_view()
              : absl::string_view(authorization->value().data(), authorization->value().size()),
          options_, absl::Now());
      if (!auth.ok()) {
        const int status = auth.code() == absl::StatusCode::kUnauthenticated ? 401 : 403;
        return respond(NotifyError(status, "AuthError", std::string(auth.message())));
      }
      respond(fn(*context));
    };
    if (fault.stall > absl::ZeroDuration()) {
      delayed_->Schedule(fault.stall, std::move(answer));
    } else {
      answer();
    }
  };
}

FakeNotify::Fault FakeNotify::TakeFault() {
  Fault fault;
  if (stall_count_ > 0) {
    --stall_count_;
    fault.stall = stall_delay_;
  }
  if (fail_count_ > 0) {
    --fail_count_;
    fault.fail_status = fail_status_;
  }
  return fault;
}

HttpResponse FakeNotify::SendEmail(const RequestContext& context) {
  json::error_code parse_error;
  const json::value body = json::parse(context.request.body(), parse_error);
  if (parse_error || !body.is_object()) {
    return NotifyError(400, "BadRequestError", "Invalid JSON supplied in POST data");
  }
  const json::object& request = body.get_object();
  std::vector<std::pair<std::string, std::string>> errors;
  auto text = [&](const char* field, bool required, std::string* out) {
    const json::value* value = request.if_contains(field);
    if (value == nullptr || value->is_null()) {
      if (required)
        errors.emplace_back("ValidationError", absl::StrCat(field, " is a required property"));
      return;
    }
    if (!value->is_string()) {
      errors.emplace_back("ValidationError", absl::StrCat(field, " is not of type string"));
      return;
    }
    *out = Str(value->get_string());
  };
  FakeEmail email;
  text("email_address", true, &email.email_address);
  text("template_id", true, &email.template_id);
  text("reference", false, &email.reference);
  text("email_reply_to_id", false, &email.email_reply_to_id);
  if (!email.email_address.empty() && !LooksLikeEmailAddress(email.email_address)) {
    errors.emplace_back("ValidationError", "email_address Not a valid email address");
  }
  if (!email.template_id.empty() && !IsUuid(email.template_id)) {
    errors.emplace_back("ValidationError", "template_id is not a valid UUID");
  }
  if (!email.email_reply_to_id.empty() && !IsUuid(email.email_reply_to_id)) {
    errors.emplace_back("ValidationError", "email_reply_to_id is not a valid UUID");
  }
  if (const json::value* personalisation = request.if_contains("personalisation")) {
    if (!personalisation->is_object()) {
      errors.emplace_back("ValidationError", "personalisation is not of type object");
    } else {
      for (const auto& [field, value] : personalisation->get_object()) {
        email.personalisation[std::string(field)] =
            value.is_string() ? Str(value.get_string()) : json::serialize(value);
      }
    }
  }
  if (!errors.empty()) return NotifyError(400, errors);

  std::vector<std::string> lines;
  for (const auto& [field, value] : email.personalisation) lines.push_back(field + ": " + value);
  email.id = NewUuid(random_);
  email.subject = absl::StrCat("Local Notify email (template ", email.template_id, ")");
  email.body = absl::StrJoin(lines, "\n");
  email.created_at = absl::Now();
  {
    std::lock_guard<std::mutex> lock(mu_);
    emails_.push_back(email);
    if (emails_.size() > options_.max_stored_emails) emails_.pop_front();
  }
  const std::string base = BaseUrl(context);
  return Json(http::status::created,
              json::object{{"id", email.id},
                           {"reference", OrNull(email.reference)},
                           {"content",
                            json::object{{"subject", email.subject},
                                         {"body", email.body},
                                         {"from_email", "rect.local@notifications.service.gov.uk"},
                                         {"one_click_unsubscribe_url", nullptr}}},
                           {"uri", absl::StrCat(base, "/v2/notifications/", email.id)},
                           {"template", TemplateJson(base, email.template_id)},
                           {"scheduled_for", nullptr}});
}

HttpResponse FakeNotify::ListNotifications(const RequestContext& context) {
  const std::string type = Query(context, "template_type");
  if (!type.empty() && type != "email" && type != "sms" && type != "letter") {
    return NotifyError(400, "ValidationError",
                       "template_type " + type + " is not one of [sms, email, letter]");
  }
  const std::string base = BaseUrl(context);
  json::array notifications;
  if (type.empty() || type == "email") {
    // Notify pages by 250, newest first.
    for (const FakeEmail& email : Emails({}, Query(context, "reference"), 250)) {
      notifications.push_back(NotificationJson(base, email));
    }
  }
  return Json(http::status::ok,
              json::object{{"notifications", std::move(notifications)},
                           {"links", json::object{{"current", base + "/v2/notifications"}}}});
}

HttpResponse FakeNotify::GetNotification(const RequestContext& context) {
  const std::string& id = context.param("id");
  if (!IsUuid(id)) {
    return NotifyError(400, "ValidationError", "notification_id is not a valid UUID");
  }
  std::lock_guard<std::mutex> lock(mu_);
  for (const FakeEmail& email : emails_) {
    if (email.id == absl::AsciiStrToLower(id)) {
      return Json(http::status::ok, NotificationJson(BaseUrl(context), email));
    }
  }
  return NotifyError(404, "NoResultFound", "No result found");
}

HttpResponse FakeNotify::ControlEmails(const RequestContext& context) {
  int limit = 50;
  const std::string limit_text = Query(context, "limit");
  if (!limit_text.empty() && !ParseCount(limit_text, 1000000, &limit)) {
    return ControlError("limit must be a whole number from 0 to 1000000");
  }
  json::array emails;
  for (const FakeEmail& email :
       Emails(Query(context, "email_address"), Query(context, "reference"), limit)) {
    emails.push_back(StoredEmailJson(email));
  }
  return Json(http::status::ok, json::object{{"emails", std::move(emails)}});
}

HttpResponse FakeNotify::ControlFail(const RequestContext& context) {
  int count = 0, status = 500;
  if (!ParseCount(Query(context, "count"), 1000000, &count)) {
    return ControlError("count must be a whole number from 0 to 1000000");
  }
  const std::string status_text = Query(context, "status");
  if (!status_text.empty() &&
      (!absl::SimpleAtoi(status_text, &status) || status < 400 || status > 599)) {
    return ControlError("status must be an HTTP error status, 400 to 599");
  }
  FailNext(count, status);
  return Json(http::status::ok, json::object{{"fail", count}, {"status", status}});
}

HttpResponse FakeNotify::ControlStall(const RequestContext& context) {
  int count = 0, ms = 0;
  if (!ParseCount(Query(context, "count"), 1000000, &count)) {
    return ControlError("count must be a whole number from 0 to 1000000");
  }
  if (!ParseCount(Query(context, "ms"), 600000, &ms)) {
    return ControlError("ms must be a whole number of milliseconds from 0 to 600000");
  }
  StallNext(count, absl::Milliseconds(ms));
  return Json(http::status::ok, json::object{{"stall", count}, {"ms", ms}});
}

void FakeNotify::FailNext(int count, int http_status) {
  std::lock_guard<std::mutex> lock(mu_);
  fail_count_ = count;
  fail_status_ = http_status;
}

void FakeNotify::StallNext(int count, absl::Duration delay) {
  std::lock_guard<std::mutex> lock(mu_);
  stall_count_ = count;
  stall_delay_ = delay;
}

void FakeNotify::Reset() {
  std::lock_guard<std::mutex> lock(mu_);
  emails_.clear();
  fail_count_ = 0;
  stall_count_ = 0;
  send_requests_ = lookup_requests_ = 0;
}

std::vector<FakeEmail> FakeNotify::Emails(absl::string_view email_address,
                                          absl::string_view reference, size_t limit) const {
  std::vector<FakeEmail> found;
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = emails_.rbegin(); it != emails_.rend() && found.size() < limit; ++it) {
    if (!email_address.empty() && !absl::EqualsIgnoreCase(it->email_address, email_address)) {
      continue;
    }
    if (!reference.empty() && it->reference != reference) continue;
    found.push_back(*it);
  }
  return found;
}

size_t FakeNotify::email_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return emails_.size();
}

int64_t FakeNotify::send_requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return send_requests_;
}

int64_t FakeNotify::lookup_requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return lookup_requests_;
}

}  // namespace rect::fakes
