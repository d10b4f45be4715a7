// The registration schema's own rules, checked against PostgreSQL directly: period overlaps,
// nesting, training-programme fields and the other constraints the code relies on.
#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "services/common/testing/schema_test_base.h"
#include "services/registration/migrations.h"

namespace rect::registration {
namespace {

constexpr char kAnn[] = "a0000000-0000-4000-8000-000000000001";
constexpr char kBen[] = "a0000000-0000-4000-8000-000000000002";
constexpr char kCat[] = "a0000000-0000-4000-8000-000000000003";
constexpr char kSchedule2025[] = "5c000000-0000-4000-8000-000000002025";
constexpr char kSchedule2024[] = "5c000000-0000-4000-8000-000000002024";
constexpr char kLeadProvider[] = "1b000000-0000-4000-8000-000000000001";
constexpr char kInterest[] = "e0000000-0000-4000-8000-000000000001";
constexpr char kPartnership[] = "9a000000-0000-4000-8000-000000000001";

// Period ids used across tests.
constexpr char kEct1[] = "ec000000-0000-4000-8000-000000000001";
constexpr char kEct2[] = "ec000000-0000-4000-8000-000000000002";
constexpr char kMentor1[] = "3e000000-0000-4000-8000-000000000001";
constexpr char kMentor2[] = "3e000000-0000-4000-8000-000000000002";

// "NULL" for an open end, else the quoted date.
std::string Date(const std::string& date) {
  return date.empty() ? "NULL" : absl::StrCat("'", date, "'");
}

std::string EctPeriod(const char* id, const char* teacher, const char* urn,
                      const std::string& started, const std::string& finished = "") {
  return absl::Substitute(
      "INSERT INTO ect_at_school_periods (id, teacher_id, school_urn, started_on, finished_on, "
      "email, working_pattern) VALUES ('$0', '$1', '$2', $3, $4, 'ect@example.com', 'full_time')",
      id, teacher, urn, Date(started), Date(finished));
}

std::string MentorPeriod(const char* id, const char* teacher, const char* urn,
                         const std::string& started, const std::string& finished = "") {
  return absl::Substitute(
      "INSERT INTO mentor_at_school_periods (id, teacher_id, school_urn, started_on, "
      "finished_on, email) VALUES ('$0', '$1', '$2', $3, $4, 'mentor@example.com')",
      id, teacher, urn, Date(started), Date(finished));
}

// Copies teachers and school from the two periods, as the store does.
std::string Mentorship(const char* ect_period, const char* mentor_period,
                       const std::string& started, const std::string& finished = "") {
  return absl::Substitute(
      "INSERT INTO mentorship_periods (ect_at_school_period_id, mentor_at_school_period_id, "
      "school_urn, mentee_teacher_id, mentor_teacher_id, started_on, finished_on) "
      "SELECT e.id, m.id, e.school_urn, e.teacher_id, m.teacher_id, $2, $3 "
      "FROM ect_at_school_periods e, mentor_at_school_periods m "
      "WHERE e.id = '$0' AND m.id = '$1'",
      ect_period, mentor_period, Date(started), Date(finished));
}

std::string SchoolLedEctTraining(const char* ect_period, const std::string& started,
                                 const std::string& finished = "") {
  return absl::Substitute(
      "INSERT INTO training_periods (ect_at_school_period_id, started_on, finished_on, "
      "training_programme) VALUES ('$0', $1, $2, 'school_led')",
      ect_period, Date(started), Date(finished));
}

class RegistrationSchema : public testing::SchemaTestBase {
 protected:
  RegistrationSchema() : SchemaTestBase(Migrations()) {
    Require(
        absl::Substitute("INSERT INTO teachers (id, trn, trs_first_name, trs_last_name) VALUES "
                         "('$0', '1000001', 'Ann', 'Ash'), ('$1', '1000002', 'Ben', 'Birch'), "
                         "('$2', '1000003', 'Cat', 'Cedar')",
                         kAnn, kBen, kCat));
    Require(absl::Substitute(
        "INSERT INTO schedules (id, contract_period_year, identifier) VALUES "
        "('$0', 2025, 'ecf-standard-september'), ('$1', 2024, 'ecf-standard-september')",
        kSchedule2025, kSchedule2024));
  }



};

TEST_F(RegistrationSchema, TeachersHaveOneRowPerSevenDigitTrn) {
  const char* insert =
      "INSERT INTO teachers (trn, trs_first_name, trs_last_name) VALUES ('$0', 'Dee', 'Dunn')";
  EXPECT_TRUE(Refuses(absl::Substitute(insert, "123456"), "teachers_trn_check"));
  EXPECT_TRUE(Refuses(absl::Substitute(insert, "12345678"), "teachers_trn_check"));
  EXPECT_TRUE(Refuses(absl::Substitute(insert, "12345a7"), "teachers_trn_check"));
  EXPECT_TRUE(Refuses(absl::Substitute(insert, "1000001"), "teachers_trn_key")) << "duplicate TRN";
  EXPECT_TRUE(Accepts(absl::Substitute(insert, "0000004")));
}

TEST_F(RegistrationSchema, TeacherNamesAreRequiredAndLimited) {
  EXPECT_TRUE(Refuses(
      "INSERT INTO teachers (trn, trs_first_name, trs_last_name) VALUES ('1000004', ' ', 'D')",
      "teachers_trs_first_name_check"));
  EXPECT_TRUE(Refuses(
      "INSERT INTO teachers (trn, trs_first_name, trs_last_name) VALUES ('1000004', 'D', '')",
      "teachers_trs_last_name_check"));
  const std::string corrected = "UPDATE teachers SET corrected_name = '$0' WHERE trn = '1000001'";
  EXPECT_TRUE(Accepts(absl::Substitute(corrected, std::string(70, 'x'))));
  EXPECT_TRUE(
      Refuses(absl::Substitute(corrected, std::string(71, 'x')), "teachers_corrected_name_check"));
  EXPECT_TRUE(Refuses(absl::Substitute(corrected, "   "), "teachers_corrected_name_check"));
}

TEST_F(RegistrationSchema, TrsRedirectsNameTheirTargetAndIneligibilityIsDated) {
  EXPECT_TRUE(
      Refuses("UPDATE teachers SET trs_response = 'permanent_redirect' "
              "WHERE trn = '1000001'",
              "teachers_redirect_has_target"));
  EXPECT_TRUE(
      Accepts("UPDATE teachers SET trs_response = 'permanent_redirect', "
              "trs_redirected_to = '7000012' WHERE trn = '1000001'"));
  EXPECT_TRUE(Refuses("UPDATE teachers SET trs_response = 'merged' WHERE trn = '1000002'",
                      "invalid input value for enum trs_response"));
  EXPECT_TRUE(
      Refuses("UPDATE teachers SET mentor_became_ineligible_for_funding_reason = "
              "'completed_declaration_received' WHERE trn = '1000002'",
              "teachers_mentor_ineligibility_dated"));
  EXPECT_TRUE(
      Accepts("UPDATE teachers SET mentor_became_ineligible_for_funding_reason = "
              "'completed_during_early_roll_out', "
              "mentor_became_ineligible_for_funding_on = '2021-04-19' "
              "WHERE trn = '1000002'"));
}

TEST_F(RegistrationSchema, PeriodsFinishOnOrAfterTheyStart) {
  EXPECT_TRUE(Refuses(EctPeriod(kEct1, kAnn, "100001", "2025-09-01", "2025-08-31"),
                      "ect_at_school_periods_finish_not_before_start"));
  EXPECT_TRUE(Accepts(EctPeriod(kEct1, kAnn, "100001", "2025-09-01", "2025-09-01")))
      << "a one-day period";
  EXPECT_TRUE(Refuses(MentorPeriod(kMentor1, kBen, "100001", "2025-09-01", "2025-08-31"),
                      "mentor_at_school_periods_finish_not_before_start"));
}

TEST_F(RegistrationSchema, SchoolUrnsAreStoredWithoutLeadingZeros) {
  EXPECT_TRUE(Refuses(EctPeriod(kEct1, kAnn, "020006", "2025-09-01"),
                      "ect_at_school_periods_school_urn_check"));
  EXPECT_TRUE(Refuses(EctPeriod(kEct1, kAnn, "12345678", "2025-09-01"),
                      "ect_at_school_periods_school_urn_check"));
  EXPECT_TRUE(Accepts(EctPeriod(kEct1, kAnn, "20006", "2025-09-01")));
}

TEST_F(RegistrationSchema, EctPeriodsOfATeacherNeverOverlapAtAnySchools) {
  Require(EctPeriod(kEct1, kAnn, "100001", "2024-09-01", "2025-07-31"));
  EXPECT_TRUE(Refuses(EctPeriod(kEct2, kAnn, "100002", "2025-07-31"),
                      "ect_at_school_periods_no_overlap_per_teacher"))
      << "the finish day is part of the period";
  EXPECT_TRUE(Refuses(EctPeriod(kEct2, kAnn, "100002", "2024-01-01", "2024-09-01"),
                      "ect_at_school_periods_no_overlap_per_teacher"));
  EXPECT_TRUE(Accepts(EctPeriod(kEct2, kAnn, "100002", "2025-08-01")));
  EXPECT_TRUE(
      Accepts(EctPeriod("ec000000-0000-4000-8000-000000000003", kBen, "100001", "2024-09-01")))
      << "other teachers are unaffected";
}

TEST_F(RegistrationSchema, OnlyOneOpenEctPeriodPerTeacher) {
  Require(EctPeriod(kEct1, kAnn, "100001", "2024-09-01"));
  EXPECT_TRUE(Refuses(EctPeriod(kEct2, kAnn, "100002", "2025-09-01"),
                      "ect_at_school_periods_no_overlap_per_teacher"));
  EXPECT_TRUE(Refuses(EctPeriod(kEct2, kAnn, "100001", "2025-09-01"),
                      "ect_at_school_periods_no_overlap_per_teacher"));
  // Closing the open period first (the transfer on save) lets the new one in.
  EXPECT_TRUE(Accepts(
      absl::StrCat("UPDATE ect_at_school_periods SET finished_on = '2025-08-31' WHERE id = '",
                   kEct1, "';", EctPeriod(kEct2, kAnn, "100002", "2025-09-01"))));
}

TEST_F(RegistrationSchema, MentorsMayBeOpenAtSeveralSchoolsButOnceAtEach) {
  Require(MentorPeriod(kMentor1, kAnn, "100001", "2024-09-01"));
  EXPECT_TRUE(Accepts(MentorPeriod(kMentor2, kAnn, "100002", "2025-01-01")));
  EXPECT_TRUE(
      Refuses(MentorPeriod("3e000000-0000-4000-8000-000000000003", kAnn, "100001", "2025-09-01"),
              "mentor_at_school_periods_no_overlap_per_school"));
  EXPECT_TRUE(
      Accepts(MentorPeriod("3e000000-0000-4000-8000-000000000003", kBen, "100001", "2025-09-01")));
}

TEST_F(RegistrationSchema, OneMentorshipAtATimePerEctPeriod) {
  Require(EctPeriod(kEct1, kAnn, "100001", "2025-09-01"));
  Require(MentorPeriod(kMentor1, kBen, "100001", "2025-01-01"));
  Require(MentorPeriod(kMentor2, kCat, "100001", "2025-01-01"));
  Require(Mentorship(kEct1, kMentor1, "2025-09-01", "2025-12-31"));
  EXPECT_TRUE(Refuses(Mentorship(kEct1, kMentor2, "2025-12-31"),
                      "mentorship_periods_one_at_a_time_per_ect"));
  EXPECT_TRUE(Accepts(Mentorship(kEct1, kMentor2, "2026-01-01")));
  EXPECT_EQ(Count("SELECT count(*) FROM mentorship_periods"), 2);
}

TEST_F(RegistrationSchema, MentorAndMenteeAreDifferentTeachersAtTheSameSchool) {
  Require(EctPeriod(kEct1, kAnn, "100001", "2025-09-01"));
  Require(MentorPeriod(kMentor1, kAnn, "100001", "2025-09-01"));
  Require(MentorPeriod(kMentor2, kBen, "100002", "2025-09-01"));
  EXPECT_TRUE(
      Refuses(Mentorship(kEct1, kMentor1, "2025-09-01"), "mentorship_periods_mentor_is_not_mentee"))
      << "mentoring themself";
  EXPECT_TRUE(Refuses(Mentorship(kEct1, kMentor2, "2025-09-01"),
                      "mentorship_periods_mentor_at_school_period_id_mentor_teach_fkey"))
      << "mentor at another school";
  // Even when the copied school is lied about, the composite keys refuse it.
  EXPECT_TRUE(Refuses(
      absl::Substitute(
          "INSERT INTO mentorship_periods (ect_at_school_period_id, mentor_at_school_period_id, "
          "school_urn, mentee_teacher_id, mentor_teacher_id, started_on) VALUES "
          "('$0', '$1', '100002', '$2', '$3', '2025-09-01')",
          kEct1, kMentor2, kAnn, kBen),
      "mentorship_periods_ect_at_school_period_id_mentee_teacher__fkey"));
  EXPECT_EQ(Count("SELECT count(*) FROM mentorship_periods"), 0);
}

TEST_F(RegistrationSchema, TrainingBelongsToExactlyOneEctOrMentorPeriod) {
  Require(EctPeriod(kEct1, kAnn, "100001", "2025-09-01"));
  Require(MentorPeriod(kMentor1, kBen, "100001", "2025-09-01"));
  EXPECT_TRUE(
      Refuses("INSERT INTO training_periods (started_on, training_programme) "
              "VALUES ('2025-09-01', 'school_led')",
              "training_periods_one_trainee"));
  EXPECT_TRUE(Refuses(
      absl::Substitute(
          "INSERT INTO training_periods (ect_at_school_period_id, mentor_at_school_period_id, "
          "started_on, training_programme, lead_provider_id, contract_period_year, schedule_id, "
          "expression_of_interest_id) VALUES ('$0', '$1', '2025-09-01', 'provider_led', '$2', "
          "2025, "
          "'$3', '$4')",
          kEct1, kMentor1, kLeadProvider, kSchedule2025, kInterest),
      "training_periods_one_trainee"));
  EXPECT_TRUE(Accepts(SchoolLedEctTraining(kEct1, "2025-09-01")));
}

TEST_F(RegistrationSchema, ProvidedLedAndSchoolLedFieldRules) {
  Require(EctPeriod(kEct1, kAnn, "100001", "2025-09-01"));
  Require(MentorPeriod(kMentor1, kBen, "100001", "2025-09-01"));
  const std::string provider_led =
      "INSERT INTO training_periods (ect_at_school_period_id, mentor_at_school_period_id, "
      "started_on, training_programme, lead_provider_id, contract_period_year, schedule_id, "
      "school_partnership_id, expression_of_interest_id) "
      "VALUES ($0, $1, '2025-09-01', 'provider_led', $2, $3, $4, $5, $6)";
  auto quoted = [](const char* id) { return absl::StrCat("'", id, "'"); };
  const std::string ect = quoted(kEct1), lp = quoted(kLeadProvider),
                    schedule = quoted(kSchedule2025), partnership = quoted(kPartnership),
                    interest = quoted(kInterest);
  EXPECT_TRUE(
      Refuses(absl::Substitute(provider_led, ect, "NULL", lp, 2025, "NULL", partnership, "NULL"),
              "training_periods_programme_fields"))
      << "no schedule";
  EXPECT_TRUE(
      Refuses(absl::Substitute(provider_led, ect, "NULL", lp, 2025, schedule, "NULL", "NULL"),
              "training_periods_programme_fields"))
      << "neither partnership nor expression of interest";
  EXPECT_TRUE(Refuses(
      absl::Substitute(provider_led, ect, "NULL", "NULL", 2025, schedule, partnership, "NULL"),
      "training_periods_programme_fields"))
      << "no lead provider";
  EXPECT_TRUE(Refuses(absl::Substitute(provider_led, ect, "NULL", lp, 2025, quoted(kSchedule2024),
                                       partnership, "NULL"),
                      "training_periods_schedule_id_contract_period_year_fkey"))
      << "schedule of another contract period";
  EXPECT_TRUE(
      Accepts(absl::Substitute(provider_led, ect, "NULL", lp, 2025, schedule, "NULL", interest)));
  EXPECT_TRUE(Accepts(absl::Substitute(provider_led, "NULL", quoted(kMentor1), lp, 2025, schedule,
                                       partnership, interest)));

  Require("DELETE FROM training_periods");
  EXPECT_TRUE(Refuses(
      absl::Substitute(
          "INSERT INTO training_periods (ect_at_school_period_id, started_on, training_programme, "
          "lead_provider_id) VALUES ('$0', '2025-09-01', 'school_led', '$1')",
          kEct1, kLeadProvider),
      "training_periods_programme_fields"))
      << "school-led training names no lead provider";
  EXPECT_TRUE(Refuses(absl::Substitute("INSERT INTO training_periods (mentor_at_school_period_id, "
                                       "started_on, training_programme) "
                                       "VALUES ('$0', '2025-09-01', 'school_led')",
                                       kMentor1),
                      "training_periods_mentors_provider_led"))
      << "mentor training is provider-led only";
  EXPECT_TRUE(Refuses(
      absl::Substitute(
          "INSERT INTO training_periods (ect_at_school_period_id, started_on, training_programme) "
          "VALUES ('$0', '2025-09-01', 'core_induction')",
          kEct1),
      "invalid input value for enum training_programme"));
}

TEST_F(RegistrationSchema, WithdrawalAndDeferralCarryAReason) {
  Require(EctPeriod(kEct1, kAnn, "100001", "2025-09-01"));
  Require(absl::Substitute(
      "INSERT INTO training_periods (ect_at_school_period_id, started_on, training_programme, "
      "lead_provider_id, contract_period_year, schedule_id, expression_of_interest_id) VALUES "
      "('$0', '2025-09-01', 'provider_led', '$1', 2025, '$2', '$3')",
      kEct1, kLeadProvider, kSchedule2025, kInterest));
  EXPECT_TRUE(Refuses("UPDATE training_periods SET withdrawn_at = now()",
                      "training_periods_withdrawal_has_reason"));
  EXPECT_TRUE(
      Refuses("UPDATE training_periods SET deferred_at = now(), "
              "deferral_reason = 'holiday'",
              "invalid input value for enum deferral_reason"));
  EXPECT_TRUE(
      Accepts("UPDATE training_periods SET withdrawn_at = now(), "
              "withdrawal_reason = 'moved-school'"));
}

TEST_F(RegistrationSchema, TrainingPeriodsOfAnEctPeriodDoNotOverlap) {
  Require(EctPeriod(kEct1, kAnn, "100001", "2025-09-01"));
  Require(SchoolLedEctTraining(kEct1, "2025-09-01", "2025-12-31"));
  EXPECT_TRUE(Refuses(SchoolLedEctTraining(kEct1, "2025-12-31"),
                      "training_periods_no_overlap_per_ect_period"));
  EXPECT_TRUE(Accepts(SchoolLedEctTraining(kEct1, "2026-01-01")));
}

TEST_F(RegistrationSchema, ChildrenLieInsideTheirParentPeriods) {
  Require(EctPeriod(kEct1, kAnn, "100001", "2025-09-01", "2026-07-31"));
  Require(MentorPeriod(kMentor1, kBen, "100001", "2025-09-01", "2025-12-31"));
  EXPECT_TRUE(Refuses(SchoolLedEctTraining(kEct1, "2025-08-31", "2025-12-31"),
                      "a training period lies outside"))
      << "starts before the ECT period";
  EXPECT_TRUE(Refuses(SchoolLedEctTraining(kEct1, "2025-09-01"), "a training period lies outside"))
      << "outlives the ECT period";
  EXPECT_TRUE(Accepts(SchoolLedEctTraining(kEct1, "2025-09-01", "2026-07-31")));
  EXPECT_TRUE(Refuses(Mentorship(kEct1, kMentor1, "2025-09-01", "2026-01-01"),
                      "a mentorship period lies outside"))
      << "outlives the mentor period";
  EXPECT_TRUE(Accepts(Mentorship(kEct1, kMentor1, "2025-10-01", "2025-12-31")));
}

TEST_F(RegistrationSchema, EndingAParentEndsItsChildrenInTheSameTransaction) {
  Require(EctPeriod(kEct1, kAnn, "100001", "2025-09-01"));
  Require(MentorPeriod(kMentor1, kBen, "100001", "2025-09-01"));
  Require(SchoolLedEctTraining(kEct1, "2025-09-01"));
  Require(Mentorship(kEct1, kMentor1, "2025-09-01"));
  const std::string end_ect = absl::StrCat(
      "UPDATE ect_at_school_periods SET finished_on = '2026-03-31' WHERE id = '", kEct1, "';");
  const std::string end_children =
      "UPDATE training_periods SET finished_on = '2026-03-31';"
      "UPDATE mentorship_periods SET finished_on = '2026-03-31';";
  EXPECT_TRUE(Refuses(end_ect, "an ECT period's mentorship or training lies outside"))
      << "children left open";
  EXPECT_TRUE(Refuses(absl::StrCat("UPDATE mentor_at_school_periods SET started_on = "
                                   "'2025-10-01' WHERE id = '",
                                   kMentor1, "'"),
                      "a mentor period's mentorship or training lies outside"))
      << "mentorship would start before the mentor";
  EXPECT_TRUE(Accepts(end_ect + end_children)) << last_error_;
  EXPECT_EQ(Count("SELECT count(*) FROM ect_at_school_periods WHERE finished_on IS NULL"), 0);
}

TEST_F(RegistrationSchema, EmailsCompareIgnoringCase) {
  Require(absl::Substitute(
      "INSERT INTO mentor_at_school_periods (teacher_id, school_urn, started_on, email) "
      "VALUES ('$0', '100001', '2025-09-01', 'Rosa.Clarke@Example.org')",
      kAnn));
  EXPECT_EQ(Count("SELECT count(*) FROM mentor_at_school_periods "
                  "WHERE email = 'rosa.clarke@example.org'"),
            1);
  EXPECT_TRUE(
      Refuses(absl::Substitute(
                  "INSERT INTO ect_at_school_periods (teacher_id, school_urn, started_on, email) "
                  "VALUES ('$0', '100001', '2025-09-01', 'not an email')",
                  kBen),
              "ect_at_school_periods_email_check"));
}

TEST_F(RegistrationSchema, WorkingPatternIsFullOrPartTime) {
  EXPECT_TRUE(Refuses(
      absl::Substitute(
          "INSERT INTO ect_at_school_periods (teacher_id, school_urn, started_on, working_pattern) "
          "VALUES ('$0', '100001', '2025-09-01', 'term_time')",
          kAnn),
      "invalid input value for enum working_pattern"));
  EXPECT_TRUE(Accepts(absl::Substitute(
      "INSERT INTO ect_at_school_periods (teacher_id, school_urn, started_on, working_pattern) "
      "VALUES ('$0', '100001', '2025-09-01', 'part_time')",
      kAnn)));
}

TEST_F(RegistrationSchema, SchoolsNameALeadProviderExactlyWhenProviderLed) {
  const std::string insert =
      "INSERT INTO schools (school_urn, last_chosen_training_programme, "
      "last_chosen_lead_provider_id) VALUES ('$0', $1, $2)";
  const std::string lp = absl::StrCat("'", kLeadProvider, "'");
  EXPECT_TRUE(Refuses(absl::Substitute(insert, "100001", "'provider_led'", "NULL"),
                      "schools_lead_provider_iff_provider_led"));
  EXPECT_TRUE(Refuses(absl::Substitute(insert, "100001", "'school_led'", lp),
                      "schools_lead_provider_iff_provider_led"));
  EXPECT_TRUE(Refuses(absl::Substitute(insert, "100001", "NULL", lp),
                      "schools_lead_provider_iff_provider_led"));
  EXPECT_TRUE(Accepts(absl::Substitute(insert, "100001", "'provider_led'", lp)));
  EXPECT_TRUE(Accepts(absl::Substitute(insert, "100002", "'school_led'", "NULL")));
  EXPECT_TRUE(Accepts(absl::Substitute(insert, "100003", "NULL", "NULL")));
  EXPECT_TRUE(Refuses(absl::Substitute(insert, "100001", "NULL", "NULL"), "schools_pkey"))
      << "one row per URN";
}

TEST_F(RegistrationSchema, ScheduleIdentifiersFollowTheApiNames) {
  EXPECT_TRUE(
      Refuses("INSERT INTO schedules (contract_period_year, identifier) "
              "VALUES (2025, 'ecf-standard-june')",
              "schedules_identifier_check"));
  EXPECT_TRUE(
      Refuses("INSERT INTO schedules (contract_period_year, identifier) "
              "VALUES (2025, 'ecf-standard-september')",
              "schedules_contract_period_year_identifier_key"))
      << "one per identifier and year";
  EXPECT_TRUE(
      Accepts("INSERT INTO schedules (contract_period_year, identifier) "
              "VALUES (2025, 'ecf-replacement-april')"));
}

TEST_F(RegistrationSchema, NoColumnCanHoldADateOfBirthOrNino) {
  EXPECT_EQ(Count("SELECT count(*) FROM information_schema.columns "
                  "WHERE table_schema = 'public' AND (column_name LIKE '%birth%' "
                  "OR column_name LIKE '%dob%' OR column_name LIKE '%national_insurance%' "
                  "OR column_name LIKE '%nino%')"),
            0);
}

}  // namespace
}  // namespace rect::registration
