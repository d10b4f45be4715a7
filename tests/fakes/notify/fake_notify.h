// A local stand-in for GOV.UK Notify: the same email API and JWT checks as the real service
// (POST /v2/notifications/email, GET /v2/notifications[/{id}]), messages kept in memory, and
// test controls to read them back and to make the next requests fail or stall.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gateway/http/router.h"
#include "services/common/tokens.h"

namespace rect::fakes {

struct FakeNotifyOptions {
  std::string service_id;  // the API key's service id: tokens must carry it as `iss`
  std::string secret;      // the API key's secret: tokens must be signed with it
  absl::Duration max_clock_skew = absl::Seconds(30);  // as Notify: |now - iat| at most this
  size_t max_stored_emails = 100000;                  // the oldest are dropped beyond this
};

// One accepted email, as the fake stored it. Nothing is deduplicated: an email sent twice
// (same reference) is stored twice.
struct FakeEmail {
  std::string id;
  std::string email_address;
  std::string template_id;
  std::map<std::string, std::string> personalisation;  // non-string values as JSON text
  std::string reference;                               // "" when none was given
  std::string email_reply_to_id;
  std::string subject;
  std::string body;
  absl::Time created_at;
};

// Why a request's bearer token is refused, as Notify words it: UNAUTHENTICATED (HTTP 401)
// when there is no bearer token, PERMISSION_DENIED (HTTP 403) when it is invalid, signed with
// another secret, for another service, or issued too far from `now`.
absl::Status CheckNotifyToken(absl::string_view authorization_header,
                              const FakeNotifyOptions& options, absl::Time now);

class FakeNotify {
 public:
  explicit FakeNotify(FakeNotifyOptions options);
  ~FakeNotify();
  FakeNotify(const FakeNotify&) = delete;
  FakeNotify& operator=(const FakeNotify&) = delete;

  // Adds the Notify API (POST /v2/notifications/email, GET /v2/notifications?reference=&
  // template_type=, GET /v2/notifications/{id}), GET /_status, and the test controls, which
  // need no token:
  //   GET  /_fake/emails?email_address=&reference=&limit=  newest first (limit default 50),
  //        {"emails": [{id, email_address, template_id, personalisation, reference, ...}]}
  //   POST /_fake/fail?count=N&status=500    the next N API requests answer `status`
  //   POST /_fake/stall?count=N&ms=M         the next N API requests wait M ms first
  //   POST /_fake/reset                      forget emails, faults and counts
  absl::Status AddRoutes(gateway::Router& router);

  // The next `count` Notify API requests are answered with `http_status` and Notify's error
  // body for it, without being processed.
  void FailNext(int count, int http_status);
  // The next `count` Notify API requests are processed only after `delay` (then normally,
  // unless a failure is also due).
  void StallNext(int count, absl::Duration delay);
  // Drops stored emails, pending failures and stalls, and request counts.
  void Reset();

  // Stored emails, newest first; an empty filter matches all (addresses ignore case).
  std::vector<FakeEmail> Emails(absl::string_view email_address = {},
                                absl::string_view reference = {},
                                size_t limit = std::numeric_limits<size_t>::max()) const;
  size_t email_count() const;
  // POST /v2/notifications/email requests received, however they were answered.
  int64_t send_requests() const;
  // GET /v2/notifications (list) requests received.
  int64_t lookup_requests() const;

 private:
  class DelayedCalls;
  struct Fault {
    absl::Duration stall;
    int fail_status = 0;  // 0: none
  };

  // Wraps a Notify API handler with request counting (`counter` may be null), injected
  // faults and the token check.
  gateway::Handler Api(std::function<gateway::HttpResponse(const gateway::RequestContext&)> fn,
                       int64_t* counter);
  Fault TakeFault();

  gateway::HttpResponse SendEmail(const gateway::RequestContext& context);
  gateway::HttpResponse ListNotifications(const gateway::RequestContext& context);
  gateway::HttpResponse GetNotification(const gateway::RequestContext& context);
  gateway::HttpResponse ControlEmails(const gateway::RequestContext& context);
  gateway::HttpResponse ControlFail(const gateway::RequestContext& context);
  gateway::HttpResponse ControlStall(const gateway::RequestContext& context);

  const FakeNotifyOptions options_;
  SecureRandom random_;
  std::unique_ptr<DelayedCalls> delayed_;

  mutable std::mutex mu_;
  std::deque<FakeEmail> emails_;  // oldest first
  int fail_count_ = 0;
  int fail_status_ = 500;
  int stall_count_ = 0;
  absl::Duration stall_delay_;
  int64_t send_requests_ = 0;
  int64_t lookup_requests_ = 0;
};

}  // namespace rect::fakes
