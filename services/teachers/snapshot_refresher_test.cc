// The background refresh of tracked teachers' snapshots against the local TRS: what each TRS
// answer does to a snapshot, the order and bound of a batch, back-off, the circuit, and the
// job's start and stop.
#include "services/teachers/snapshot_refresher.h"

#include <gtest/gtest.h>

#include <chrono>
#include <pqxx/pqxx>
#include <string>
#include <thread>
#include <vector>

#include "services/teachers/testing/teachers_harness.h"

namespace rect::teachers {
namespace {

using Snapshot = v1::TeacherSnapshot;

SnapshotRefresher::Options FastOptions() {
  SnapshotRefresher::Options options;
  options.interval = absl::Milliseconds(20);
  options.spacing = absl::ZeroDuration();
  return options;
}

class SnapshotRefresherTest : public ::testing::Test {
 protected:
  void Track(const std::string& trn) {
    ASSERT_TRUE(harness_.Track(trn, "Old", "Name").ok()) << trn;
  }

  Snapshot Get(const std::string& trn) {
    Snapshot snapshot;
    EXPECT_TRUE(harness_.Snapshot(trn, &snapshot).ok()) << trn;
    return snapshot;
  }

  std::vector<std::string> RefreshedTrns() {
    pqxx::connection c(harness_.conninfo());
    pqxx::nontransaction txn(c);
    std::vector<std::string> trns;
    for (const pqxx::row& row :
         txn.exec("SELECT trn FROM trs_lookups WHERE purpose = 'refresh' ORDER BY id")) {
      trns.push_back(row[0].as<std::string>());
    }
    return trns;
  }

  // Seconds from now until the snapshot is due again ("" when never).
  std::string DueIn(const std::string& trn) {
    return harness_.Query(
        "SELECT round(extract(epoch FROM next_refresh_at - now())) FROM teacher_snapshots "
        "WHERE trn = '" +
        trn + "'");
  }

  testing::TeachersHarness harness_;
};

TEST_F(SnapshotRefresherTest, EachTrsAnswerUpdatesTheSnapshot) {
  for (const char* trn : {"7000007", "7000003", "7000001", "7000002", "7000004", "7000011"}) {
    Track(trn);
  }
  SnapshotRefresher refresher(harness_.store(), harness_.trs(), FastOptions());
  absl::StatusOr<int> refreshed = refresher.RefreshBatch();
  ASSERT_TRUE(refreshed.ok()) << refreshed.status();
  EXPECT_EQ(*refreshed, 6);

  const Snapshot ella = Get("7000007");
  EXPECT_EQ(ella.trs_response(), Snapshot::FOUND);
  EXPECT_EQ(ella.first_name(), "Ella") << "TRS's names replace those given at registration";
  EXPECT_EQ(ella.last_name(), "Grant");
  EXPECT_EQ(ella.induction_status(), "Passed");
  EXPECT_EQ(ella.induction_start_date().year(), 2021);
  EXPECT_EQ(ella.induction_completed_date().year(), 2023);
  EXPECT_EQ(ella.qts_awarded_on().year(), 2024);
  EXPECT_EQ(ella.qts_status_description(), "Qualified teacher status");
  EXPECT_FALSE(ella.prohibited_from_teaching());
  EXPECT_GT(ella.refreshed_at().seconds(), 0);
  EXPECT_EQ(DueIn("7000007"), "86400") << "found teachers are due again after a day";

  EXPECT_TRUE(Get("7000003").prohibited_from_teaching());
  const Snapshot amara = Get("7000001");
  EXPECT_FALSE(amara.has_qts_awarded_on());
  EXPECT_EQ(amara.qts_status_description(), "");
  EXPECT_EQ(amara.induction_status(), "InProgress");

  EXPECT_EQ(Get("7000002").trs_response(), Snapshot::NOT_FOUND);
  EXPECT_EQ(Get("7000002").first_name(), "Old") << "no record: the names are kept";
  EXPECT_EQ(Get("7000004").trs_response(), Snapshot::DEACTIVATED);
  EXPECT_EQ(Get("7000011").trs_response(), Snapshot::MERGED);
  EXPECT_EQ(Get("7000011").merged_into_trn(), "7000012");
  for (const char* gone : {"7000002", "7000004", "7000011"}) {
    EXPECT_EQ(DueIn(gone), "") << gone << " is never refreshed again";
  }

  refreshed = refresher.RefreshBatch();
  ASSERT_TRUE(refreshed.ok());
  EXPECT_EQ(*refreshed, 0) << "nothing is due any more";
  EXPECT_EQ(harness_.Query("SELECT string_agg(outcome, ',' ORDER BY id) FROM trs_lookups "
                           "WHERE purpose = 'refresh'"),
            "found,not_found,found,deactivated,found,merged")
      << "in TRN order: none had been refreshed";
}

TEST_F(SnapshotRefresherTest, ABatchTakesTheLeastRecentlyRefreshedFirstAndIsBounded) {
  for (const char* trn : {"7000005", "7000006", "7000012", "7000013"}) Track(trn);
  harness_.Execute(
      "UPDATE teacher_snapshots SET trs_response = 'found', refreshed_at = CASE trn "
      "WHEN '7000005' THEN now() - interval '1 hour' WHEN '7000006' THEN now() - interval "
      "'3 days' END WHERE trn IN ('7000005', '7000006')");
  SnapshotRefresher::Options options = FastOptions();
  options.batch_size = 3;
  SnapshotRefresher refresher(harness_.store(), harness_.trs(), options);
  ASSERT_EQ(*refresher.RefreshBatch(), 3);
  EXPECT_EQ(RefreshedTrns(), (std::vector<std::string>{"7000012", "7000013", "7000006"}))
      << "never refreshed first (by TRN), then the oldest refresh";
  ASSERT_EQ(*refresher.RefreshBatch(), 1);
  EXPECT_EQ(RefreshedTrns().back(), "7000005");
}

TEST_F(SnapshotRefresherTest, RequestsInABatchAreSpacedOut) {
  for (const char* trn : {"7000005", "7000006", "7000012"}) Track(trn);
  SnapshotRefresher::Options options = FastOptions();
  options.spacing = absl::Milliseconds(100);
  SnapshotRefresher refresher(harness_.store(), harness_.trs(), options);
  const auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(*refresher.RefreshBatch(), 3);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(200));
}

TEST_F(SnapshotRefresherTest, FailuresBackOffExponentiallyAndKeepTheLastFacts) {
  Track("7000099");
  harness_.Execute(
      "UPDATE teacher_snapshots SET induction_status = 'InProgress', trs_response = 'found', "
      "refreshed_at = now() - interval '2 days' WHERE trn = '7000099'");
  SnapshotRefresher refresher(harness_.store(), harness_.trs(), FastOptions());
  const int sent = harness_.fake_trs().person_requests();
  ASSERT_EQ(*refresher.RefreshBatch(), 1);
  EXPECT_EQ(harness_.fake_trs().person_requests(), sent + 4) << "retried within the refresh";
  EXPECT_EQ(harness_.Query("SELECT refresh_failures FROM teacher_snapshots"), "1");
  EXPECT_EQ(DueIn("7000099"), "2");
  EXPECT_NE(harness_.Query("SELECT last_refresh_error FROM teacher_snapshots"), "");
  EXPECT_EQ(Get("7000099").induction_status(), "InProgress");
  EXPECT_EQ(Get("7000099").trs_response(), Snapshot::FOUND);
  EXPECT_EQ(harness_.Query("SELECT outcome FROM trs_lookups"), "unavailable");

  harness_.Execute("UPDATE teacher_snapshots SET refresh_failures = 20, next_refresh_at = now()");
  ASSERT_EQ(*SnapshotRefresher(harness_.store(), harness_.trs(), FastOptions()).RefreshBatch(), 1);
  EXPECT_EQ(DueIn("7000099"), "32768") << "2^15 s at most";
  EXPECT_EQ(harness_.Query("SELECT refresh_failures FROM teacher_snapshots"), "21");
}

TEST_F(SnapshotRefresherTest, ASuccessClearsTheFailures) {
  Track("7000013");
  harness_.Execute(
      "UPDATE teacher_snapshots SET refresh_failures = 3, last_refresh_error = 'earlier'");
  SnapshotRefresher refresher(harness_.store(), harness_.trs(), FastOptions());
  ASSERT_EQ(*refresher.RefreshBatch(), 1);
  EXPECT_EQ(harness_.Query("SELECT refresh_failures FROM teacher_snapshots"), "0");
  EXPECT_EQ(harness_.Query("SELECT last_refresh_error FROM teacher_snapshots"), "");
}

TEST_F(SnapshotRefresherTest, AClaimHidesSnapshotsFromOtherClaimersForTheLease) {
  for (const char* trn : {"7000005", "7000006", "7000012"}) Track(trn);
  absl::StatusOr<std::vector<std::string>> first =
      harness_.store().ClaimSnapshotsDue(2, absl::Minutes(10));
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, (std::vector<std::string>{"7000005", "7000006"}));
  absl::StatusOr<std::vector<std::string>> second =
      harness_.store().ClaimSnapshotsDue(2, absl::Minutes(10));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, std::vector<std::string>{"7000012"});
  EXPECT_EQ(DueIn("7000005"), "600");
}

TEST_F(SnapshotRefresherTest, UnusualTrsNamesCannotFailARefresh) {
  Track("7000013");
  TeacherFacts facts;
  facts.trn = "7000013";
  facts.first_name = "";
  facts.last_name = std::string(150, 'x');
  facts.induction_status_name = std::string(80, 'S');
  ASSERT_TRUE(harness_.store().SaveRefreshFound(facts, absl::Hours(1)).ok());
  const Snapshot snapshot = Get("7000013");
  EXPECT_EQ(snapshot.first_name(), "Old") << "an empty TRS name keeps the one we had";
  EXPECT_EQ(snapshot.last_name(), std::string(100, 'x'));
  EXPECT_EQ(snapshot.induction_status(), std::string(50, 'S'));
}

TEST(SnapshotRefresherCircuit, AnOpenCircuitStopsTheBatchAndLeavesTheRestDue) {
  testing::HarnessOptions options;
  options.circuit_failures = 2;
  options.circuit_open_for = absl::Seconds(60);
  testing::TeachersHarness harness(options);
  for (const char* trn : {"7000005", "7000006", "7000012"}) {
    ASSERT_TRUE(harness.Track(trn, "Old", "Name").ok());
  }
  harness.fake_trs().Stop();
  SnapshotRefresher refresher(harness.store(), harness.trs(), FastOptions());
  ASSERT_EQ(*refresher.RefreshBatch(), 1) << "the first refresh's retries opened the circuit";
  EXPECT_EQ(harness.trs().circuit().state(), CircuitBreaker::State::kOpen);
  ASSERT_EQ(*refresher.RefreshBatch(), 0) << "nothing is tried while the circuit is open";
  EXPECT_EQ(harness.Query("SELECT count(*) FROM teacher_snapshots WHERE next_refresh_at <= now()"),
            "2");
}

TEST_F(SnapshotRefresherTest, TheJobRefreshesInTheBackgroundAndStopsPromptly) {
  Track("7000013");
  SnapshotRefresher refresher(harness_.store(), harness_.trs(), FastOptions());
  refresher.Start();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (Get("7000013").trs_response() != Snapshot::FOUND &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(Get("7000013").first_name(), "Jamal");
  const auto stopping = std::chrono::steady_clock::now();
  refresher.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - stopping, std::chrono::milliseconds(500));
}

TEST_F(SnapshotRefresherTest, StopInterruptsTheWaitAndABatchSizeOfZeroNeverRuns) {
  SnapshotRefresher::Options options = FastOptions();
  options.interval = absl::Hours(1);
  SnapshotRefresher waiting(harness_.store(), harness_.trs(), options);
  waiting.Start();
  const auto stopping = std::chrono::steady_clock::now();
  waiting.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - stopping, std::chrono::milliseconds(500));

  Track("7000013");
  options = FastOptions();
  options.batch_size = 0;
  SnapshotRefresher off(harness_.store(), harness_.trs(), options);
  off.Start();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  off.Stop();
  EXPECT_EQ(Get("7000013").trs_response(), Snapshot::TRS_RESPONSE_UNSPECIFIED);
}

}  // namespace
}  // namespace rect::teachers
