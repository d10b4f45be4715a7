// Fixed-window arithmetic and the limiter: exact on one replica, shared through a counter by
// several, windows rolling over, and an unreachable counter.
#include "gateway/api/rate_limit.h"

#include <gtest/gtest.h>

#include <map>
#include <mutex>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace rect::gateway::api {
namespace {

TEST(WindowStart, FloorsToTheFixedWindow) {
  struct Case {
    int64_t now;
    int64_t window_seconds;
    int64_t start;
  };
  const Case cases[] = {
      {0, 300, 0},
      {299, 300, 0},
      {300, 300, 300},
      {1'764'000'123, 300, 1'764'000'000},
      {1'764'000'299, 300, 1'764'000'000},
      {1'764'000'300, 300, 1'764'000'300},
      {-1, 300, -300},
      {-300, 300, -300},
      {-301, 300, -600},
      {59, 60, 0},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(WindowStart(absl::FromUnixSeconds(c.now), absl::Seconds(c.window_seconds)),
              absl::FromUnixSeconds(c.start))
        << c.now << " in windows of " << c.window_seconds;
  }
  // Sub-seconds do not move an instant to another window.
  EXPECT_EQ(WindowStart(absl::FromUnixSeconds(299) + absl::Milliseconds(999), absl::Minutes(5)),
            absl::FromUnixSeconds(0));
}

TEST(RateLimitKey, IsADigestOfRuleAndValue) {
  const std::string key = RateLimitKey("api", "Bearer secret-token");
  EXPECT_EQ(key.size(), 32u);
  EXPECT_FALSE(absl::StrContains(key, "secret-token"));
  EXPECT_NE(key, RateLimitKey("docs", "Bearer secret-token"));
  EXPECT_NE(key, RateLimitKey("api", "Bearer secret-token2"));
}

TEST(TooManyRequests, IsPlainTextRetryLater) {
  HttpResponse response = TooManyRequestsResponse();
  EXPECT_EQ(response.result_int(), 429);
  EXPECT_EQ(response.body(), "Retry later\n");
  EXPECT_EQ(response[boost::beast::http::field::content_type], "text/plain");
  EXPECT_EQ(response.count(boost::beast::http::field::retry_after), 0u);
}

// A counter every "replica" in the test shares; answers at once, or fails when told to.
class InMemoryCounter : public SharedRequestCounter {
 public:
  void Add(std::vector<Tally> tallies, Done done) override {
    std::vector<int64_t> totals;
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++calls_;
      if (failing_) {
        totals.clear();
      } else {
        for (const Tally& tally : tallies) {
          totals.push_back(counts_[{tally.key, tally.window_start}] += tally.requests);
        }
      }
    }
    if (failing_) return done(absl::UnavailableError("down"));
    done(std::move(totals));
  }
  int64_t Total(const std::string& value, absl::Time start) {
    std::lock_guard<std::mutex> lock(mu_);
    return counts_[{RateLimitKey("api", value), start}];
  }
  int calls() {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }
  bool failing_ = false;

 private:
  std::mutex mu_;
  std::map<std::pair<std::string, absl::Time>, int64_t> counts_;
  int calls_ = 0;
};

const absl::Time kWindow = absl::FromUnixSeconds(1'764'000'000);

struct FakeClock {
  absl::Time now = kWindow + absl::Seconds(10);
  RateLimiter::Clock fn() {
    return [this] { return now; };
  }
};

int Admitted(RateLimiter& limiter, const std::string& value, int requests) {
  int admitted = 0;
  for (int i = 0; i < requests; ++i) admitted += limiter.Admit(kApiTokenLimit, value) ? 1 : 0;
  return admitted;
}

TEST(RateLimiter, OneReplicaIsExactAndCountsRefusedRequests) {
  FakeClock clock;
  InMemoryCounter shared;
  RateLimiter limiter(&shared, clock.fn());
  EXPECT_EQ(Admitted(limiter, "Bearer a", 600), 600);
  limiter.Flush();
  EXPECT_EQ(Admitted(limiter, "Bearer a", 400), 400);
  EXPECT_FALSE(limiter.Admit(kApiTokenLimit, "Bearer a"));  // the 1001st
  EXPECT_FALSE(limiter.Admit(kApiTokenLimit, "Bearer a"));
  // Another header value has its own count.
  EXPECT_TRUE(limiter.Admit(kApiTokenLimit, "Bearer b"));
  limiter.Flush();
  EXPECT_EQ(shared.Total("Bearer a", kWindow), 1002);
}

TEST(RateLimiter, AConfiguredLimitReplacesOnlyItsOwnRule) {
  FakeClock clock;
  RateLimiter limiter(nullptr, clock.fn());
  limiter.SetLimit(kApiTokenLimit.name, 2500);
  EXPECT_EQ(Admitted(limiter, "Bearer a", 2600), 2500);
  // The backstop keeps its own limit.
  int admitted = 0;
  for (int i = 0; i < 1600; ++i) admitted += limiter.Admit(kAddressBackstopLimit, "192.0.2.1");
  EXPECT_EQ(admitted, 1500);
}

TEST(RateLimiter, ANewWindowStartsAgain) {
  FakeClock clock;
  RateLimiter limiter(nullptr, clock.fn());
  EXPECT_EQ(Admitted(limiter, "Bearer a", 1001), 1000);
  clock.now = kWindow + absl::Minutes(5) - absl::Seconds(1);
  EXPECT_FALSE(limiter.Admit(kApiTokenLimit, "Bearer a"));
  clock.now = kWindow + absl::Minutes(5);  // fixed, not rolling: the next window is fresh
  EXPECT_EQ(Admitted(limiter, "Bearer a", 1000), 1000);
  limiter.Flush();
  EXPECT_EQ(limiter.size(), 1u);  // the finished window is dropped
}

TEST(RateLimiter, ReplicasShareTheLimitThroughTheCounter) {
  FakeClock clock;
  InMemoryCounter shared;
  RateLimiter a(&shared, clock.fn());
  RateLimiter b(&shared, clock.fn());
  EXPECT_EQ(Admitted(a, "Bearer a", 700), 700);
  a.Flush();
  EXPECT_EQ(Admitted(b, "Bearer a", 300), 300);
  b.Flush();  // b now knows of a's 700
  EXPECT_FALSE(b.Admit(kApiTokenLimit, "Bearer a"));
  a.Flush();  // a learns of b's requests with its next flush
  EXPECT_FALSE(a.Admit(kApiTokenLimit, "Bearer a"));
}

TEST(RateLimiter, OvershootAcrossReplicasIsAtMostOneFlushIntervalOfTheirRequests) {
  FakeClock clock;
  InMemoryCounter shared;
  RateLimiter a(&shared, clock.fn());
  RateLimiter b(&shared, clock.fn());
  EXPECT_EQ(Admitted(a, "Bearer a", 900), 900);
  a.Flush();
  // Within one interval b has not heard of a's 900, so it admits what it sees as under the
  // limit; the overshoot is bounded by what reached the replicas in that interval.
  EXPECT_EQ(Admitted(b, "Bearer a", 150), 150);
  b.Flush();
  EXPECT_EQ(Admitted(b, "Bearer a", 10), 0);
  EXPECT_EQ(Admitted(a, "Bearer a", 100), 100);  // a's own view: 900 + 100
  a.Flush();
  EXPECT_EQ(Admitted(a, "Bearer a", 10), 0);
}

TEST(RateLimiter, AnUnreachableCounterKeepsTheIncrementsAndTheLocalLimit) {
  FakeClock clock;
  InMemoryCounter shared;
  RateLimiter limiter(&shared, clock.fn());
  shared.failing_ = true;
  EXPECT_EQ(Admitted(limiter, "Bearer a", 500), 500);
  limiter.Flush();
  EXPECT_EQ(Admitted(limiter, "Bearer a", 501), 500);  // still enforced locally
  shared.failing_ = false;
  limiter.Flush();
  EXPECT_EQ(shared.Total("Bearer a", kWindow), 1001);  // nothing lost
}

TEST(RateLimiter, ManyKeysAreSharedOverSeveralFlushesIncrementsFirst) {
  FakeClock clock;
  InMemoryCounter shared;
  RateLimiter limiter(&shared, clock.fn());
  for (int i = 0; i < 1500; ++i) limiter.Admit(kApiTokenLimit, absl::StrCat("Bearer ", i));
  limiter.Flush();
  limiter.Flush();
  for (int i = 0; i < 1500; ++i) {
    ASSERT_EQ(shared.Total(absl::StrCat("Bearer ", i), kWindow), 1) << i;
  }
  // With every key live, new increments still go out before mere refreshes.
  EXPECT_TRUE(limiter.Admit(kApiTokenLimit, "Bearer 1499"));
  limiter.Flush();
  EXPECT_EQ(shared.Total("Bearer 1499", kWindow), 2);
}

TEST(RateLimiter, HoldsAtMostMaxCountersAndAdmitsNewKeysBeyond) {
  FakeClock clock;
  RateLimiter limiter(nullptr, clock.fn(), /*max_counters=*/2);
  EXPECT_EQ(Admitted(limiter, "Bearer a", 1001), 1000);
  EXPECT_EQ(Admitted(limiter, "Bearer b", 1), 1);
  EXPECT_EQ(Admitted(limiter, "Bearer c", 1500), 1500);  // not counted: memory stays bounded
  EXPECT_EQ(limiter.size(), 2u);
  EXPECT_FALSE(limiter.Admit(kApiTokenLimit, "Bearer a"));  // known keys still limited
  clock.now += absl::Minutes(5);
  limiter.Flush();  // the finished window's counters go, making room
  EXPECT_EQ(Admitted(limiter, "Bearer c", 1001), 1000);
}

TEST(RateLimiter, TheFlusherSendsBatchesInTheBackground) {
  InMemoryCounter shared;
  RateLimiter limiter(&shared);
  limiter.Start(absl::Milliseconds(10));
  EXPECT_TRUE(limiter.Admit(kApiTokenLimit, "Bearer a"));
  const absl::Time start = WindowStart(absl::Now(), absl::Minutes(5));
  for (int i = 0; i < 200 && shared.Total("Bearer a", start) == 0; ++i) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  limiter.Stop();
  EXPECT_EQ(shared.Total("Bearer a", start), 1);
}

TEST(ClientAddress, PrefersTheProxysRealIp) {
  HttpRequest request;
  EXPECT_EQ(ClientAddress(request), "");
  request.set("X-Forwarded-For", " 203.0.113.9 , 10.0.0.1");
  EXPECT_EQ(ClientAddress(request), "203.0.113.9");
  request.set("X-Real-IP", "198.51.100.7");
  EXPECT_EQ(ClientAddress(request), "198.51.100.7");
}

TEST(AdmitByAddress, FifteenHundredPerAddressPerWindow) {
  FakeClock clock;
  RateLimiter limiter(nullptr, clock.fn());
  HttpRequest request;
  request.set("X-Real-IP", "198.51.100.7");
  int admitted = 0;
  for (int i = 0; i < 1500; ++i) admitted += AdmitByAddress(limiter, request) ? 1 : 0;
  EXPECT_EQ(admitted, 1500);
  EXPECT_FALSE(AdmitByAddress(limiter, request));
  // Its own key: the address's docs count is untouched.
  EXPECT_TRUE(limiter.Admit(kApiDocsLimit, "198.51.100.7"));
  HttpRequest other;
  other.set("X-Forwarded-For", "203.0.113.9");
  EXPECT_TRUE(AdmitByAddress(limiter, other));
  // No known address: not limited.
  HttpRequest unknown;
  for (int i = 0; i < 1600; ++i) ASSERT_TRUE(AdmitByAddress(limiter, unknown));
}

}  // namespace
}  // namespace rect::gateway::api
