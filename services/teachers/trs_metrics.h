// Prometheus series of the TRS client: latency of each HTTP request, requests by outcome, and
// the circuit breaker's state. Families are registered once and label values are fixed sets.
#pragma once

#include "absl/time/time.h"
#include "services/teachers/circuit_breaker.h"

namespace prometheus {
class Registry;
template <typename T>
class Family;
class Counter;
class Gauge;
class Histogram;
}  // namespace prometheus

namespace rect::teachers {

// Why a TRS request ended as it did (the `outcome` label).
enum class TrsRequestOutcome {
  kFound,
  kNotFound,
  kDeactivated,
  kMerged,
  kRateLimited,  // 429
  kServerError,  // 5xx
  kTimeout,
  kUnreachable,  // no connection, TLS failure, broken response
  kRejected,     // another status, e.g. 401 (a wrong API key) or 400
  kBadResponse,  // a 200 or 308 this client cannot read
  kCircuitOpen,  // not sent: TRS is known to be down
};

const char* OutcomeName(TrsRequestOutcome outcome);

// `mode` label values.
inline constexpr char kInteractive[] = "interactive";
inline constexpr char kBackground[] = "background";

class TrsMetrics {
 public:
  // Registers rect_trs_requests_total{mode,outcome}, rect_trs_request_duration_seconds{mode}
  // and rect_trs_circuit_state{state} (1 for the current state, 0 for the others).
  explicit TrsMetrics(prometheus::Registry& registry);

  // Thread-safe. `latency` is observed only for requests actually sent.
  void RecordRequest(const char* mode, TrsRequestOutcome outcome, absl::Duration latency);
  void SetCircuitState(CircuitBreaker::State state);

 private:
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& latency_;
  prometheus::Family<prometheus::Gauge>& circuit_;
};

}  // namespace rect::teachers
