// The shared API rate-limit counters against PostgreSQL: totals across callers, one order of
// results, concurrent adders, validation, and deletion of old windows.
#include "services/identity/api_request_counts.h"

#include <gtest/gtest.h>

#include <mutex>
#include <thread>
#include <vector>

#include "services/common/testing/service_fixture.h"
#include "services/identity/migrations.h"

namespace rect::identity {
namespace {

const std::string kKeyA(32, 'a');
const std::string kKeyB(32, 'b');
const absl::Time kWindow = absl::FromUnixSeconds(1'764'000'000);

TEST(ApiRequestCounts, AddsUpPerKeyAndWindowAndAnswersInRequestOrder) {
  testing::MigratedDatabase db(Migrations());
  PgApiRequestCounts counts(db.pool());
  auto first = counts.Add({{kKeyB, kWindow, 3}, {kKeyA, kWindow, 5}});
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(*first, (std::vector<int64_t>{3, 5}));
  auto second = counts.Add(
      {{kKeyA, kWindow, 2}, {kKeyA, kWindow + absl::Minutes(5), 1}, {kKeyB, kWindow, 0}});
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(*second, (std::vector<int64_t>{7, 1, 3}));
}

TEST(ApiRequestCounts, ConcurrentAddersLoseNoCount) {
  testing::MigratedDatabase db(Migrations(), 8);
  PgApiRequestCounts counts(db.pool());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        ASSERT_TRUE(counts.Add({{kKeyB, kWindow, 1}, {kKeyA, kWindow, 2}}).ok());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  auto totals = counts.Add({{kKeyA, kWindow, 0}, {kKeyB, kWindow, 0}});
  ASSERT_TRUE(totals.ok()) << totals.status();
  EXPECT_EQ(*totals, (std::vector<int64_t>{200, 100}));
}

TEST(ApiRequestCounts, DeletesWindowsBeforeTheCutoff) {
  testing::MigratedDatabase db(Migrations());
  PgApiRequestCounts counts(db.pool());
  ASSERT_TRUE(counts.Add({{kKeyA, kWindow - absl::Minutes(5), 9}, {kKeyA, kWindow, 4}}).ok());
  auto deleted = counts.DeleteBefore(kWindow);
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_EQ(*deleted, 1);
  auto totals = counts.Add({{kKeyA, kWindow - absl::Minutes(5), 0}, {kKeyA, kWindow, 0}});
  ASSERT_TRUE(totals.ok());
  EXPECT_EQ(*totals, (std::vector<int64_t>{0, 4}));
}

// Records the sweeper's cutoffs.
class RecordingCounts : public ApiRequestCounts {
 public:
  absl::StatusOr<std::vector<int64_t>> Add(const std::vector<ApiRequestTally>&) override {
    return std::vector<int64_t>{};
  }
  absl::StatusOr<int64_t> DeleteBefore(absl::Time cutoff) override {
    std::lock_guard<std::mutex> lock(mu_);
    cutoffs_.push_back(cutoff);
    return absl::UnavailableError("database down");  // the sweeper carries on regardless
  }
  std::vector<absl::Time> cutoffs() {
    std::lock_guard<std::mutex> lock(mu_);
    return cutoffs_;
  }

 private:
  std::mutex mu_;
  std::vector<absl::Time> cutoffs_;
};

TEST(ApiRequestCountSweeper, DeletesOlderThanTheRetentionEveryIntervalUntilStopped) {
  RecordingCounts counts;
  ApiRequestCountSweeper sweeper(counts, absl::Minutes(15), absl::Milliseconds(10));
  const absl::Time started = absl::Now();
  sweeper.Start();
  for (int i = 0; i < 200 && counts.cutoffs().size() < 3; ++i) absl::SleepFor(absl::Milliseconds(10));
  sweeper.Stop();
  const std::vector<absl::Time> cutoffs = counts.cutoffs();
  ASSERT_GE(cutoffs.size(), 3u);
  for (absl::Time cutoff : cutoffs) {
    EXPECT_GE(cutoff, started - absl::Minutes(15));
    EXPECT_LE(cutoff, absl::Now() - absl::Minutes(15));
  }
  const size_t after_stop = counts.cutoffs().size();
  absl::SleepFor(absl::Milliseconds(50));
  EXPECT_EQ(counts.cutoffs().size(), after_stop);
}

TEST(ApiRequestCounts, Validation) {
  struct Case {
    const char* name;
    std::vector<ApiRequestTally> tallies;
    bool ok;
  };
  const std::vector<Case> cases = {
      {"empty", {}, true},
      {"a digest", {{kKeyA, kWindow, 1}}, true},
      {"a short key", {{"abc", kWindow, 1}}, false},
      {"a raw header", {{"Bearer a-token-that-is-not-a-digest", kWindow, 1}}, false},
      {"a negative count", {{kKeyA, kWindow, -1}}, false},
      {"a window before 1970", {{kKeyA, absl::FromUnixSeconds(-300), 1}}, false},
      {"too many", std::vector<ApiRequestTally>(kMaxApiRequestTallies + 1, {kKeyA, kWindow, 1}),
       false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ValidateApiRequestTallies(c.tallies).ok(), c.ok) << c.name;
  }
}

}  // namespace
}  // namespace rect::identity
