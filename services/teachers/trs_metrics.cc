#include "services/teachers/trs_metrics.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "services/common/metrics.h"

namespace rect::teachers {

const char* OutcomeName(TrsRequestOutcome outcome) {
  switch (outcome) {
    case TrsRequestOutcome::kFound:
      return "found";
    case TrsRequestOutcome::kNotFound:
      return "not_found";
    case TrsRequestOutcome::kDeactivated:
      return "deactivated";
    case TrsRequestOutcome::kMerged:
      return "merged";
    case TrsRequestOutcome::kRateLimited:
      return "rate_limited";
    case TrsRequestOutcome::kServerError:
      return "server_error";
    case TrsRequestOutcome::kTimeout:
      return "timeout";
    case TrsRequestOutcome::kUnreachable:
      return "unreachable";
    case TrsRequestOutcome::kRejected:
      return "rejected";
    case TrsRequestOutcome::kBadResponse:
      return "bad_response";
    case TrsRequestOutcome::kCircuitOpen:
      return "circuit_open";
  }
  return "unknown";
}

TrsMetrics::TrsMetrics(prometheus::Registry& registry)
    : requests_(prometheus::BuildCounter()
                    .Name("rect_trs_requests_total")
                    .Help("Requests to the Teaching Record System by mode and outcome")
                    .Register(registry)),
      latency_(prometheus::BuildHistogram()
                   .Name("rect_trs_request_duration_seconds")
                   .Help("Time for one HTTP request to the Teaching Record System")
                   .Register(registry)),
      circuit_(prometheus::BuildGauge()
                   .Name("rect_trs_circuit_state")
                   .Help("The TRS circuit breaker's state: 1 for the current one")
                   .Register(registry)) {
  SetCircuitState(CircuitBreaker::State::kClosed);
}

void TrsMetrics::RecordRequest(const char* mode, TrsRequestOutcome outcome,
                               absl::Duration latency) {
  requests_.Add({{"mode", mode}, {"outcome", OutcomeName(outcome)}}).Increment();
  if (outcome == TrsRequestOutcome::kCircuitOpen) return;
  latency_.Add({{"mode", mode}}, LatencyBuckets()).Observe(absl::ToDoubleSeconds(latency));
}

void TrsMetrics::SetCircuitState(CircuitBreaker::State state) {
  for (CircuitBreaker::State s : {CircuitBreaker::State::kClosed, CircuitBreaker::State::kOpen,
                                  CircuitBreaker::State::kHalfOpen}) {
    circuit_.Add({{"state", StateName(s)}}).Set(s == state ? 1 : 0);
  }
}

}  // namespace rect::teachers
