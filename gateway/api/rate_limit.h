// Rate limits of the lead-provider API (lead-provider-api.md §4), as Rack::Attack applies them:
// fixed windows (floor(now / 5 min)), every request counted (refused ones too), and the
// request over the limit answered 429 text/plain "Retry later\n" with no Retry-After.
//
// The counters are shared by every gateway replica through identity's CountApiRequests. Each
// replica counts locally at once and sends its increments in one batch every flush interval
// (250 ms by default), learning every replica's total for the keys it has seen this window. A replica alone
// therefore enforces the limit exactly; with several replicas the total admitted in a window
// can exceed the limit by at most the requests that reached the other replicas within one
// flush interval (what a replica has not yet heard about). If identity cannot be reached the
// increments are kept and resent, and each replica goes on enforcing what it knows (fails
// open beyond that rather than refusing every API call).
//
// Keys are SHA-256 digests of the rule name and the limited value (an Authorization header, a
// client address): the value itself is never kept nor sent.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gateway/backends.h"
#include "gateway/http/handler.h"

namespace rect::gateway::api {

struct RateLimitRule {
  std::string name;  // part of the key: "api", "docs"
  int64_t limit = 0;
  absl::Duration window = absl::Minutes(5);
};

// §4: 1000 per Authorization header value per 5 minutes on /api/v3 ...
inline const RateLimitRule kApiTokenLimit{"api", 1000, absl::Minutes(5)};
// ... and 300 per client address per 5 minutes on the API documentation.
inline const RateLimitRule kApiDocsLimit{"docs", 300, absl::Minutes(5)};
// ... and, behind those, 1500 per client address per 5 minutes on every API and documentation
// request (the backstop; requests refused by an earlier limit are not counted again).
inline const RateLimitRule kAddressBackstopLimit{"backstop", 1500, absl::Minutes(5)};

// The start of the fixed window holding `now`: floor(now / window) * window, from the epoch.
absl::Time WindowStart(absl::Time now, absl::Duration window);

// The counter key: SHA-256 of "<rule name>:<value>".
std::string RateLimitKey(absl::string_view rule_name, absl::string_view value);

// 429, text/plain, "Retry later\n".
HttpResponse TooManyRequestsResponse();

// Where every replica's counts meet.
class SharedRequestCounter {
 public:
  struct Tally {
    std::string key;  // a RateLimitKey digest
    absl::Time window_start;
    int64_t requests = 0;
  };
  using Done = std::function<void(absl::StatusOr<std::vector<int64_t>> totals)>;

  virtual ~SharedRequestCounter() = default;
  // Adds `tallies` and calls `done` (once, on any thread) with each one's new shared total in
  // the same order, or an error.
  virtual void Add(std::vector<Tally> tallies, Done done) = 0;
};

// The shared counter kept by identity (CountApiRequests).
class IdentityRequestCounter final : public SharedRequestCounter {
 public:
  explicit IdentityRequestCounter(Backends& backends) : backends_(backends) {}
  void Add(std::vector<Tally> tallies, Done done) override;

 private:
  Backends& backends_;
};

class RateLimiter {
 public:
  using Clock = std::function<absl::Time()>;

  // `shared` (not owned) may be null: the limits are then this replica's alone. At most
  // `max_counters` (key, window) counters are held: a flood of distinct header values beyond
  // that is admitted uncounted (each value would have had a limit of its own anyway) rather
  // than growing memory without bound.
  explicit RateLimiter(
      SharedRequestCounter* shared, Clock clock = [] { return absl::Now(); },
      size_t max_counters = 100000);
  // Stops the flusher (see Stop).
  ~RateLimiter();
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  // Replaces the limit of the rule named `rule_name` (e.g. a deployment's configured per-token
  // limit instead of kApiTokenLimit's); rules not named keep their own. Thread-safe.
  void SetLimit(absl::string_view rule_name, int64_t limit);

  // Counts one request for `value` under `rule`; false when it is over the limit (then it
  // should be answered with TooManyRequestsResponse()). Thread-safe; never blocks on I/O.
  bool Admit(const RateLimitRule& rule, absl::string_view value);

  // Sends the increments not yet shared (and asks for the totals of every key seen in the
  // current window) and records the totals that come back. Does nothing while an earlier flush
  // is still waiting for its answer.
  void Flush();

  // Flushes every `interval` on a thread of its own until Stop().
  void Start(absl::Duration interval = absl::Milliseconds(250));
  // Stops the flusher; increments not yet sent are not shared. Idempotent.
  void Stop();

  // How many (key, window) counters are held (windows already over are dropped on flush).
  size_t size();

 private:
  struct Counter {
    int64_t limit = 0;
    int64_t known_total = 0;  // the shared total at the last answer (ours included)
    int64_t sending = 0;      // ours, in the flush awaiting its answer
    int64_t pending = 0;      // ours, not yet sent
    absl::Time window_end;
  };
  using CounterKey = std::pair<std::string, absl::Time>;  // (key digest, window start)

  void Received(const std::vector<CounterKey>& keys,
                const absl::StatusOr<std::vector<int64_t>>& totals);

  SharedRequestCounter* const shared_;
  const Clock clock_;
  const size_t max_counters_;
  std::mutex mu_;
  std::map<CounterKey, Counter> counters_;  // guarded by mu_
  std::map<std::string, int64_t, std::less<>> limits_;  // guarded by mu_: SetLimit's
  bool flushing_ = false;                   // guarded by mu_
  bool failing_ = false;                    // guarded by mu_: logged once per outage
  bool full_ = false;                       // guarded by mu_: logged once until drained
  bool stopping_ = false;                   // guarded by mu_
  std::condition_variable wake_;
  std::condition_variable flushed_;
  std::thread flusher_;
};

// The client address a per-address limit uses: X-Real-IP when a proxy set it (the first
// address of X-Forwarded-For otherwise), or "" when the request carries neither.
std::string ClientAddress(const HttpRequest& request);

// Counts `request` under the per-address backstop; false when its address is over the limit.
// Requests without a known client address are not limited.
bool AdmitByAddress(RateLimiter& limiter, const HttpRequest& request);

// Wraps a handler of the API documentation in the per-address docs limit and then the backstop
// (requests without a known client address are not limited).
Handler LimitDocsRequests(RateLimiter& limiter, Handler handler);

}  // namespace rect::gateway::api
