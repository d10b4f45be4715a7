#include "services/common/migrations.h"

#include <thread>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "services/common/testing/test_database.h"

namespace rect {
namespace {

Migration M(const char* file, const char* sql) { return MakeMigration(file, sql).value(); }

int Count(pqxx::connection& c, const std::string& sql) {
  pqxx::nontransaction txn(c);
  return txn.exec1(sql)[0].as<int>();
}

TEST(MakeMigration, ParsesNumberedFileNames) {
  auto m = MakeMigration("services/x/migrations/012_add_things.sql", "SELECT 1");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->version, 12);
  EXPECT_EQ(m->name, "012_add_things.sql");
  for (const char* bad : {"add_things.sql", "012.sql", "_x.sql", "01a_x.sql", "000_x.sql",
                          "012_x.txt"}) {
    EXPECT_FALSE(MakeMigration(bad, "").ok()) << bad;
  }
}

TEST(ApplyMigrations, AppliesInOrderOnceAndRecordsThem) {
  testing::TestDatabase db;
  pqxx::connection c(db.conninfo());
  std::vector<Migration> all = {M("002_b.sql", "ALTER TABLE a ADD COLUMN b int"),
                                M("001_a.sql", "CREATE TABLE a (id int)")};
  EXPECT_EQ(ApplyMigrations(c, all).value(), 2);
  EXPECT_EQ(ApplyMigrations(c, all).value(), 0);
  all.push_back(M("003_c.sql", "CREATE TABLE c (id int)"));
  EXPECT_EQ(ApplyMigrations(c, all).value(), 1);
  EXPECT_EQ(Count(c, "SELECT count(*) FROM schema_migrations"), 3);
}

TEST(ApplyMigrations, AFailingMigrationLeavesNothingBehind) {
  testing::TestDatabase db;
  pqxx::connection c(db.conninfo());
  auto result = ApplyMigrations(
      c, {M("001_a.sql", "CREATE TABLE a (id int)"), M("002_bad.sql", "CREATE TABLE nonsense(")});
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("002_bad.sql"), absl::string_view::npos);
  EXPECT_EQ(Count(c, "SELECT count(*) FROM pg_tables WHERE tablename = 'a'"), 0);
}

TEST(ApplyMigrations, RefusesDuplicateVersionsAndRenamedHistory) {
  testing::TestDatabase db;
  pqxx::connection c(db.conninfo());
  EXPECT_EQ(ApplyMigrations(c, {M("001_a.sql", "SELECT 1"), M("001_b.sql", "SELECT 1")})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(ApplyMigrations(c, {M("001_a.sql", "SELECT 1")}).ok());
  EXPECT_EQ(ApplyMigrations(c, {M("001_renamed.sql", "SELECT 1")}).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(ApplyMigrations, ConcurrentStartersApplyEachMigrationOnce) {
  testing::TestDatabase db;
  const std::vector<Migration> all = {M("001_a.sql", "CREATE TABLE a (id int)"),
                                      M("002_b.sql", "INSERT INTO a VALUES (1)")};
  std::vector<std::thread> replicas;
  std::atomic<int> applied{0};
  for (int i = 0; i < 4; ++i) {
    replicas.emplace_back([&] {
      pqxx::connection c(db.conninfo());
      applied += ApplyMigrations(c, all).value();
    });
  }
  for (auto& t : replicas) t.join();
  EXPECT_EQ(applied, 2);
  pqxx::connection c(db.conninfo());
  EXPECT_EQ(Count(c, "SELECT count(*) FROM a"), 1);
}

}  // namespace
}  // namespace rect
