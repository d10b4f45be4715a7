#include "services/common/pg_pool.h"

#include <atomic>
#include <thread>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "services/common/testing/test_database.h"

namespace rect {
namespace {

TEST(PgPool, RunsQueriesAndCommitsTransactions) {
  testing::TestDatabase db;
  PgPool pool({db.conninfo(), 2, absl::Seconds(2)}, nullptr);
  ASSERT_TRUE(pool.Ping().ok());
  absl::Status created = pool.Transact([](pqxx::work& txn) {
    txn.exec("CREATE TABLE t (n int PRIMARY KEY)");
    txn.exec("INSERT INTO t VALUES (1)");
    return absl::OkStatus();
  });
  ASSERT_TRUE(created.ok()) << created;
  absl::StatusOr<int> count = pool.Run([](pqxx::connection& c) -> absl::StatusOr<int> {
    pqxx::nontransaction txn(c);
    return txn.exec1("SELECT count(*) FROM t")[0].as<int>();
  });
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 1);
}

TEST(PgPool, FailedWorkRollsBackAndBecomesAStatus) {
  testing::TestDatabase db;
  PgPool pool({db.conninfo(), 1, absl::Seconds(2)}, nullptr);
  ASSERT_TRUE(pool.Transact([](pqxx::work& txn) {
                    txn.exec("CREATE TABLE t (n int PRIMARY KEY)");
                    return absl::OkStatus();
                  }).ok());
  absl::Status duplicate = pool.Transact([](pqxx::work& txn) {
    txn.exec("INSERT INTO t VALUES (1)");
    txn.exec("INSERT INTO t VALUES (1)");
    return absl::OkStatus();
  });
  EXPECT_EQ(duplicate.code(), absl::StatusCode::kAlreadyExists);
  absl::Status refused = pool.Transact([](pqxx::work& txn) {
    txn.exec("INSERT INTO t VALUES (2)");
    return absl::FailedPreconditionError("domain rule");
  });
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  auto count = pool.Run([](pqxx::connection& c) -> absl::StatusOr<int> {
    pqxx::nontransaction txn(c);
    return txn.exec1("SELECT count(*) FROM t")[0].as<int>();
  });
  EXPECT_EQ(*count, 0) << "nothing from failed work may be committed";
}

TEST(PgPool, ReconnectsAfterTheServerDropsConnections) {
  testing::TestDatabase db;
  PgPool pool({db.conninfo(), 2, absl::Seconds(2)}, nullptr);
  ASSERT_TRUE(pool.Ping().ok());
  // What a server restart does to existing sessions.
  {
    pqxx::connection admin(db.conninfo());
    pqxx::nontransaction txn(admin);
    txn.exec(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()");
  }
  EXPECT_TRUE(pool.Ping().ok()) << "the pool must replace the dropped connection itself";
  EXPECT_TRUE(pool.Ping().ok());
}

TEST(PgPool, UnreachableDatabaseIsUnavailable) {
  PgPool pool({"host=127.0.0.1 port=1 connect_timeout=1", 1, absl::Seconds(1)}, nullptr);
  EXPECT_EQ(pool.Ping().code(), absl::StatusCode::kUnavailable);
}

TEST(PgPool, ExhaustedPoolTimesOutWithUnavailable) {
  testing::TestDatabase db;
  PgPool pool({db.conninfo(), 1, absl::Milliseconds(100)}, nullptr);
  std::atomic<bool> holding{false};
  std::atomic<bool> release{false};
  std::thread holder([&] {
    pool.Run([&](pqxx::connection&) {
      holding = true;
      while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      return absl::OkStatus();
    }).IgnoreError();
  });
  while (!holding) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(pool.Ping().code(), absl::StatusCode::kUnavailable);
  release = true;
  holder.join();
  EXPECT_TRUE(pool.Ping().ok());
}

}  // namespace
}  // namespace rect
