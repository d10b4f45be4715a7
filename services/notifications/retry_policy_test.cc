#include "services/notifications/retry_policy.h"

#include <gtest/gtest.h>

namespace rect::notifications {
namespace {

TEST(RetryDelay, DoublesFromTheInitialDelayUpToTheCapWithEqualJitter) {
  const RetryPolicy policy{absl::Seconds(5), absl::Minutes(10)};
  struct Case {
    int attempt;
    double jitter;
    absl::Duration expected;
  };
  const Case cases[] = {
      {1, 0.0, absl::Milliseconds(2500)},  // base 5 s: between 2.5 s and 5 s
      {1, 1.0, absl::Seconds(5)},
      {1, 0.5, absl::Milliseconds(3750)},
      {2, 0.0, absl::Seconds(5)},  // base 10 s
      {2, 1.0, absl::Seconds(10)},
      {3, 1.0, absl::Seconds(20)},
      {4, 1.0, absl::Seconds(40)},
      {7, 1.0, absl::Seconds(320)},
      {8, 1.0, absl::Minutes(10)},  // 640 s capped at 600 s
      {8, 0.0, absl::Minutes(5)},
      {30, 1.0, absl::Minutes(10)},
      {1000000, 0.25, absl::Seconds(375)},  // no overflow however many attempts
      {0, 1.0, absl::Seconds(5)},           // nonsense attempts count as the first
      {-3, 1.0, absl::Seconds(5)},
      {1, -0.5, absl::Milliseconds(2500)},  // jitter clamped into [0, 1]
      {1, 7.0, absl::Seconds(5)},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(RetryDelay(policy, c.attempt, c.jitter), c.expected)
        << "attempt " << c.attempt << " jitter " << c.jitter;
  }
}

TEST(RetryDelay, CapBelowTheInitialDelayWins) {
  const RetryPolicy policy{absl::Seconds(30), absl::Seconds(10)};
  EXPECT_EQ(RetryDelay(policy, 1, 1.0), absl::Seconds(10));
  EXPECT_EQ(RetryDelay(policy, 5, 0.0), absl::Seconds(5));
}

TEST(RetryDelay, DefaultPolicySpreadsTwelveAttemptsOverHours) {
  const RetryPolicy policy;
  absl::Duration shortest, longest;
  for (int attempt = 1; attempt < 12; ++attempt) {
    shortest += RetryDelay(policy, attempt, 0.0);
    longest += RetryDelay(policy, attempt, 1.0);
  }
  EXPECT_GT(shortest, absl::Hours(1));
  EXPECT_LT(longest, absl::Hours(3));
}

}  // namespace
}  // namespace rect::notifications
