// The GOV.UK Notify REST client: sends one email (POST /v2/notifications/email) and finds an
// email by its reference (GET /v2/notifications), and says whether a failure is worth a retry.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/common/http_client.h"
#include "services/notifications/notify_auth.h"

namespace rect::notifications {

inline constexpr char kNotifyBaseUrl[] = "https://api.notifications.service.gov.uk";

struct NotifyEmail {
  std::string template_id;  // Notify's template UUID
  std::string email_address;
  std::map<std::string, std::string> personalisation;
  std::string reference;          // our idempotency key: finds the email again after a crash
  std::string email_reply_to_id;  // optional reply-to address id
};

struct NotifySendResult {
  enum class Outcome { kAccepted, kTemporaryFailure, kPermanentFailure };

  Outcome outcome = Outcome::kTemporaryFailure;
  std::string notify_id;  // kAccepted: Notify's notification id
  int http_status = 0;    // 0 when Notify did not answer
  // Failures: "Notify 400 BadRequestError: <Notify's message>" or the transport error, for
  // last_error (support sees it); never the token or a personalisation value.
  std::string error;
  // For logs and metric labels: Notify's error class ("BadRequestError"), or "no_answer".
  std::string error_kind;
  // Notify may have accepted the email although we have no answer saying so (timeout, broken
  // connection, proxy 502/503/504, a 2xx without an id): look it up before sending again.
  bool may_have_been_sent = false;
};

// What an HTTP answer to POST /v2/notifications/email means. Temporary: 429, 408 and 5xx;
// permanent: every other 4xx (Notify refused this request and will refuse it again). Pure.
NotifySendResult ClassifySendResponse(int http_status, absl::string_view body);

class NotifyClient {
 public:
  struct Options {
    std::string base_url = kNotifyBaseUrl;  // scheme://host[:port], no trailing slash needed
    NotifyApiKey key;
    absl::Duration timeout = absl::Seconds(10);  // per request
  };
  using Clock = std::function<absl::Time()>;

  // `http` must outlive the client. `clock` gives the token's iat.
  NotifyClient(Options options, const HttpClient& http, Clock clock = &absl::Now);

  // One POST; never retries itself. Thread-safe.
  NotifySendResult SendEmail(const NotifyEmail& email) const;

  // The id of the newest email notification with exactly this reference, or nullopt when
  // Notify has none. UNAVAILABLE / DEADLINE_EXCEEDED / INTERNAL when it cannot tell.
  absl::StatusOr<std::optional<std::string>> FindEmailByReference(
      absl::string_view reference) const;

  absl::Duration timeout() const { return options_.timeout; }

 private:
  absl::StatusOr<std::string> Authorization() const;

  Options options_;
  const HttpClient& http_;
  Clock clock_;
};

}  // namespace rect::notifications
