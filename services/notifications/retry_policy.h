// When a failed delivery attempt is tried again: exponential back-off with "equal jitter"
// (half the delay fixed, half random) so replicas retrying together spread out. Pure.
#pragma once

#include "absl/time/time.h"

namespace rect::notifications {

struct RetryPolicy {
  absl::Duration initial_delay = absl::Seconds(5);  // after the first failed attempt
  absl::Duration max_delay = absl::Hours(1);        // the doubling stops here
};

// The wait after failed attempt number `attempt` (1 for the first): base = min(max_delay,
// initial_delay * 2^(attempt - 1)), then base/2 + jitter * base/2 for `jitter` in [0, 1]
// (clamped), so the wait lies in [base/2, base].
absl::Duration RetryDelay(const RetryPolicy& policy, int attempt, double jitter);

}  // namespace rect::notifications
