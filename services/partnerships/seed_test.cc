#include "services/partnerships/seed.h"

#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "services/common/testing/service_fixture.h"
#include "services/partnerships/migrations.h"

namespace rect::partnerships {
namespace {

class SeedTest : public ::testing::Test {
 protected:
  SeedTest() : db_(Migrations()) {}

  std::string Query(const std::string& sql) {
    pqxx::connection c(db_.conninfo());
    pqxx::work txn(c);
    pqxx::row row = txn.exec1(sql);
    txn.commit();
    return row[0].is_null() ? "NULL" : row[0].as<std::string>();
  }

  // Every table's row count, to show a second run adds nothing.
  std::string Counts() {
    return Query(
        "SELECT (SELECT count(*) FROM gias_schools) || ' ' || "
        "(SELECT count(*) FROM contract_periods) || ' ' || "
        "(SELECT count(*) FROM lead_providers) || ' ' || "
        "(SELECT count(*) FROM delivery_partners) || ' ' || "
        "(SELECT count(*) FROM lead_provider_cohorts) || ' ' || "
        "(SELECT count(*) FROM provider_relationships) || ' ' || "
        "(SELECT count(*) FROM school_cohorts) || ' ' || "
        "(SELECT count(*) FROM partnerships) || ' ' || "
        "(SELECT count(*) FROM event_log)");
  }

  testing::MigratedDatabase db_;
};

TEST_F(SeedTest, AppliesTheWholeDataSetAndIsSafeToRepeat) {
  absl::StatusOr<GiasImportReport> first = ApplySeed(db_.pool());
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->inserted, 18);
  EXPECT_TRUE(first->invalid.empty());
  EXPECT_EQ(Counts(), "18 5 2 4 10 12 8 8 9");

  absl::StatusOr<GiasImportReport> second = ApplySeed(db_.pool());
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->unchanged, 18);
  EXPECT_EQ(Counts(), "18 5 2 4 10 12 8 8 9");
}

// Each §9 school's GIAS facts give the eligibility its expected CSV result needs.
struct SchoolCase {
  const char* urn;
  bool eligible;
  bool cip_only;
};

class SeedSchoolTest : public SeedTest, public ::testing::WithParamInterface<SchoolCase> {};

TEST_P(SeedSchoolTest, HasTheEligibilityOfSection9) {
  ASSERT_TRUE(ApplySeed(db_.pool()).ok());
  EXPECT_EQ(Query("SELECT eligible || ' ' || cip_only FROM gias_schools WHERE urn = '" +
                  std::string(GetParam().urn) + "'"),
            std::string(GetParam().eligible ? "true" : "false") + " " +
                (GetParam().cip_only ? "true" : "false"));
}

INSTANTIATE_TEST_SUITE_P(
    Section9, SeedSchoolTest,
    ::testing::Values(SchoolCase{"100001", true, false}, SchoolCase{"100002", true, false},
                      SchoolCase{"100003", true, false}, SchoolCase{"20005", true, false},
                      SchoolCase{"20006", true, false}, SchoolCase{"100006", false, false},
                      SchoolCase{"100007", false, false}, SchoolCase{"100008", false, false},
                      SchoolCase{"100009", false, false}, SchoolCase{"100010", false, true},
                      SchoolCase{"100011", false, true}, SchoolCase{"100012", false, true},
                      SchoolCase{"100013", false, false}, SchoolCase{"100014", false, true},
                      SchoolCase{"100015", true, false}, SchoolCase{"100016", true, false},
                      SchoolCase{"100017", true, false}, SchoolCase{"100018", true, false}),
    [](const ::testing::TestParamInfo<SchoolCase>& info) {
      return std::string("Urn") + info.param.urn;
    });

TEST_F(SeedTest, PartnershipsMatchSection9) {
  ASSERT_TRUE(ApplySeed(db_.pool()).ok());
  EXPECT_EQ(Query("SELECT string_agg(s.urn || ':' || l.name || '/' || d.name || ':' || "
                  "coalesce(p.challenge_reason::text, 'unchallenged'), ', ' ORDER BY s.urn) "
                  "FROM partnerships p JOIN gias_schools s ON s.id = p.school_id "
                  "JOIN lead_providers l ON l.id = p.lead_provider_id "
                  "JOIN delivery_partners d ON d.id = p.delivery_partner_id "
                  "WHERE p.contract_period_year = 2021"),
            "100015:Northern Teaching Trust/Dales Teaching Hub:unchallenged, "
            "100016:Southern Learning Partnership/Solent Teaching Network:unchallenged, "
            "100017:Southern Learning Partnership/Solent Teaching Network:another_provider, "
            "100018:Southern Learning Partnership/Solent Teaching Network:unchallenged");
  // LP1's live delivery partners per year: DP4 never appears.
  EXPECT_EQ(Query("SELECT string_agg(r.contract_period_year || ' ' || d.name, ', ' "
                  "ORDER BY r.contract_period_year, d.name) FROM provider_relationships r "
                  "JOIN delivery_partners d ON d.id = r.delivery_partner_id "
                  "WHERE r.lead_provider_id = '11111111-1111-4111-8111-000000000001' "
                  "AND r.discarded_at IS NULL AND r.contract_period_year <= 2022"),
            "2021 Dales Teaching Hub, 2021 Pennine Schools Alliance, "
            "2022 Pennine Schools Alliance");
  // The open years: LP1 partners URN 100015 with DP2 each year, LP2 URN 100016 in 2024.
  EXPECT_EQ(Query("SELECT string_agg(p.contract_period_year || ' ' || s.urn || ':' || "
                  "l.name || '/' || d.name, ', ' ORDER BY p.contract_period_year, s.urn) "
                  "FROM partnerships p JOIN gias_schools s ON s.id = p.school_id "
                  "JOIN lead_providers l ON l.id = p.lead_provider_id "
                  "JOIN delivery_partners d ON d.id = p.delivery_partner_id "
                  "WHERE p.contract_period_year >= 2023"),
            "2023 100015:Northern Teaching Trust/Dales Teaching Hub, "
            "2024 100015:Northern Teaching Trust/Dales Teaching Hub, "
            "2024 100016:Southern Learning Partnership/Solent Teaching Network, "
            "2025 100015:Northern Teaching Trust/Dales Teaching Hub");
  EXPECT_EQ(Query("SELECT count(*) FROM school_cohorts WHERE contract_period_year = 2022"), "0");
}

}  // namespace
}  // namespace rect::partnerships
