#include "services/notifications/retry_policy.h"

#include <algorithm>

namespace rect::notifications {

absl::Duration RetryDelay(const RetryPolicy& policy, int attempt, double jitter) {
  absl::Duration base = std::max(policy.initial_delay, absl::ZeroDuration());
  // Doubling stops at the cap, so a large attempt number cannot overflow.
  for (int i = 1; i < attempt && base < policy.max_delay; ++i) base *= 2;
  base = std::min(base, policy.max_delay);
  jitter = std::clamp(jitter, 0.0, 1.0);
  return base / 2 + (base / 2) * jitter;
}

}  // namespace rect::notifications
