#include "services/identity/session_policy.h"

#include <algorithm>

namespace rect::identity {

absl::Time SessionExpiresAt(absl::Time created_at, absl::Time last_seen_at) {
  return std::min(last_seen_at + kSessionIdleTimeout, created_at + kSessionAbsoluteTimeout);
}

bool SessionIsLive(absl::Time created_at, absl::Time last_seen_at, absl::Time now) {
  return now < SessionExpiresAt(created_at, last_seen_at);
}

}  // namespace rect::identity
