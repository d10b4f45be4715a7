#include "services/identity/session_policy.h"

#include <gtest/gtest.h>

namespace rect::identity {
namespace {

const absl::Time kSignIn = absl::FromUnixSeconds(1767225600);

TEST(SessionPolicy, IdleForTwoHoursEndsTheSession) {
  EXPECT_TRUE(SessionIsLive(kSignIn, kSignIn, kSignIn + absl::Hours(2) - absl::Seconds(1)));
  EXPECT_FALSE(SessionIsLive(kSignIn, kSignIn, kSignIn + absl::Hours(2)));
}

TEST(SessionPolicy, UseKeepsItAliveUntilTwelveHours) {
  const absl::Time last_seen = kSignIn + absl::Hours(11);
  EXPECT_TRUE(SessionIsLive(kSignIn, last_seen, kSignIn + absl::Hours(12) - absl::Seconds(1)));
  EXPECT_FALSE(SessionIsLive(kSignIn, last_seen, kSignIn + absl::Hours(12)));
  EXPECT_EQ(SessionExpiresAt(kSignIn, last_seen), kSignIn + absl::Hours(12));
  EXPECT_EQ(SessionExpiresAt(kSignIn, kSignIn + absl::Hours(1)), kSignIn + absl::Hours(3));
}

TEST(SessionPolicy, LinksLastADayAndAttemptsTenMinutes) {
  EXPECT_EQ(kSignInLinkLifetime, absl::Hours(24));
  EXPECT_EQ(kSignInAttemptLifetime, absl::Minutes(10));
}

}  // namespace
}  // namespace rect::identity
