// The real notifications binary killed with SIGKILL mid-batch, then stopped with SIGTERM
// mid-batch, then run to the end: every email is delivered, each exactly once, because the
// rows a dead worker held come back after their lease and are looked up by reference before
// being sent again.
#include <gtest/gtest.h>
#include <signal.h>

#include <cstdio>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/testing/service_fixture.h"
#include "services/common/tokens.h"
#include "services/notifications/migrations.h"
#include "services/notifications/sealed_personalisation.h"
#include "services/notifications/store.h"
#include "services/common/testing/child_process.h"
#include "services/notifications/testing/delivery_audit.h"
#include "tests/fakes/notify/fake_notify_server.h"

namespace rect::notifications {
namespace {

constexpr int kEmails = 300;

class CrashTest : public ::testing::Test {
 protected:
  // The replicas run in local mode, with the local development key.
  CrashTest()
      : db_(Migrations()),
        sealer_(*ParsePersonalisationKey(kLocalPersonalisationKey), random_),
        store_(db_.pool(), sealer_),
        fake_(fakes::LocalFakeNotifyOptions()) {}

  void SetUp() override {
    ASSERT_TRUE(fake_.Start().ok());
    for (int i = 0; i < kEmails; ++i) {
      const std::string key = absl::StrCat("crash:", i);
      ASSERT_TRUE(store_
                      .EnqueueEmail({"mentor_registered",
                                     absl::StrCat("mentor", i, "@example.com"),
                                     {{"mentor_name", "Mentor " + std::to_string(i)},
                                      {"school_name", "Hillside Primary"}},
                                     key})
                      .ok());
    }
  }

  std::unique_ptr<testing::ChildProcess> Replica(const std::string& name) {
    const std::vector<std::string> args = {
        "--database_url=" + db_.conninfo(),
        absl::StrCat("--grpc_address=127.0.0.1:", testing::FreePort()),
        absl::StrCat("--metrics_address=127.0.0.1:", testing::FreePort()),
        "--notify_base_url=" + fake_.base_url(),
        "--worker_threads=2",
        "--worker_batch_size=50",
        "--worker_poll_ms=50",
        "--worker_lease_ms=2000",
        "--notify_timeout_ms=500",
        "--retry_initial_ms=10",
        "--retry_max_ms=100",
        "--db_pool_size=4",
        "--health_interval_ms=100",
    };
    return std::make_unique<testing::ChildProcess>(
        testing::Runfile("services/notifications/notifications"), args,
        absl::StrCat(testing::TestOutputDir(), "/notifications-", name, ".log"));
  }

  int CountWhere(const std::string& condition) {
    pqxx::connection c(db_.conninfo());
    pqxx::nontransaction txn(c);
    return txn.exec1("SELECT count(*) FROM emails WHERE " + condition)[0].as<int>();
  }

  // The outbox by status, attempts and last error: what a failed wait leaves to read.
  std::string Outbox() {
    pqxx::connection c(db_.conninfo());
    pqxx::nontransaction txn(c);
    std::string out = "\noutbox:";
    for (const auto& row : txn.exec(
             "SELECT status, attempts, coalesce(last_error, ''), count(*) FROM emails "
             "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3")) {
      absl::StrAppend(&out, "\n  ", row[3].as<int>(), " ", row[0].c_str(), ", attempts ",
                      row[1].as<int>(), " ", row[2].c_str());
    }
    return out;
  }

  // Polls until `done` or the time limit.
  static bool WaitFor(const std::function<bool()>& done, absl::Duration limit) {
    const absl::Time until = absl::Now() + limit;
    while (!done()) {
      if (absl::Now() > until) return false;
      absl::SleepFor(absl::Milliseconds(10));
    }
    return true;
  }

  testing::MigratedDatabase db_;
  SecureRandom random_;
  PersonalisationSealer sealer_;
  PgNotificationsStore store_;
  fakes::FakeNotifyServer fake_;
};

TEST_F(CrashTest, KilledAndStoppedMidBatchYetEveryEmailIsDeliveredOnce) {
  // Each Notify request takes 5 ms, so a 50-email batch is still going when the kill comes.
  fake_.notify().StallNext(1000000, absl::Milliseconds(5));

  auto first = Replica("killed");
  first->Start();
  ASSERT_TRUE(WaitFor([&] { return fake_.notify().email_count() >= 40; }, absl::Seconds(30)))
      << first->LogTail();
  EXPECT_EQ(first->Stop(SIGKILL, absl::Seconds(5)), 128 + SIGKILL);
  const int held_by_the_dead = CountWhere("status = 'sending'");
  EXPECT_GT(held_by_the_dead, 0) << "killed mid-batch: claimed rows are left behind";
  absl::SleepFor(absl::Milliseconds(50));  // requests in flight at the kill still land
  const size_t sent_before_kill = fake_.notify().email_count();

  auto second = Replica("stopped");
  second->Start();
  ASSERT_TRUE(WaitFor([&] { return fake_.notify().email_count() >= sent_before_kill + 60; },
                      absl::Seconds(30)))
      << Outbox() << "\n" << second->LogTail();
  const pid_t second_pid = second->pid();
  EXPECT_EQ(second->Stop(SIGTERM, absl::Seconds(10)), 0) << second->LogTail();
  EXPECT_EQ(
      CountWhere(absl::StrCat("status = 'sending' AND claimed_by LIKE '%:", second_pid, "/%'")), 0)
      << "a graceful stop gives back what it did not send";

  auto third = Replica("finished");
  third->Start();
  EXPECT_TRUE(WaitFor([&] { return CountWhere("status = 'sent'") == kEmails; }, absl::Seconds(60)))
      << Outbox() << "\n" << third->LogTail();
  EXPECT_EQ(third->Stop(SIGTERM, absl::Seconds(10)), 0);

  const testing::DeliveryAudit audit = testing::AuditDelivery(db_.conninfo(), fake_.notify());
  std::printf("crash test: %d emails held by the killed worker; %s\n", held_by_the_dead,
              audit.ToString().c_str());
  RecordProperty("held_by_killed_worker", held_by_the_dead);
  RecordProperty("duplicates", audit.extra_copies);
  EXPECT_EQ(audit.emails, kEmails);
  EXPECT_EQ(audit.sent, kEmails);
  EXPECT_EQ(audit.missing, 0);
  EXPECT_EQ(audit.unrecorded, 0);
  EXPECT_EQ(audit.strangers, 0) << "every copy Notify holds carries its email's reference";
  EXPECT_EQ(audit.extra_copies, 0) << "the killed worker's last sends were found by reference";
  EXPECT_GE(CountWhere("attempts = 2"), 1) << "some emails were reclaimed after the kill";
}

}  // namespace
}  // namespace rect::notifications
