// How long sessions, sign-in links and DfE Sign-in attempts live (architecture.md, Security;
// decisions.md: magic links), and the expiry arithmetic on them. Pure: no I/O.
#pragma once

#include "absl/time/time.h"

namespace rect::identity {

// A session ends after 2 hours without a request, and 12 hours after sign-in regardless.
inline constexpr absl::Duration kSessionIdleTimeout = absl::Hours(2);
inline constexpr absl::Duration kSessionAbsoluteTimeout = absl::Hours(12);
// A magic sign-in link works once, for 24 hours, and only the latest one per user.
inline constexpr absl::Duration kSignInLinkLifetime = absl::Hours(24);
// Time allowed between starting a DfE Sign-in and its callback.
inline constexpr absl::Duration kSignInAttemptLifetime = absl::Minutes(10);

// When a session created at `created_at` and last used at `last_seen_at` expires: the earlier
// of its idle and absolute expiry.
absl::Time SessionExpiresAt(absl::Time created_at, absl::Time last_seen_at);

// True while `now` is before SessionExpiresAt.
bool SessionIsLive(absl::Time created_at, absl::Time last_seen_at, absl::Time now);

}  // namespace rect::identity
