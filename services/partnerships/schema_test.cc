// The partnerships schema's own rules, checked against PostgreSQL directly: URNs, eligibility
// flags, soft-deleted relationships, partnership uniqueness and the challenge trail.
#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <string>

#include "absl/strings/substitute.h"
#include "services/common/testing/schema_test_base.h"
#include "services/partnerships/migrations.h"

namespace rect::partnerships {
namespace {

constexpr char kLp1[] = "1b000000-0000-4000-8000-000000000001";
constexpr char kLp2[] = "1b000000-0000-4000-8000-000000000002";
constexpr char kDp1[] = "d0000000-0000-4000-8000-000000000001";
constexpr char kDp2[] = "d0000000-0000-4000-8000-000000000002";
constexpr char kOakfield[] = "5c000000-0000-4000-8000-000000100001";
constexpr char kRiverside[] = "5c000000-0000-4000-8000-000000100002";
constexpr char kPartnership[] = "9a000000-0000-4000-8000-000000000001";

class PartnershipsSchema : public testing::SchemaTestBase {
 protected:
  PartnershipsSchema() : SchemaTestBase(Migrations()) {
    Require(
        "INSERT INTO contract_periods (year, started_on, finished_on, academic_year_start_date, "
        "enabled) VALUES (2021, '2021-06-01', '2022-05-31', '2021-09-01', false), "
        "(2022, '2022-06-01', '2023-05-31', '2022-09-01', true)");
    Require(absl::Substitute(
        "INSERT INTO lead_providers (id, name) VALUES ('$0', 'Northern Teaching Trust'), "
        "('$1', 'Southern Learning Partnership');"
        "INSERT INTO delivery_partners (id, name) VALUES ('$2', 'Pennine Schools Alliance'), "
        "('$3', 'Dales Teaching Hub');"
        "INSERT INTO lead_provider_cohorts (lead_provider_id, contract_period_year) VALUES "
        "('$0', 2021), ('$0', 2022), ('$1', 2021);"
        "INSERT INTO gias_schools (id, urn, name, type_code, status_code, open, in_england, "
        "eligible, cip_only) VALUES ('$4', '100001', 'Oakfield Primary School', 1, 1, true, "
        "true, true, false), ('$5', '100002', 'Riverside Academy', 34, 3, true, true, true, "
        "false);"
        "INSERT INTO partnerships (id, school_id, lead_provider_id, delivery_partner_id, "
        "contract_period_year) VALUES ('$6', '$4', '$0', '$2', 2021)",
        kLp1, kLp2, kDp1, kDp2, kOakfield, kRiverside, kPartnership));
  }


};

TEST_F(PartnershipsSchema, ContractPeriodsStartInTheirYearAndNeverOverlap) {
  const std::string insert =
      "INSERT INTO contract_periods (year, started_on, finished_on, academic_year_start_date) "
      "VALUES ($0, '$1', '$2', '$3')";
  EXPECT_TRUE(Refuses(absl::Substitute(insert, 2023, "2022-06-01", "2023-05-31", "2022-09-01"),
                      "contract_periods_start_in_their_year"));
  EXPECT_TRUE(Refuses(absl::Substitute(insert, 2023, "2023-05-31", "2024-05-31", "2023-09-01"),
                      "contract_periods_no_overlap"));
  EXPECT_TRUE(Refuses(absl::Substitute(insert, 2023, "2023-06-01", "2024-05-31", "2024-09-01"),
                      "contract_periods_academic_year_inside"));
  EXPECT_TRUE(Accepts(absl::Substitute(insert, 2023, "2023-06-01", "2024-05-31", "2023-09-01")));
}

TEST_F(PartnershipsSchema, SchoolUrnsAreUniqueWithoutLeadingZeros) {
  const std::string insert =
      "INSERT INTO gias_schools (urn, name, type_code, status_code, open, in_england, eligible, "
      "cip_only) VALUES ('$0', 'A School', 1, 1, true, true, true, false)";
  EXPECT_TRUE(Refuses(absl::Substitute(insert, "020006"), "gias_schools_urn_check"));
  EXPECT_TRUE(Refuses(absl::Substitute(insert, "0"), "gias_schools_urn_check"));
  EXPECT_TRUE(Refuses(absl::Substitute(insert, "12345678"), "gias_schools_urn_check"));
  EXPECT_TRUE(Refuses(absl::Substitute(insert, "100001"), "gias_schools_urn_key"));
  EXPECT_TRUE(Accepts(absl::Substitute(insert, "20006")));
}

TEST_F(PartnershipsSchema, EligibilityFlagsAreConsistent) {
  const std::string insert =
      "INSERT INTO gias_schools (urn, name, type_code, status_code, open, in_england, eligible, "
      "cip_only) VALUES ('$0', 'A School', 1, 1, $1, $2, $3, $4)";
  EXPECT_TRUE(Refuses(absl::Substitute(insert, "1", false, true, true, false),
                      "gias_schools_eligible_only_when_open_in_england"));
  EXPECT_TRUE(Refuses(absl::Substitute(insert, "2", true, false, true, false),
                      "gias_schools_eligible_only_when_open_in_england"));
  EXPECT_TRUE(Refuses(absl::Substitute(insert, "3", true, true, true, true),
                      "gias_schools_cip_only_when_open_and_not_eligible"));
  EXPECT_TRUE(Refuses(absl::Substitute(insert, "4", false, false, false, true),
                      "gias_schools_cip_only_when_open_and_not_eligible"));
  EXPECT_TRUE(Accepts(absl::Substitute(insert, "5", true, false, false, true)))
      << "CIP-only needs no England test";
  EXPECT_TRUE(Accepts(absl::Substitute(insert, "6", false, false, false, false)));
}

TEST_F(PartnershipsSchema, DeliveryPartnerNamesHaveWhitespaceSqueezed) {
  const std::string insert = "INSERT INTO delivery_partners (name) VALUES (E'$0')";
  for (const char* bad :
       {"Solent  Teaching Network", " Solent", "Solent ", "Solent\\tNetwork", "", "   "}) {
    EXPECT_TRUE(Refuses(absl::Substitute(insert, bad), "delivery_partners_name_squeezed")) << bad;
  }
  EXPECT_TRUE(Accepts(absl::Substitute(insert, "Solent Teaching Network")));
}

TEST_F(PartnershipsSchema, LiveDeliveryPartnerAndLeadProviderNamesAreUnique) {
  EXPECT_TRUE(Refuses("INSERT INTO lead_providers (name) VALUES ('NORTHERN teaching trust')",
                      "lead_providers_name"));
  EXPECT_TRUE(Refuses("INSERT INTO delivery_partners (name) VALUES ('Dales Teaching Hub')",
                      "delivery_partners_live_name"));
  EXPECT_TRUE(
      Accepts(absl::Substitute("UPDATE delivery_partners SET discarded_at = now() WHERE id = '$0';"
                               "INSERT INTO delivery_partners (name) VALUES ('Dales Teaching Hub')",
                               kDp2)))
      << "a discarded partner's name is free again";
}

TEST_F(PartnershipsSchema, LeadProvidersAreActiveOncePerYear) {
  EXPECT_TRUE(Refuses(absl::Substitute("INSERT INTO lead_provider_cohorts (lead_provider_id, "
                                       "contract_period_year) VALUES ('$0', 2021)",
                                       kLp1),
                      "lead_provider_cohorts_lead_provider_id_contract_period_year_key"));
  EXPECT_TRUE(Refuses(absl::Substitute("INSERT INTO lead_provider_cohorts (lead_provider_id, "
                                       "contract_period_year) VALUES ('$0', 2030)",
                                       kLp2),
                      "lead_provider_cohorts_contract_period_year_fkey"));
}

TEST_F(PartnershipsSchema, ProviderRelationshipsOneLivePerYearAndOnlyInActiveYears) {
  const std::string insert =
      "INSERT INTO provider_relationships (lead_provider_id, delivery_partner_id, "
      "contract_period_year) VALUES ('$0', '$1', $2)";
  ASSERT_TRUE(Accepts(absl::Substitute(insert, kLp1, kDp1, 2021)));
  EXPECT_TRUE(
      Refuses(absl::Substitute(insert, kLp1, kDp1, 2021), "provider_relationships_one_live"));
  EXPECT_TRUE(Accepts(absl::Substitute(insert, kLp1, kDp1, 2022)));
  EXPECT_TRUE(Refuses(absl::Substitute(insert, kLp2, kDp1, 2022),
                      "provider_relationships_lead_provider_id_contract_period_ye_fkey"))
      << "LP2 is not active in 2022";
  EXPECT_TRUE(
      Accepts("UPDATE provider_relationships SET discarded_at = now() "
              "WHERE contract_period_year = 2021;" +
              absl::Substitute(insert, kLp1, kDp1, 2021)))
      << "a discarded relationship can be made again";
}

TEST_F(PartnershipsSchema, OnePartnershipPerSchoolProviderPartnerAndYear) {
  const std::string insert =
      "INSERT INTO partnerships (school_id, lead_provider_id, delivery_partner_id, "
      "contract_period_year) VALUES ('$0', '$1', '$2', $3)";
  EXPECT_TRUE(Refuses(absl::Substitute(insert, kOakfield, kLp1, kDp1, 2021),
                      "partnerships_school_id_lead_provider_id_delivery_partner_id_key"));
  EXPECT_TRUE(Accepts(absl::Substitute(insert, kOakfield, kLp1, kDp2, 2021)))
      << "the unique key includes the delivery partner";
  EXPECT_TRUE(Accepts(absl::Substitute(insert, kOakfield, kLp2, kDp1, 2021)))
      << "and the lead provider";
  EXPECT_TRUE(Accepts(absl::Substitute(insert, kOakfield, kLp1, kDp1, 2022)));
  EXPECT_TRUE(Refuses(absl::Substitute(insert, kRiverside, kLp2, kDp1, 2022),
                      "partnerships_lead_provider_id_contract_period_year_fkey"))
      << "LP2 is not active in 2022";
}

TEST_F(PartnershipsSchema, ChallengesHaveAReasonAndATime) {
  const std::string update =
      absl::StrCat("UPDATE partnerships SET challenged_at = $0, challenge_reason = $1 WHERE id = '",
                   kPartnership, "'");
  EXPECT_TRUE(
      Refuses(absl::Substitute(update, "now()", "NULL"), "partnerships_challenge_complete"));
  EXPECT_TRUE(
      Refuses(absl::Substitute(update, "NULL", "'mistake'"), "partnerships_challenge_complete"));
  EXPECT_TRUE(Refuses(absl::Substitute(update, "now()", "'changed_mind'"),
                      "invalid input value for enum challenge_reason"));
  EXPECT_TRUE(Accepts(absl::Substitute(update, "now()", "'no_ects'")));
  EXPECT_TRUE(Accepts(absl::Substitute(update, "NULL", "NULL"))) << "an admin un-challenge";
}

TEST_F(PartnershipsSchema, SchoolCohortsHoldOneProgrammeChoicePerYear) {
  const std::string insert =
      "INSERT INTO school_cohorts (school_id, contract_period_year, induction_programme_choice) "
      "VALUES ('$0', $1, '$2')";
  ASSERT_TRUE(Accepts(absl::Substitute(insert, kOakfield, 2021, "full_induction_programme")));
  EXPECT_TRUE(Refuses(absl::Substitute(insert, kOakfield, 2021, "core_induction_programme"),
                      "school_cohorts_school_id_contract_period_year_key"));
  EXPECT_TRUE(Refuses(absl::Substitute(insert, kOakfield, 2022, "provider_led"),
                      "invalid input value for enum induction_programme_choice"));
  EXPECT_TRUE(Accepts(absl::Substitute(insert, kOakfield, 2022, "no_early_career_teachers")));
}

TEST_F(PartnershipsSchema, ChallengeTokensAreStoredAsSha256Digests) {
  const std::string insert =
      "INSERT INTO partnership_notification_emails (partnership_id, token_digest, sent_to, "
      "email_type) VALUES ('$0', $1, '$2', '$3')";
  EXPECT_TRUE(
      Refuses(absl::Substitute(insert, kPartnership, "'\\x0123'", "a@b.example", "school_email"),
              "partnership_notification_emails_token_digest_check"));
  EXPECT_TRUE(Refuses(
      absl::Substitute(insert, kPartnership, "sha256('t1')", "a@b.example", "lead_provider_email"),
      "invalid input value for enum partnership_email_type"));
  ASSERT_TRUE(Accepts(absl::Substitute(insert, kPartnership, "sha256('t1')", "a@b.example",
                                       "induction_coordinator_email")));
  EXPECT_TRUE(Refuses(absl::Substitute(insert, kPartnership, "sha256('t1')", "a@b.example",
                                       "school_reminder_email"),
                      "partnership_notification_emails_token_digest_key"));
  EXPECT_TRUE(
      Refuses(absl::Substitute(insert, kPartnership, "sha256('t2')", "nobody", "school_email"),
              "partnership_notification_emails_sent_to_check"));
  EXPECT_TRUE(Refuses(absl::Substitute("INSERT INTO nomination_emails (school_id, token_digest, "
                                       "sent_to) VALUES ('$0', 'short', 'a@b.example')",
                                       kOakfield),
                      "nomination_emails_token_digest_check"));
}

TEST_F(PartnershipsSchema, CsvUploadsKeepEveryUrnInOrder) {
  const std::string insert =
      "INSERT INTO partnership_csv_uploads (lead_provider_id, delivery_partner_id, "
      "contract_period_year, uploaded_urns) VALUES ('$0', '$1', $2, $3)";
  EXPECT_TRUE(Accepts(absl::Substitute(insert, kLp1, kDp1, 2021,
                                       "ARRAY['', '100001', '100002', '020006', '100001']")));
  EXPECT_TRUE(Refuses(absl::Substitute(insert, kLp1, kDp1, 2021, "ARRAY['100001', NULL]"),
                      "partnership_csv_uploads_uploaded_urns_check"));
  EXPECT_TRUE(Refuses(absl::Substitute(insert, kLp2, kDp1, 2022, "ARRAY['100001']"),
                      "partnership_csv_uploads_lead_provider_id_contract_period_y_fkey"))
      << "LP2 is not active in 2022";
}

TEST_F(PartnershipsSchema, ChallengeEventsRecordTheirReason) {
  const std::string insert =
      "INSERT INTO event_log (partnership_id, event, data) VALUES ('$0', '$1', '$2')";
  EXPECT_TRUE(Accepts(absl::Substitute(insert, kPartnership, "reported", "{}")));
  EXPECT_TRUE(Refuses(absl::Substitute(insert, kPartnership, "challenged", "{}"),
                      "event_log_challenge_has_reason"));
  EXPECT_TRUE(
      Refuses(absl::Substitute(insert, kPartnership, "challenged", "{\"reason\": \"bored\"}"),
              "invalid input value for enum challenge_reason"));
  EXPECT_TRUE(Accepts(
      absl::Substitute(insert, kPartnership, "challenged", "{\"reason\": \"another_provider\"}")));
  EXPECT_TRUE(Refuses(absl::Substitute(insert, kPartnership, "withdrawn", "{}"),
                      "invalid input value for enum partnership_event"));
}

}  // namespace
}  // namespace rect::partnerships
