#include "services/partnerships/gias_import.h"

#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "services/common/testing/service_fixture.h"
#include "services/partnerships/migrations.h"

namespace rect::partnerships {
namespace {

constexpr char kHeader[] =
    "URN,EstablishmentName,TypeOfEstablishment (code),EstablishmentStatus (code),"
    "DistrictAdministrative (code),Section41Approved (name),MainEmail,Street\r\n";

class GiasImportTest : public ::testing::Test {
 protected:
  GiasImportTest() : db_(Migrations()), store_(db_.pool()) {}

  std::string Query(const std::string& sql) {
    pqxx::connection c(db_.conninfo());
    pqxx::work txn(c);
    pqxx::row row = txn.exec1(sql);
    txn.commit();
    return row[0].is_null() ? "NULL" : row[0].as<std::string>();
  }

  testing::MigratedDatabase db_;
  PgPartnershipsStore store_;
};

TEST_F(GiasImportTest, InsertsEveryGoodRowAndReportsBadOnesByLine) {
  const std::string csv = std::string(kHeader) +
                          "100001,Oakfield Primary School,1,1,E07000012,Not applicable,"
                          "office@oakfield.example,1 Oak Lane\r\n"               // line 2
                          "100008,Border Community School,1,1,W06000005,,,\r\n"  // line 3
                          "abc,Bad URN School,1,1,E07000012,,,\r\n"              // line 4
                          "100009,,24,1,E07000188,,,\r\n"                        // line 5
                          "100003,Hillcrest House School,10,1,E07000188,Approved,,\r\n"
                          "0100001,Oakfield again,1,1,E07000012,,,\r\n"     // line 7: repeat
                          "100010,Ysgol y Bryn,thirty,1,W06000015,,,\r\n";  // line 8
  absl::StatusOr<GiasImportReport> report = ImportGiasExtract(csv, store_, 2);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->rows, 7);
  EXPECT_EQ(report->inserted, 3);
  EXPECT_EQ(report->updated, 0);
  EXPECT_EQ(report->unchanged, 0);
  ASSERT_EQ(report->invalid.size(), 4u);
  EXPECT_EQ(report->invalid[0].line, 4);
  EXPECT_EQ(report->invalid[0].reason, "urn must be 1 to 7 digits");
  EXPECT_EQ(report->invalid[1].line, 5);
  EXPECT_EQ(report->invalid[1].reason, "name is required");
  EXPECT_EQ(report->invalid[2].line, 7);
  EXPECT_EQ(report->invalid[2].reason, "URN 100001 repeats line 2");
  EXPECT_EQ(report->invalid[3].line, 8);
  EXPECT_EQ(FormatGiasImportReport(*report),
            "7 rows: 3 inserted, 0 updated, 0 unchanged, 4 invalid\n"
            "line 4: urn must be 1 to 7 digits\n"
            "line 5: name is required\n"
            "line 7: URN 100001 repeats line 2\n"
            "line 8: TypeOfEstablishment (code) is not a number: \"thirty\"\n");

  EXPECT_EQ(Query("SELECT count(*) FROM gias_schools"), "3");
  EXPECT_EQ(Query("SELECT name || '|' || primary_contact_email || '|' || address_line1 || '|' "
                  "|| eligible FROM gias_schools WHERE urn = '100001'"),
            "Oakfield Primary School|office@oakfield.example|1 Oak Lane|true");
  EXPECT_EQ(Query("SELECT eligible || '|' || in_england FROM gias_schools WHERE urn = '100008'"),
            "false|false");
  EXPECT_EQ(Query("SELECT eligible || '|' || section_41_approved FROM gias_schools "
                  "WHERE urn = '100003'"),
            "true|true");
}

TEST_F(GiasImportTest, ReRunningChangesNothingAndChangedRowsAreUpdated) {
  const std::string csv = std::string(kHeader) +
                          "100001,Oakfield Primary School,1,1,E07000012,,,\n"
                          "100002,Riverside Academy,34,3,E07000081,,office@riverside.example,\n";
  ASSERT_TRUE(ImportGiasExtract(csv, store_, 500).ok());
  Query(
      "WITH moved AS (UPDATE gias_schools SET updated_at = updated_at - interval '1 day' "
      "RETURNING 1) SELECT count(*) FROM moved");
  const std::string before = Query("SELECT string_agg(updated_at::text, ',') FROM gias_schools");

  absl::StatusOr<GiasImportReport> again = ImportGiasExtract(csv, store_, 1);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->unchanged, 2);
  EXPECT_EQ(again->inserted + again->updated, 0);
  EXPECT_EQ(Query("SELECT string_agg(updated_at::text, ',') FROM gias_schools"), before);

  absl::StatusOr<GiasImportReport> changed =
      ImportGiasExtract(std::string(kHeader) +
                            "100001,Oakfield Primary School,1,2,E07000012,,,\n"
                            "100002,Riverside Academy,34,3,E07000081,,office@riverside.example,\n"
                            "100003,Hillcrest House School,10,1,E07000188,Approved,,\n",
                        store_, 500);
  ASSERT_TRUE(changed.ok()) << changed.status();
  EXPECT_EQ(changed->inserted, 1);
  EXPECT_EQ(changed->updated, 1);
  EXPECT_EQ(changed->unchanged, 1);
  EXPECT_EQ(Query("SELECT status_code || '|' || open || '|' || eligible FROM gias_schools "
                  "WHERE urn = '100001'"),
            "2|false|false");
}

TEST_F(GiasImportTest, ABadRowNeverChangesTheStoredSchool) {
  ASSERT_TRUE(
      ImportGiasExtract(std::string(kHeader) + "100001,Oakfield Primary School,1,1,E07000012,,,\n",
                        store_, 500)
          .ok());
  absl::StatusOr<GiasImportReport> report = ImportGiasExtract(
      std::string(kHeader) + "100001,Oakfield Primary School,1,closed,E07000012,,,\n", store_, 500);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->invalid.size(), 1u);
  EXPECT_EQ(Query("SELECT status_code FROM gias_schools WHERE urn = '100001'"), "1");
}

TEST_F(GiasImportTest, AnUnusableHeaderWritesNothing) {
  absl::StatusOr<GiasImportReport> report = ImportGiasExtract("URN\n100001\n", store_, 500);
  EXPECT_EQ(report.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Query("SELECT count(*) FROM gias_schools"), "0");
}

TEST_F(GiasImportTest, TheStoreRollsBackOnlyARejectedSchool) {
  GiasSchool good, bad;
  good.urn = "100001";
  good.name = "Oakfield Primary School";
  good.type_code = 1;
  good.status_code = 1;
  bad = good;
  bad.urn = "not a urn";  // the table's CHECK rejects it
  GiasSchool later = good;
  later.urn = "100002";
  absl::StatusOr<std::vector<UpsertResult>> results =
      store_.UpsertGiasSchools({{good, {}}, {bad, {}}, {later, {}}});
  ASSERT_TRUE(results.ok()) << results.status();
  ASSERT_EQ(results->size(), 3u);
  EXPECT_EQ((*results)[0].outcome, UpsertOutcome::kInserted);
  EXPECT_EQ((*results)[1].outcome, UpsertOutcome::kRejected);
  EXPECT_EQ((*results)[1].error,
            "database: new row for relation \"gias_schools\" violates check constraint "
            "\"gias_schools_urn_check\"");
  EXPECT_EQ((*results)[2].outcome, UpsertOutcome::kInserted) << (*results)[2].error;
  EXPECT_EQ(Query("SELECT string_agg(urn, ',' ORDER BY urn) FROM gias_schools"), "100001,100002");
}

}  // namespace
}  // namespace rect::partnerships
