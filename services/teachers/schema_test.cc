// The teachers schema's own rules, checked against PostgreSQL directly.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "services/common/testing/schema_test_base.h"
#include "services/teachers/migrations.h"

namespace rect::teachers {
namespace {

class TeachersSchema : public testing::SchemaTestBase {
 protected:
  TeachersSchema() : SchemaTestBase(Migrations()) {}
};

std::string TrackSql(const std::string& trn, const std::string& first_name = "Ann",
                     const std::string& last_name = "Lee") {
  return "INSERT INTO teacher_snapshots (trn, first_name, last_name) VALUES ('" + trn + "', '" +
         first_name + "', '" + last_name + "')";
}

TEST_F(TeachersSchema, NoColumnCanHoldADateOfBirthOrNationalInsuranceNumber) {
  pqxx::connection c(db_.conninfo());
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

TEST_F(TeachersSchema, TrnsAreExactlySevenDigits) {
  EXPECT_TRUE(Accepts(TrackSql("0000001")));
  EXPECT_FALSE(Accepts(TrackSql("0000001"))) << "one snapshot per TRN";
  for (const char* trn : {"123456", "12345678", "abcdefg", "", "1234 67"}) {
    EXPECT_FALSE(Accepts(TrackSql(trn))) << trn;
    EXPECT_FALSE(Accepts(std::string("INSERT INTO trs_lookups (trn, purpose, outcome, latency_ms) VALUES ('") + trn +
            "', 'find', 'found', 12)"))
        << trn;
  }
}

TEST_F(TeachersSchema, NamesMustBePresentAndBounded) {
  EXPECT_FALSE(Accepts(TrackSql("7000001", "  ", "Okafor")));
  EXPECT_FALSE(Accepts(TrackSql("7000001", "Amara", "")));
  EXPECT_FALSE(Accepts(TrackSql("7000001", std::string(101, 'a'), "Okafor")));
  EXPECT_TRUE(Accepts(TrackSql("7000001", std::string(100, 'a'), "Okafor")));
}

std::string LookupSql(const std::string& purpose, const std::string& outcome, int latency_ms) {
  return "INSERT INTO trs_lookups (trn, purpose, outcome, latency_ms) VALUES ('7000013', '" +
         purpose + "', '" + outcome + "', " + std::to_string(latency_ms) + ")";
}

TEST_F(TeachersSchema, LookupOutcomesAreAClosedSetWithNonNegativeLatency) {
  for (const char* outcome : {"found", "date_of_birth_mismatch", "not_found", "deactivated",
                              "merged", "unavailable", "error"}) {
    EXPECT_TRUE(Accepts(LookupSql("find", outcome, 250))) << outcome;
  }
  EXPECT_FALSE(Accepts(LookupSql("find", "timeout", 5000)));
  EXPECT_FALSE(Accepts(LookupSql("find", "found", -1)));
}

TEST_F(TeachersSchema, LookupsSayWhatTheyWereFor) {
  for (const char* purpose : {"find", "find_by_nino", "refresh"}) {
    EXPECT_TRUE(Accepts(LookupSql(purpose, "found", 1))) << purpose;
  }
  EXPECT_FALSE(Accepts(LookupSql("browse", "found", 1)));
  EXPECT_FALSE(Accepts("INSERT INTO trs_lookups (trn, outcome, latency_ms) "
                       "VALUES ('7000013', 'found', 1)"))
      << "the purpose has no default";
}

TEST_F(TeachersSchema, AMergedTrnIsRecordedOnlyForAMergedRecord) {
  ASSERT_TRUE(Accepts(TrackSql("7000011")));
  EXPECT_FALSE(Accepts("UPDATE teacher_snapshots SET trs_response = 'merged', refreshed_at = now()"))
      << "merged needs the TRN merged into";
  EXPECT_FALSE(Accepts("UPDATE teacher_snapshots SET merged_into_trn = '7000012'"))
      << "not refreshed, so not merged";
  EXPECT_FALSE(
      Accepts("UPDATE teacher_snapshots SET trs_response = 'merged', refreshed_at = now(), "
              "merged_into_trn = '7000011'"))
      << "not merged into itself";
  EXPECT_TRUE(Accepts("UPDATE teacher_snapshots SET trs_response = 'merged', refreshed_at = now(), "
                      "merged_into_trn = '7000012', next_refresh_at = NULL"));
}

TEST_F(TeachersSchema, ATrsResponseGoesWithARefreshTime) {
  ASSERT_TRUE(Accepts(TrackSql("7000013")));
  EXPECT_FALSE(Accepts("UPDATE teacher_snapshots SET trs_response = 'found'"));
  EXPECT_FALSE(Accepts("UPDATE teacher_snapshots SET refreshed_at = now()"));
  EXPECT_FALSE(Accepts("UPDATE teacher_snapshots SET trs_response = 'gone', refreshed_at = now()"));
  EXPECT_TRUE(Accepts("UPDATE teacher_snapshots SET trs_response = 'found', refreshed_at = now()"));
}

TEST_F(TeachersSchema, NewSnapshotsAreDueForRefreshFirst) {
  ASSERT_TRUE(Accepts(TrackSql("7000001")));
  ASSERT_TRUE(Accepts(TrackSql("7000005")));
  ASSERT_TRUE(Accepts("UPDATE teacher_snapshots SET trs_response = 'found', refreshed_at = now() "
                      "WHERE trn = '7000001'"));
  pqxx::connection c(db_.conninfo());
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
