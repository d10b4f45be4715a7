// provider_participants (each lead provider's participants, migration 013), shared_trainees
// (people two providers train, 014) and provider_enrolments (each participant's enrolments as
// the API shows them, 015) against PostgreSQL: after every kind of change to training, school
// periods and people, each table holds exactly what its source view derives, which is what the
// Lead Provider API pages through.
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
constexpr char kNorth[] = "1b000000-0000-4000-8000-000000000001";
constexpr char kSouth[] = "1b000000-0000-4000-8000-000000000002";
constexpr char kSchedule2025[] = "5c000000-0000-4000-8000-000000002025";
constexpr char kInterest[] = "e0000000-0000-4000-8000-000000000001";
constexpr char kPartnership[] = "9a000000-0000-4000-8000-000000000001";
constexpr char kPartnership2[] = "9a000000-0000-4000-8000-000000000002";
constexpr char kAnnEct[] = "ec000000-0000-4000-8000-000000000001";
constexpr char kAnnMentor[] = "3e000000-0000-4000-8000-000000000001";
constexpr char kFirst[] = "7a000000-0000-4000-8000-000000000001";
constexpr char kSecond[] = "7a000000-0000-4000-8000-000000000002";
constexpr char kMentorTraining[] = "7a000000-0000-4000-8000-000000000003";

class ProviderParticipants : public testing::SchemaTestBase {
 protected:
  ProviderParticipants() : SchemaTestBase(Migrations()) {
    Require(absl::Substitute(
        "INSERT INTO teachers (id, trn, trs_first_name, trs_last_name) VALUES "
        "('$0', '1000001', 'Ann', 'Ash'), ('$1', '1000002', 'Ben', 'Birch')",
        kAnn, kBen));
    Require(absl::Substitute(
        "INSERT INTO schedules (id, contract_period_year, identifier) "
        "VALUES ('$0', 2025, 'ecf-standard-september')",
        kSchedule2025));
    Require(absl::Substitute(
        "INSERT INTO ect_at_school_periods (id, teacher_id, school_urn, started_on, email, "
        "working_pattern) VALUES ('$0', '$1', '100001', '2025-09-01', 'ann@example.com', "
        "'full_time')",
        kAnnEct, kAnn));
    Require(absl::Substitute(
        "INSERT INTO mentor_at_school_periods (id, teacher_id, school_urn, started_on, email) "
        "VALUES ('$0', '$1', '100001', '2025-09-01', 'ann.mentor@example.com')",
        kAnnMentor, kBen));
  }

  // Provider-led training of Ann's ECT period (or Ben's mentor period) from `started`,
  // optionally until `finished`, in `partnership` ("NULL" for an expression of interest only).
  std::string Training(const char* id, const char* provider, const std::string& partnership,
                       const std::string& started, const std::string& finished = "NULL",
                       bool mentor = false) {
    return absl::Substitute(
        "INSERT INTO training_periods (id, $0, started_on, finished_on, training_programme, "
        "lead_provider_id, contract_period_year, schedule_id, school_partnership_id, "
        "expression_of_interest_id) VALUES ('$1', '$2', '$3', $4, 'provider_led', '$5', 2025, "
        "'$6', $7, '$8')",
        mentor ? "mentor_at_school_period_id" : "ect_at_school_period_id", id,
        mentor ? kAnnMentor : kAnnEct, started, finished, provider, kSchedule2025, partnership,
        kInterest);
  }

  static std::string Quoted(const char* id) { return absl::StrCat("'", id, "'"); }

  // The table equals what the view derives, row for row.
  ::testing::AssertionResult Consistent() {
    const int differences = Count(
        "SELECT count(*) FROM ((SELECT lead_provider_id, teacher_id, ect_training_period_id, "
        "mentor_training_period_id, cohorts, training_statuses, teacher_created_at, "
        "teacher_updated_at FROM provider_participants EXCEPT "
        "SELECT s.lead_provider_id, s.teacher_id, s.ect_training_period_id, "
        "s.mentor_training_period_id, s.cohorts, s.training_statuses, tc.created_at, "
        "tc.updated_at FROM provider_participants_source s JOIN teachers tc "
        "ON tc.id = s.teacher_id) UNION ALL (SELECT s.lead_provider_id, s.teacher_id, "
        "s.ect_training_period_id, s.mentor_training_period_id, s.cohorts, s.training_statuses, "
        "tc.created_at, tc.updated_at FROM provider_participants_source s JOIN teachers tc "
        "ON tc.id = s.teacher_id EXCEPT SELECT lead_provider_id, teacher_id, "
        "ect_training_period_id, mentor_training_period_id, cohorts, training_statuses, "
        "teacher_created_at, teacher_updated_at FROM provider_participants)) d");
    const int shared_differences = Count(
        "SELECT count(*) FROM ((SELECT * FROM shared_trainees EXCEPT "
        "SELECT * FROM shared_trainees_source) UNION ALL (SELECT * FROM shared_trainees_source "
        "EXCEPT SELECT * FROM shared_trainees)) d");
    const int enrolment_differences = Count(
        "SELECT count(*) FROM ((SELECT * FROM provider_enrolments EXCEPT "
        "SELECT * FROM provider_enrolments_source) UNION ALL (SELECT * FROM "
        "provider_enrolments_source EXCEPT SELECT * FROM provider_enrolments)) d");
    if (differences == 0 && shared_differences == 0 && enrolment_differences == 0) {
      return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure()
           << differences << " provider_participants rows, " << shared_differences
           << " shared_trainees rows and " << enrolment_differences
           << " provider_enrolments rows differ from their source views";
  }

  // Ann's ECT enrolment with `provider`, or "" when she is not its participant.
  std::string EctEnrolment(const char* provider) {
    pqxx::connection c(db_.conninfo());
    pqxx::read_transaction txn(c);
    pqxx::result rows = txn.exec_params(
        "SELECT coalesce(ect_training_period_id::text, '-') FROM provider_participants "
        "WHERE lead_provider_id = $1::uuid AND teacher_id = $2::uuid",
        std::string(provider), std::string(kAnn));
    return rows.empty() ? "" : rows[0][0].as<std::string>();
  }
};

TEST_F(ProviderParticipants, OnlyTrainingInAPartnershipMakesAParticipant) {
  Require(Training(kFirst, kNorth, "NULL", "2025-09-01"));
  EXPECT_EQ(EctEnrolment(kNorth), "") << "an expression of interest alone";
  EXPECT_TRUE(Consistent());
  Require(absl::Substitute("UPDATE training_periods SET school_partnership_id = '$0'",
                           kPartnership));
  EXPECT_EQ(EctEnrolment(kNorth), kFirst) << "once attached to the school's partnership";
  EXPECT_TRUE(Consistent());
}

TEST_F(ProviderParticipants, TheLatestStartedPeriodIsTheEnrolmentUntilItIsDeleted) {
  Require(Training(kFirst, kNorth, Quoted(kPartnership), "2025-09-01", "'2025-12-31'"));
  Require(Training(kSecond, kNorth, Quoted(kPartnership2), "2026-01-01"));
  EXPECT_EQ(EctEnrolment(kNorth), kSecond);
  EXPECT_TRUE(Consistent());
  Require(absl::Substitute("DELETE FROM training_periods WHERE id = '$0'", kSecond));
  EXPECT_EQ(EctEnrolment(kNorth), kFirst);
  EXPECT_TRUE(Consistent());
  Require(absl::Substitute("DELETE FROM training_periods WHERE id = '$0'", kFirst));
  EXPECT_EQ(EctEnrolment(kNorth), "");
  EXPECT_EQ(Count("SELECT count(*) FROM provider_participants"), 0);
}

TEST_F(ProviderParticipants, TrainingMovedToAnotherProviderMovesTheParticipant) {
  Require(Training(kFirst, kNorth, Quoted(kPartnership), "2025-09-01"));
  Require(absl::Substitute("UPDATE training_periods SET lead_provider_id = '$0'", kSouth));
  EXPECT_EQ(EctEnrolment(kNorth), "");
  EXPECT_EQ(EctEnrolment(kSouth), kFirst);
  EXPECT_TRUE(Consistent());
}

TEST_F(ProviderParticipants, StatusesAndCohortsFollowTheEnrolments) {
  Require(Training(kFirst, kNorth, Quoted(kPartnership), "2025-09-01"));
  EXPECT_EQ(Count("SELECT count(*) FROM provider_participants "
                  "WHERE training_statuses = '{active}' AND cohorts = '{2025}'"),
            1);
  Require("UPDATE training_periods SET deferred_at = now(), deferral_reason = 'bereavement'");
  EXPECT_EQ(Count("SELECT count(*) FROM provider_participants "
                  "WHERE training_statuses = '{deferred}'"),
            1);
  Require(
      "UPDATE training_periods SET withdrawn_at = now() + interval '1 day', "
      "withdrawal_reason = 'other'");
  EXPECT_EQ(Count("SELECT count(*) FROM provider_participants "
                  "WHERE training_statuses = '{withdrawn}'"),
            1);
  EXPECT_TRUE(Consistent());
}

TEST_F(ProviderParticipants, OnePersonAsEctAndMentorIsOneParticipantWithTwoEnrolments) {
  Require(absl::Substitute(
      "UPDATE mentor_at_school_periods SET teacher_id = '$0' WHERE id = '$1'", kAnn, kAnnMentor));
  Require(Training(kFirst, kNorth, Quoted(kPartnership), "2025-09-01"));
  Require(Training(kMentorTraining, kNorth, Quoted(kPartnership), "2025-09-01", "NULL",
                   /*mentor=*/true));
  EXPECT_EQ(Count(absl::Substitute(
                "SELECT count(*) FROM provider_participants WHERE teacher_id = '$0' AND "
                "ect_training_period_id = '$1' AND mentor_training_period_id = '$2'",
                kAnn, kFirst, kMentorTraining)),
            1);
  EXPECT_TRUE(Consistent());
  // The mentor period handed back to Ben takes its training with it.
  Require(absl::Substitute(
      "UPDATE mentor_at_school_periods SET teacher_id = '$0' WHERE id = '$1'", kBen, kAnnMentor));
  EXPECT_EQ(Count(absl::Substitute(
                "SELECT count(*) FROM provider_participants WHERE teacher_id = '$0' "
                "AND mentor_training_period_id = '$1'",
                kBen, kMentorTraining)),
            1);
  EXPECT_TRUE(Consistent());
}

TEST_F(ProviderParticipants, ThePersonsTimestampsAreCopiedForTheApisSortAndFilter) {
  Require(Training(kFirst, kNorth, Quoted(kPartnership), "2025-09-01"));
  Require(absl::Substitute(
      "UPDATE teachers SET updated_at = '2030-01-01T00:00:00Z' WHERE id = '$0'", kAnn));
  EXPECT_EQ(Count("SELECT count(*) FROM provider_participants "
                  "WHERE teacher_updated_at = '2030-01-01T00:00:00Z'"),
            1);
  EXPECT_TRUE(Consistent());
}

TEST_F(ProviderParticipants, EnrolmentsFollowThePersonTheSchoolPeriodAndTheTraining) {
  Require(Training(kFirst, kNorth, Quoted(kPartnership), "2025-09-01"));
  Require(Training(kMentorTraining, kNorth, Quoted(kPartnership), "2025-09-01", "NULL",
                   /*mentor=*/true));
  EXPECT_EQ(Count("SELECT count(*) FROM provider_enrolments"), 2);
  const std::string ann_ect = absl::Substitute(
      "SELECT count(*) FROM provider_enrolments WHERE teacher_id = '$0' AND course = 'ect' AND ",
      kAnn);
  EXPECT_EQ(Count(ann_ect + "full_name = 'Ann Ash' AND email = 'ann@example.com' "
                            "AND working_pattern = 'full_time' AND NOT payments_frozen"),
            1);

  // The person: a corrected name, funding eligibility, frozen payments.
  Require(absl::Substitute(
      "UPDATE teachers SET corrected_name = 'Annie Ash', "
      "ect_first_became_eligible_for_training_at = '2025-09-02T00:00:00Z', "
      "ect_payments_frozen_year = 2024 WHERE id = '$0'",
      kAnn));
  EXPECT_EQ(Count(ann_ect + "full_name = 'Annie Ash' AND payments_frozen "
                            "AND ect_first_became_eligible_for_training_at IS NOT NULL"),
            1);
  EXPECT_TRUE(Consistent());

  // The school period: email and working pattern (and the mentor's email).
  Require(absl::Substitute(
      "UPDATE ect_at_school_periods SET email = 'annie@example.com', "
      "working_pattern = 'part_time' WHERE id = '$0'",
      kAnnEct));
  Require(absl::Substitute(
      "UPDATE mentor_at_school_periods SET email = 'ben@example.com' WHERE id = '$0'",
      kAnnMentor));
  EXPECT_EQ(Count(ann_ect + "email = 'annie@example.com' AND working_pattern = 'part_time'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM provider_enrolments WHERE course = 'mentor' "
                  "AND email = 'ben@example.com'"),
            1);
  EXPECT_TRUE(Consistent());

  // The training: delivery partner, withdrawal with its reason.
  Require(absl::Substitute(
      "UPDATE training_periods SET delivery_partner_id = '$0', "
      "withdrawn_at = '2025-10-01T00:00:00Z', withdrawal_reason = 'moved-school' WHERE id = '$1'",
      kInterest, kFirst));
  EXPECT_EQ(Count(ann_ect + absl::Substitute("delivery_partner_id = '$0' "
                                             "AND withdrawal_reason = 'moved-school'",
                                             kInterest)),
            1);
  EXPECT_TRUE(Consistent());
}

TEST_F(ProviderParticipants, APersonTrainedByTwoProvidersIsSharedByBoth) {
  Require(Training(kFirst, kNorth, Quoted(kPartnership), "2025-09-01", "'2025-12-31'"));
  EXPECT_EQ(Count("SELECT count(*) FROM shared_trainees"), 0) << "one provider only";
  Require(Training(kSecond, kSouth, "NULL", "2026-01-01"));
  EXPECT_EQ(Count(absl::Substitute(
                "SELECT count(*) FROM shared_trainees WHERE teacher_id = '$0' AND course = 'ect' "
                "AND ((lead_provider_id = '$1' AND finished_on = '2025-12-31') "
                "OR (lead_provider_id = '$2' AND finished_on IS NULL))",
                kAnn, kNorth, kSouth)),
            2)
      << "an expression of interest counts: §5.9 looks at every period";
  EXPECT_TRUE(Consistent());
  Require("UPDATE training_periods SET finished_on = '2025-11-30' WHERE started_on = '2025-09-01'");
  EXPECT_EQ(Count("SELECT count(*) FROM shared_trainees WHERE finished_on = '2025-11-30'"), 1);
  Require(absl::Substitute("DELETE FROM training_periods WHERE id = '$0'", kSecond));
  EXPECT_EQ(Count("SELECT count(*) FROM shared_trainees"), 0);
  EXPECT_TRUE(Consistent());
}

TEST_F(ProviderParticipants, RebuildingGivesTheSameRowsAsTheTriggers) {
  Require(Training(kFirst, kNorth, Quoted(kPartnership), "2025-09-01", "'2025-12-31'"));
  Require(Training(kSecond, kSouth, Quoted(kPartnership2), "2026-01-01"));
  Require(Training(kMentorTraining, kNorth, Quoted(kPartnership), "2025-09-01", "NULL",
                   /*mentor=*/true));
  const int rows = Count("SELECT count(*) FROM provider_participants");
  EXPECT_EQ(rows, 3);
  Require("SELECT rebuild_training_views()");
  EXPECT_EQ(Count("SELECT count(*) FROM provider_participants"), rows);
  EXPECT_TRUE(Consistent());
}

TEST_F(ProviderParticipants, DeletingAPersonDeletesTheirRows) {
  Require(Training(kFirst, kNorth, Quoted(kPartnership), "2025-09-01"));
  EXPECT_TRUE(Accepts(absl::Substitute(
      "DELETE FROM training_periods; DELETE FROM ect_at_school_periods WHERE teacher_id = '$0'; "
      "DELETE FROM teachers WHERE id = '$0'",
      kAnn)));
  EXPECT_EQ(Count("SELECT count(*) FROM provider_participants"), 0);
}

}  // namespace
}  // namespace rect::registration
