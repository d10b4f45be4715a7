// The teachers schema's own rules, checked against PostgreSQL directly.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "services/common/testing/service_fixture.h"
#include "services/teachers/migrations.h"

namespace rect::teachers {
namespace {

bool Accepts(const std::string& conninfo, const std::string& sql) {
  pqxx::connection c(conninfo);
  pqxx::work txn(c);
  try {
    txn.exec(sql);
    txn.commit();
    return true;
  } catch (const pqxx::sql_error&) {
    return false;
  }
}

std::string TrackSql(const std::string& trn, const std::string& first_name = "Ann",
                     const std::string& last_name = "Lee") {
  return "INSERT INTO teacher_snapshots (trn, first_name, last_name) VALUES ('" + trn + "', '" +
         first_name + "', '" + last_name + "')";
}

TEST(TeachersSchema, NoColumnCanHoldADateOfBirthOrNationalInsuranceNumber) {
  testing::MigratedDatabase db(Migrations());
  pqxx::connection c(db.conninfo());
  pqxx::nontransaction txn(c);
  const pqxx::result columns = txn.exec(
      "SELECT table_name, column_name FROM information_schema.columns "
      "WHERE table_schema = 'public'");
  ASSERT_GT(columns.size(), 20u) << "the query should see every table's columns";
  const pqxx::result suspicious = txn.exec(
      "SELECT table_name || '.' || column_name FROM information_schema.columns "
      "WHERE table_schema = 'public' AND (column_name ~* '(birth|(^|_)dob($|_)|nino|"
      "national_insurance|insurance_number|ni_number)')");
  for (const pqxx::row& row : suspicious) ADD_FAILURE() << row[0].as<std::string>();
}

TEST(TeachersSchema, TrnsAreExactlySevenDigits) {
  testing::MigratedDatabase db(Migrations());
  EXPECT_TRUE(Accepts(db.conninfo(), TrackSql("0000001")));
  EXPECT_FALSE(Accepts(db.conninfo(), TrackSql("0000001"))) << "one snapshot per TRN";
  for (const char* trn : {"123456", "12345678", "abcdefg", "", "1234 67"}) {
    EXPECT_FALSE(Accepts(db.conninfo(), TrackSql(trn))) << trn;
    EXPECT_FALSE(Accepts(
        db.conninfo(),
        std::string("INSERT INTO trs_lookups (trn, purpose, outcome, latency_ms) VALUES ('") + trn +
            "', 'find', 'found', 12)"))
        << trn;
  }
}

TEST(TeachersSchema, NamesMustBePresentAndBounded) {
  testing::MigratedDatabase db(Migrations());
  EXPECT_FALSE(Accepts(db.conninfo(), TrackSql("7000001", "  ", "Okafor")));
  EXPECT_FALSE(Accepts(db.conninfo(), TrackSql("7000001", "Amara", "")));
  EXPECT_FALSE(Accepts(db.conninfo(), TrackSql("7000001", std::string(101, 'a'), "Okafor")));
  EXPECT_TRUE(Accepts(db.conninfo(), TrackSql("7000001", std::string(100, 'a'), "Okafor")));
}

std::string LookupSql(const std::string& purpose, const std::string& outcome, int latency_ms) {
  return "INSERT INTO trs_lookups (trn, purpose, outcome, latency_ms) VALUES ('7000013', '" +
         purpose + "', '" + outcome + "', " + std::to_string(latency_ms) + ")";
}

TEST(TeachersSchema, LookupOutcomesAreAClosedSetWithNonNegativeLatency) {
  testing::MigratedDatabase db(Migrations());
  for (const char* outcome : {"found", "date_of_birth_mismatch", "not_found", "deactivated",
                              "merged", "unavailable", "error"}) {
    EXPECT_TRUE(Accepts(db.conninfo(), LookupSql("find", outcome, 250))) << outcome;
  }
  EXPECT_FALSE(Accepts(db.conninfo(), LookupSql("find", "timeout", 5000)));
  EXPECT_FALSE(Accepts(db.conninfo(), LookupSql("find", "found", -1)));
}

TEST(TeachersSchema, LookupsSayWhatTheyWereFor) {
  testing::MigratedDatabase db(Migrations());
  for (const char* purpose : {"find", "find_by_nino", "refresh"}) {
    EXPECT_TRUE(Accepts(db.conninfo(), LookupSql(purpose, "found", 1))) << purpose;
  }
  EXPECT_FALSE(Accepts(db.conninfo(), LookupSql("browse", "found", 1)));
  EXPECT_FALSE(Accepts(db.conninfo(),
                       "INSERT INTO trs_lookups (trn, outcome, latency_ms) "
                       "VALUES ('7000013', 'found', 1)"))
      << "the purpose has no default";
}

TEST(TeachersSchema, AMergedTrnIsRecordedOnlyForAMergedRecord) {
  testing::MigratedDatabase db(Migrations());
  ASSERT_TRUE(Accepts(db.conninfo(), TrackSql("7000011")));
  EXPECT_FALSE(Accepts(
      db.conninfo(), "UPDATE teacher_snapshots SET trs_response = 'merged', refreshed_at = now()"))
      << "merged needs the TRN merged into";
  EXPECT_FALSE(Accepts(db.conninfo(), "UPDATE teacher_snapshots SET merged_into_trn = '7000012'"))
      << "not refreshed, so not merged";
  EXPECT_FALSE(
      Accepts(db.conninfo(),
              "UPDATE teacher_snapshots SET trs_response = 'merged', refreshed_at = now(), "
              "merged_into_trn = '7000011'"))
      << "not merged into itself";
  EXPECT_TRUE(Accepts(db.conninfo(),
                      "UPDATE teacher_snapshots SET trs_response = 'merged', refreshed_at = now(), "
                      "merged_into_trn = '7000012', next_refresh_at = NULL"));
}

TEST(TeachersSchema, ATrsResponseGoesWithARefreshTime) {
  testing::MigratedDatabase db(Migrations());
  ASSERT_TRUE(Accepts(db.conninfo(), TrackSql("7000013")));
  EXPECT_FALSE(Accepts(db.conninfo(), "UPDATE teacher_snapshots SET trs_response = 'found'"));
  EXPECT_FALSE(Accepts(db.conninfo(), "UPDATE teacher_snapshots SET refreshed_at = now()"));
  EXPECT_FALSE(Accepts(db.conninfo(),
                       "UPDATE teacher_snapshots SET trs_response = 'gone', refreshed_at = now()"));
  EXPECT_TRUE(Accepts(db.conninfo(),
                      "UPDATE teacher_snapshots SET trs_response = 'found', refreshed_at = now()"));
}

TEST(TeachersSchema, NewSnapshotsAreDueForRefreshFirst) {
  testing::MigratedDatabase db(Migrations());
  ASSERT_TRUE(Accepts(db.conninfo(), TrackSql("7000001")));
  ASSERT_TRUE(Accepts(db.conninfo(), TrackSql("7000005")));
  ASSERT_TRUE(Accepts(db.conninfo(),
                      "UPDATE teacher_snapshots SET trs_response = 'found', refreshed_at = now() "
                      "WHERE trn = '7000001'"));
  pqxx::connection c(db.conninfo());
  pqxx::nontransaction txn(c);
  const pqxx::result due = txn.exec(
      "SELECT trn FROM teacher_snapshots WHERE next_refresh_at <= now() "
      "ORDER BY refreshed_at ASC NULLS FIRST, trn");
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0][0].as<std::string>(), "7000005");
  EXPECT_EQ(txn.exec1("SELECT refresh_failures FROM teacher_snapshots WHERE trn = '7000005'")[0]
                .as<int>(),
            0);
}

}  // namespace
}  // namespace rect::teachers
