#include "services/notifications/notify_client.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/common/tokens.h"

namespace rect::notifications {
namespace {

constexpr size_t kMaxErrorLength = 900;  // last_error holds at most 1000 characters
constexpr char kUserAgent[] = "rect-notifications";

std::string Truncate(std::string text) {
  if (text.size() <= kMaxErrorLength) return text;
  size_t cut = kMaxErrorLength;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
  text.resize(cut);
  return text + "...";
}

// Notify's error body: {"status_code": 400, "errors": [{"error": "...", "message": "..."}]}.
// Returns the first error's class and all messages joined; empty when the body is not that.
std::pair<std::string, std::string> NotifyErrors(absl::string_view body) {
  boost::json::error_code error;
  const boost::json::value value =
      boost::json::parse(boost::json::string_view(body.data(), body.size()), error);
  if (error || !value.is_object()) return {};
  const boost::json::value* errors = value.get_object().if_contains("errors");
  if (errors == nullptr || !errors->is_array()) return {};
  std::string kind, messages;
  for (const boost::json::value& entry : errors->get_array()) {
    if (!entry.is_object()) continue;
    const boost::json::object& object = entry.get_object();
    const boost::json::value* name = object.if_contains("error");
    const boost::json::value* message = object.if_contains("message");
    if (kind.empty() && name != nullptr && name->is_string()) kind = name->get_string().c_str();
    if (message != nullptr && message->is_string()) {
      absl::StrAppend(&messages, messages.empty() ? "" : "; ", message->get_string().c_str());
    }
  }
  return {kind, messages};
}

NotifySendResult Failure(NotifySendResult::Outcome outcome, int http_status, absl::string_view body,
                         bool may_have_been_sent) {
  auto [kind, messages] = NotifyErrors(body);
  if (kind.empty()) kind = absl::StrCat("HTTP", http_status);
  NotifySendResult result;
  result.outcome = outcome;
  result.http_status = http_status;
  result.error_kind = kind;
  result.error = Truncate(
      absl::StrCat("Notify ", http_status, " ", kind, messages.empty() ? "" : ": ", messages));
  result.may_have_been_sent = may_have_been_sent;
  return result;
}

std::string Join(absl::string_view base_url, absl::string_view path) {
  return absl::StrCat(absl::StripSuffix(base_url, "/"), path);
}

}  // namespace

NotifySendResult ClassifySendResponse(int http_status, absl::string_view body) {
  using Outcome = NotifySendResult::Outcome;
  if (http_status >= 200 && http_status < 300) {
    boost::json::error_code error;
    const boost::json::value value =
        boost::json::parse(boost::json::string_view(body.data(), body.size()), error);
    const boost::json::value* id =
        !error && value.is_object() ? value.get_object().if_contains("id") : nullptr;
    if (id != nullptr && id->is_string() && IsUuid(id->get_string().c_str())) {
      NotifySendResult result;
      result.outcome = Outcome::kAccepted;
      result.http_status = http_status;
      result.notify_id = id->get_string().c_str();
      return result;
    }
    // Accepted, by the status, but we cannot record which notification it became.
    NotifySendResult result;
    result.outcome = Outcome::kTemporaryFailure;
    result.http_status = http_status;
    result.error_kind = "BadSuccessResponse";
    result.error = absl::StrCat("Notify ", http_status, " without a notification id");
    result.may_have_been_sent = true;
    return result;
  }
  if (http_status == 429 || http_status == 408) {
    return Failure(Outcome::kTemporaryFailure, http_status, body, false);
  }
  if (http_status >= 500) {
    // A 500 is Notify's own failure, after which it keeps nothing; a proxy's 502/503/504 may
    // hide a request that reached Notify and succeeded.
    const bool maybe = http_status == 502 || http_status == 503 || http_status == 504;
    return Failure(Outcome::kTemporaryFailure, http_status, body, maybe);
  }
  return Failure(Outcome::kPermanentFailure, http_status, body, false);
}

NotifyClient::NotifyClient(Options options, const HttpClient& http, Clock clock)
    : options_(std::move(options)), http_(http), clock_(std::move(clock)) {}

absl::StatusOr<std::string> NotifyClient::Authorization() const {
  absl::StatusOr<std::string> token = NotifyBearerToken(options_.key, clock_());
  if (!token.ok()) return token.status();
  return absl::StrCat("Bearer ", *token);
}

NotifySendResult NotifyClient::SendEmail(const NotifyEmail& email) const {
  absl::StatusOr<std::string> authorization = Authorization();
  if (!authorization.ok()) {
    NotifySendResult result;
    result.outcome = NotifySendResult::Outcome::kTemporaryFailure;
    result.error_kind = "token";
    result.error = std::string(authorization.status().message());
    return result;
  }
  boost::json::object personalisation;
  for (const auto& [field, value] : email.personalisation) personalisation[field] = value;
  boost::json::object body{{"email_address", email.email_address},
                           {"template_id", email.template_id},
                           {"personalisation", std::move(personalisation)},
                           {"reference", email.reference}};
  if (!email.email_reply_to_id.empty()) body["email_reply_to_id"] = email.email_reply_to_id;

  HttpClientRequest request;
  request.method = "POST";
  request.url = Join(options_.base_url, "/v2/notifications/email");
  request.headers = {{"Authorization", *authorization},
                     {"Content-Type", "application/json"},
                     {"Accept", "application/json"},
                     {"User-Agent", kUserAgent}};
  request.body = boost::json::serialize(body);
  request.timeout = options_.timeout;
  absl::StatusOr<HttpClientResponse> response = http_.Send(request);
  if (!response.ok()) {
    // Without an answer we cannot know whether Notify received the request.
    NotifySendResult result;
    result.outcome = response.status().code() == absl::StatusCode::kInvalidArgument
                         ? NotifySendResult::Outcome::kPermanentFailure
                         : NotifySendResult::Outcome::kTemporaryFailure;
    result.error_kind = "no_answer";
    result.error = Truncate(absl::StrCat("no answer from Notify: ", response.status().message()));
    result.may_have_been_sent = result.outcome == NotifySendResult::Outcome::kTemporaryFailure;
    return result;
  }
  return ClassifySendResponse(response->status, response->body);
}

absl::StatusOr<std::optional<std::string>> NotifyClient::FindEmailByReference(
    absl::string_view reference) const {
  absl::StatusOr<std::string> authorization = Authorization();
  if (!authorization.ok()) return authorization.status();
  HttpClientRequest request;
  request.url =
      absl::StrCat(Join(options_.base_url, "/v2/notifications"), "?template_type=email&reference=",
                   boost::urls::encode(boost::urls::string_view(reference.data(), reference.size()),
                                       boost::urls::unreserved_chars));
  request.headers = {{"Authorization", *authorization},
                     {"Accept", "application/json"},
                     {"User-Agent", kUserAgent}};
  request.timeout = options_.timeout;
  absl::StatusOr<HttpClientResponse> response = http_.Send(request);
  if (!response.ok()) return response.status();
  if (response->status != 200) {
    const NotifySendResult failure = Failure(NotifySendResult::Outcome::kTemporaryFailure,
                                             response->status, response->body, false);
    return absl::UnavailableError(absl::StrCat("looking up the reference: ", failure.error));
  }
  boost::json::error_code error;
  const boost::json::value value = boost::json::parse(response->body, error);
  const boost::json::value* list =
      !error && value.is_object() ? value.get_object().if_contains("notifications") : nullptr;
  if (list == nullptr || !list->is_array()) {
    return absl::InternalError("looking up the reference: Notify's answer has no notifications");
  }
  // Notify lists newest first; the filter is Notify's, checked again here.
  for (const boost::json::value& entry : list->get_array()) {
    if (!entry.is_object()) continue;
    const boost::json::object& notification = entry.get_object();
    const boost::json::value* id = notification.if_contains("id");
    const boost::json::value* ref = notification.if_contains("reference");
    if (id == nullptr || !id->is_string() || ref == nullptr || !ref->is_string()) continue;
    const boost::json::string& found = ref->get_string();
    if (absl::string_view(found.data(), found.size()) != reference) continue;
    if (!IsUuid(id->get_string().c_str())) continue;
    return std::optional<std::string>(id->get_string().c_str());
  }
  return std::optional<std::string>();
}

}  // namespace rect::notifications
