// Load: a burst of emails (10,000 by default) drained by replicas of the real notifications
// binary (two by default) through the local Notify, then audited: every email delivered and
// none sent twice. Prints the drain time and throughput.
// Environment: RECT_DRAIN_EMAILS, RECT_DRAIN_REPLICAS, RECT_DRAIN_THREADS (per replica).
#include <gtest/gtest.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <pqxx/pqxx>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/log.h"
#include "services/common/testing/service_fixture.h"
#include "services/notifications/migrations.h"
#include "services/common/testing/child_process.h"
#include "services/notifications/testing/delivery_audit.h"
#include "tests/fakes/notify/fake_notify_server.h"

namespace rect {
namespace {

int EnvInt(const char* name, int fallback) {
  const char* text = std::getenv(name);
  int value = 0;
  return text != nullptr && absl::SimpleAtoi(text, &value) && value > 0 ? value : fallback;
}

int64_t Count(const std::string& conninfo, const std::string& sql) {
  pqxx::connection c(conninfo);
  pqxx::nontransaction txn(c);
  return txn.exec1(sql)[0].as<int64_t>();
}

TEST(NotificationsDrain, BurstDrainsWithNoEmailSentTwice) {
  const int emails = EnvInt("RECT_DRAIN_EMAILS", 10000);
  const int replicas = EnvInt("RECT_DRAIN_REPLICAS", 2);
  const int threads = EnvInt("RECT_DRAIN_THREADS", 4);
  log::SetMinLevel(log::Level::kWarning);  // the fake's access log, 10,000 lines

  testing::MigratedDatabase db(notifications::Migrations(), 2);
  fakes::FakeNotifyServer fake(fakes::LocalFakeNotifyOptions(), "127.0.0.1", 0, /*threads=*/4);
  ASSERT_TRUE(fake.Start().ok());
  {
    pqxx::connection c(db.conninfo());
    pqxx::work txn(c);
    txn.exec_params(
        "INSERT INTO emails (template, recipient, personalisation, idempotency_key) "
        "SELECT 'sign_in_link', 'user' || n || '@example.com', "
        "jsonb_build_object('full_name', 'User ' || n, "
        "'sign_in', 'https://rect.test/sign-in/' || md5(n::text), "
        "'token_expiry', '5 March 2026, 2:30 PM'), 'burst:' || n "
        "FROM generate_series(1, $1::int) AS n",
        emails);
    txn.commit();
  }

  std::vector<std::unique_ptr<testing::ChildProcess>> processes;
  const absl::Time start = absl::Now();
  for (int i = 0; i < replicas; ++i) {
    processes.push_back(std::make_unique<testing::ChildProcess>(
        testing::Runfile("services/notifications/notifications"),
        std::vector<std::string>{
            "--database_url=" + db.conninfo(),
            absl::StrCat("--grpc_address=127.0.0.1:", testing::FreePort()),
            absl::StrCat("--metrics_address=127.0.0.1:", testing::FreePort()),
            "--notify_base_url=" + fake.base_url(), absl::StrCat("--worker_threads=", threads),
            "--worker_batch_size=50", "--worker_poll_ms=100", "--db_pool_size=8"},
        absl::StrCat(testing::TestOutputDir(), "/drain-replica-", i, ".log")));
    processes.back()->Start();
  }
  const absl::Time until = start + absl::Minutes(10);
  int64_t sent = 0;
  while ((sent = Count(db.conninfo(), "SELECT count(*) FROM emails WHERE status = 'sent'")) <
             emails &&
         absl::Now() < until) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  const absl::Duration drain = absl::Now() - start;
  for (auto& process : processes) EXPECT_EQ(process->Stop(SIGTERM, absl::Seconds(15)), 0);
  ASSERT_EQ(sent, emails) << processes[0]->LogTail();

  const testing::DeliveryAudit audit = testing::AuditDelivery(db.conninfo(), fake.notify());
  pqxx::connection c(db.conninfo());
  pqxx::nontransaction txn(c);
  std::string shares;
  for (const pqxx::row& row : txn.exec(
           "SELECT split_part(claimed_by, '/', 1), count(*) FROM emails GROUP BY 1 ORDER BY 1")) {
    absl::StrAppend(&shares, shares.empty() ? "" : ", ", row[1].as<int64_t>());
  }
  const double seconds = absl::ToDoubleSeconds(drain);
  std::printf(
      "drain: %d emails, %d replicas x %d threads: %.2f s (%.0f emails/s, including start-up); "
      "per replica: %s; Notify requests: %lld; %s\n",
      emails, replicas, threads, seconds, emails / seconds, shares.c_str(),
      static_cast<long long>(fake.notify().send_requests()), audit.ToString().c_str());
  RecordProperty("drain_seconds", std::to_string(seconds));
  RecordProperty("duplicates", audit.extra_copies);
  EXPECT_EQ(audit.sent, emails);
  EXPECT_EQ(audit.missing, 0);
  EXPECT_EQ(audit.unrecorded, 0);
  EXPECT_EQ(audit.strangers, 0);
  EXPECT_EQ(audit.extra_copies, 0);
  EXPECT_EQ(fake.notify().send_requests(), emails);
}

}  // namespace
}  // namespace rect
