// The circuit breaker's states on an injected clock: opening after a run of failures, failing
// fast while open, one probe when the time is up, and closing or reopening on its result.
#include "services/teachers/circuit_breaker.h"

#include <gtest/gtest.h>

#include <vector>

namespace rect::teachers {
namespace {

using State = CircuitBreaker::State;

class CircuitBreakerTest : public ::testing::Test {
 protected:
  CircuitBreakerTest()
      : breaker_(
            {3, absl::Seconds(30)}, [this] { return now_; },
            [this](State state) { changes_.push_back(state); }) {}

  void Fail(int times) {
    for (int i = 0; i < times; ++i) {
      ASSERT_TRUE(breaker_.Allow());
      breaker_.RecordFailure();
    }
  }

  absl::Time now_ = absl::FromUnixSeconds(1700000000);
  std::vector<State> changes_;
  CircuitBreaker breaker_;
};

TEST_F(CircuitBreakerTest, StartsClosedAndReportsIt) {
  EXPECT_EQ(breaker_.state(), State::kClosed);
  EXPECT_EQ(changes_, std::vector<State>{State::kClosed});
  EXPECT_TRUE(breaker_.Allow());
}

TEST_F(CircuitBreakerTest, OpensOnlyAfterConsecutiveFailures) {
  Fail(2);
  ASSERT_TRUE(breaker_.Allow());
  breaker_.RecordSuccess();  // a success restarts the count
  Fail(2);
  EXPECT_EQ(breaker_.state(), State::kClosed);
  Fail(1);
  EXPECT_EQ(breaker_.state(), State::kOpen);
  EXPECT_EQ(changes_, (std::vector<State>{State::kClosed, State::kOpen}));
}

TEST_F(CircuitBreakerTest, AnOpenCircuitRefusesUntilItsTimeIsUp) {
  Fail(3);
  EXPECT_FALSE(breaker_.Allow());
  now_ += absl::Seconds(29);
  EXPECT_FALSE(breaker_.Allow());
  EXPECT_EQ(breaker_.state(), State::kOpen);
  now_ += absl::Seconds(1);
  EXPECT_TRUE(breaker_.Allow()) << "the probe";
  EXPECT_EQ(breaker_.state(), State::kHalfOpen);
  EXPECT_FALSE(breaker_.Allow()) << "one probe at a time";
}

TEST_F(CircuitBreakerTest, ASuccessfulProbeCloses) {
  Fail(3);
  now_ += absl::Seconds(30);
  ASSERT_TRUE(breaker_.Allow());
  breaker_.RecordSuccess();
  EXPECT_EQ(breaker_.state(), State::kClosed);
  EXPECT_TRUE(breaker_.Allow());
  EXPECT_TRUE(breaker_.Allow());
  Fail(2);
  EXPECT_EQ(breaker_.state(), State::kClosed) << "the count restarted";
  EXPECT_EQ(changes_,
            (std::vector<State>{State::kClosed, State::kOpen, State::kHalfOpen, State::kClosed}));
}

TEST_F(CircuitBreakerTest, AFailedProbeReopensForAnotherFullPeriod) {
  Fail(3);
  now_ += absl::Seconds(30);
  ASSERT_TRUE(breaker_.Allow());
  breaker_.RecordFailure();
  EXPECT_EQ(breaker_.state(), State::kOpen);
  now_ += absl::Seconds(29);
  EXPECT_FALSE(breaker_.Allow());
  now_ += absl::Seconds(1);
  EXPECT_TRUE(breaker_.Allow());
}

TEST_F(CircuitBreakerTest, ALostProbeIsReplacedAfterAPeriod) {
  Fail(3);
  now_ += absl::Seconds(30);
  ASSERT_TRUE(breaker_.Allow());  // its result never arrives
  now_ += absl::Seconds(29);
  EXPECT_FALSE(breaker_.Allow());
  now_ += absl::Seconds(1);
  EXPECT_TRUE(breaker_.Allow());
  EXPECT_EQ(breaker_.state(), State::kHalfOpen);
}

TEST(CircuitBreakerNames, AreMetricLabels) {
  EXPECT_STREQ(StateName(State::kClosed), "closed");
  EXPECT_STREQ(StateName(State::kOpen), "open");
  EXPECT_STREQ(StateName(State::kHalfOpen), "half_open");
}

}  // namespace
}  // namespace rect::teachers
