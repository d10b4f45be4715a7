// A circuit breaker for calls to an external system: after a run of failures it opens and
// refuses calls at once for a while, then lets one probe through to see if the system is back.
#pragma once

#include <functional>
#include <mutex>

#include "absl/time/time.h"

namespace rect::teachers {

class CircuitBreaker {
 public:
  enum class State { kClosed, kOpen, kHalfOpen };

  struct Options {
    int failure_threshold = 5;                    // consecutive failures that open the circuit
    absl::Duration open_for = absl::Seconds(1);  // refusing calls before a probe is allowed
  };

  // `now` is the clock (injected so tests need not sleep); `on_change` (may be empty) hears
  // every state change, with the breaker's lock held, so it must not call back into it.
  CircuitBreaker(Options options, std::function<absl::Time()> now,
                 std::function<void(State)> on_change = {});

  // Whether a call may go ahead. Closed: yes. Open: no until `open_for` has passed, then the
  // circuit is half-open and this caller is the probe. Half-open: no while the probe is out,
  // unless it has been out for `open_for` (its result was lost), when this caller probes anew.
  // Every call that was allowed must report RecordSuccess or RecordFailure.
  bool Allow();

  // The system answered: the circuit closes and the failure count restarts.
  void RecordSuccess();
  // The system failed: counts towards the threshold when closed; a failed probe reopens.
  void RecordFailure();

  State state() const;

 private:
  void SetState(State state);  // mu_ held

  const Options options_;
  const std::function<absl::Time()> now_;
  const std::function<void(State)> on_change_;
  mutable std::mutex mu_;
  State state_ = State::kClosed;
  int consecutive_failures_ = 0;
  absl::Time opened_at_;
  absl::Time probe_started_at_;
};

const char* StateName(CircuitBreaker::State state);

}  // namespace rect::teachers
