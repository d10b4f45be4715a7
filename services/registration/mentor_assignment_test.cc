// Assigning an existing mentor over a migrated database: the mentors offered (never the ECT
// themself, never another school's), the field errors that write nothing, the mentorship dates,
// the replaced mentorship, and the ECT becoming "Registered".
#include "services/registration/mentor_assignment.h"

#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "services/common/testing/service_fixture.h"
#include "services/registration/migrations.h"
#include "services/registration/school_ects.h"
#include "services/registration/service.h"
#include "services/registration/store.h"

namespace rect::registration {
namespace {

constexpr absl::CivilDay kToday(2026, 11, 23);
constexpr char kSchool[] = "100001";
constexpr char kOtherSchool[] = "100002";

class MentorAssignmentTest : public ::testing::Test {
 protected:
  MentorAssignmentTest() : db_(Migrations()), mentors_(db_.pool(), [] { return kToday; }) {
    ect_teacher_ = Insert("INSERT INTO teachers (trn, trs_first_name, trs_last_name) "
                          "VALUES ('7100001', 'Jamal', 'Price') RETURNING id");
    mentor_teacher_ = Insert("INSERT INTO teachers (trn, trs_first_name, trs_last_name) "
                             "VALUES ('7100002', 'Ella', 'Grant') RETURNING id");
    other_teacher_ = Insert("INSERT INTO teachers (trn, trs_first_name, trs_last_name) "
                            "VALUES ('7100003', 'Omar', 'Hale') RETURNING id");
    ect_ = Insert("INSERT INTO ect_at_school_periods (teacher_id, school_urn, started_on, email) "
                  "VALUES ('" + ect_teacher_ + "', '100001', '2026-09-01', 'jamal@example.org') "
                  "RETURNING id");
    mentor_ = Insert("INSERT INTO mentor_at_school_periods (teacher_id, school_urn, started_on) "
                     "VALUES ('" + mentor_teacher_ + "', '100001', '2025-09-01') RETURNING id");
    // The ECT is also a mentor at the school (a teacher may hold both roles).
    ect_as_mentor_ = Insert(
        "INSERT INTO mentor_at_school_periods (teacher_id, school_urn, started_on) "
        "VALUES ('" + ect_teacher_ + "', '100001', '2026-09-01') RETURNING id");
    elsewhere_ = Insert("INSERT INTO mentor_at_school_periods (teacher_id, school_urn, started_on) "
                        "VALUES ('" + other_teacher_ + "', '100002', '2025-09-01') RETURNING id");
  }

  std::string Insert(const std::string& sql) {
    pqxx::connection c(db_.conninfo());
    pqxx::work txn(c);
    std::string id = txn.exec(sql)[0][0].as<std::string>();
    txn.commit();
    return id;
  }

  int Count(const std::string& sql) {
    pqxx::connection c(db_.conninfo());
    pqxx::nontransaction txn(c);
    return txn.exec(sql)[0][0].as<int>();
  }

  std::string Text(const std::string& sql) {
    pqxx::connection c(db_.conninfo());
    pqxx::nontransaction txn(c);
    pqxx::result r = txn.exec(sql);
    return r.empty() || r[0][0].is_null() ? "" : r[0][0].as<std::string>();
  }

  testing::MigratedDatabase db_;
  MentorAssignments mentors_;
  std::string ect_teacher_, mentor_teacher_, other_teacher_, ect_, mentor_, ect_as_mentor_,
      elsewhere_;
};

TEST_F(MentorAssignmentTest, OffersTheSchoolsMentorsButNeverTheEctThemself) {
  absl::StatusOr<v1::MentorsForEct> choices = mentors_.Choices(kSchool, ect_);
  ASSERT_TRUE(choices.ok()) << choices.status();
  EXPECT_EQ(choices->ect().name(), "Jamal Price");
  ASSERT_EQ(choices->mentors_size(), 1);
  EXPECT_EQ(choices->mentors(0).value(), mentor_);
  EXPECT_EQ(choices->mentors(0).label(), "Ella Grant");
}

TEST_F(MentorAssignmentTest, FinishedMentorPeriodsAreNotOffered) {
  Insert("UPDATE mentor_at_school_periods SET finished_on = '2026-11-22' WHERE id = '" + mentor_ +
         "' RETURNING id");
  absl::StatusOr<v1::MentorsForEct> choices = mentors_.Choices(kSchool, ect_);
  ASSERT_TRUE(choices.ok()) << choices.status();
  EXPECT_EQ(choices->mentors_size(), 0);
}

TEST_F(MentorAssignmentTest, AnotherSchoolsEctIsNotFound) {
  EXPECT_EQ(mentors_.Choices(kOtherSchool, ect_).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(mentors_.Assign(kOtherSchool, ect_, elsewhere_).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(mentors_.Assign(kSchool, "not-a-uuid", mentor_).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(MentorAssignmentTest, AssignsAnExistingMentorAndTheEctIsRegistered) {
  SchoolEcts ects(db_.pool(), [] { return kToday; });
  EXPECT_EQ(ects.Get(kSchool, ect_)->status_tag(), "Action required");

  absl::StatusOr<v1::AssignMentorResponse> assigned = mentors_.Assign(kSchool, ect_, mentor_);
  ASSERT_TRUE(assigned.ok()) << assigned.status();
  EXPECT_EQ(assigned->errors_size(), 0);
  EXPECT_FALSE(assigned->register_new());
  EXPECT_EQ(assigned->mentor_name(), "Ella Grant");
  EXPECT_EQ(assigned->ect_name(), "Jamal Price");
  EXPECT_EQ(assigned->started_on(), "23 November 2026");  // today is the latest of the three
  EXPECT_EQ(Text("SELECT started_on::text || ' ' || coalesce(finished_on::text, 'open') "
                 "FROM mentorship_periods WHERE id = '" + assigned->mentorship_period_id() + "'"),
            "2026-11-23 open");

  absl::StatusOr<v1::SchoolEct> ect = ects.Get(kSchool, ect_);
  EXPECT_EQ(ect->status_tag(), "Registered");
  EXPECT_EQ(ect->mentor_name(), "Ella Grant");
  // Both sides of the mentorship are recorded.
  EXPECT_EQ(Text("SELECT string_agg(event_type || ': ' || heading, ' | ' ORDER BY event_type) "
                 "FROM events WHERE mentorship_period_id = '" + assigned->mentorship_period_id() +
                 "'"),
            "teacher_starts_being_mentored: Jamal Price is mentored by Ella Grant from 23 "
            "November 2026 | teacher_starts_mentoring: Ella Grant started mentoring Jamal Price "
            "from 23 November 2026");
  EXPECT_EQ(Count("SELECT count(*) FROM events WHERE event_type = 'teacher_starts_mentoring' "
                  "AND teacher_id = '" + mentor_teacher_ + "' AND mentor_at_school_period_id = '" +
                  mentor_ + "'"),
            1);
}

TEST_F(MentorAssignmentTest, AMentorWhoStartsLaterMentorsFromTheirStart) {
  const std::string later = Insert(
      "INSERT INTO mentor_at_school_periods (teacher_id, school_urn, started_on) "
      "VALUES ('" + other_teacher_ + "', '100001', '2027-01-04') RETURNING id");
  absl::StatusOr<v1::AssignMentorResponse> assigned = mentors_.Assign(kSchool, ect_, later);
  ASSERT_TRUE(assigned.ok()) << assigned.status();
  EXPECT_EQ(assigned->started_on(), "4 January 2027");
}

TEST_F(MentorAssignmentTest, BadChoicesAreFieldErrorsAndWriteNothing) {
  struct Case {
    std::string mentor;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"", "Select a mentor from the list provided or choose to register a new mentor"},
      {elsewhere_, "This mentor is not registered at this school"},
      {"d7a1a3f0-0000-4000-8000-000000000000", "This mentor is not registered at this school"},
      {ect_as_mentor_, "It needs to be a different mentor for this ECT"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<v1::AssignMentorResponse> assigned = mentors_.Assign(kSchool, ect_, c.mentor);
    ASSERT_TRUE(assigned.ok()) << assigned.status();
    ASSERT_EQ(assigned->errors_size(), 1) << c.mentor;
    EXPECT_EQ(assigned->errors(0).field(), "mentor");
    EXPECT_EQ(assigned->errors(0).message(), c.message);
  }
  EXPECT_EQ(Count("SELECT count(*) FROM mentorship_periods"), 0);
}

TEST_F(MentorAssignmentTest, RegisterNewSendsTheUserToTheMentorWizard) {
  absl::StatusOr<v1::AssignMentorResponse> assigned = mentors_.Assign(kSchool, ect_, "new");
  ASSERT_TRUE(assigned.ok()) << assigned.status();
  EXPECT_TRUE(assigned->register_new());
  EXPECT_EQ(Count("SELECT count(*) FROM mentorship_periods"), 0);
}

TEST_F(MentorAssignmentTest, TheCurrentMentorshipEndsTheDayBeforeAndAFutureOneIsRemoved) {
  const std::string second = Insert(
      "INSERT INTO mentor_at_school_periods (teacher_id, school_urn, started_on) "
      "VALUES ('" + other_teacher_ + "', '100001', '2025-09-01') RETURNING id");
  const std::string current = Insert(
      "INSERT INTO mentorship_periods (ect_at_school_period_id, mentor_at_school_period_id, "
      "school_urn, mentee_teacher_id, mentor_teacher_id, started_on) VALUES ('" + ect_ + "', '" +
      second + "', '100001', '" + ect_teacher_ + "', '" + other_teacher_ +
      "', '2026-09-01') RETURNING id");
  absl::StatusOr<v1::AssignMentorResponse> assigned = mentors_.Assign(kSchool, ect_, mentor_);
  ASSERT_TRUE(assigned.ok()) << assigned.status();
  EXPECT_EQ(Text("SELECT finished_on::text FROM mentorship_periods WHERE id = '" + current + "'"),
            "2026-11-22");

  // Assigned again the same day: the mentorship starting on the new start is removed.
  absl::StatusOr<v1::AssignMentorResponse> again = mentors_.Assign(kSchool, ect_, second);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(Count("SELECT count(*) FROM mentorship_periods WHERE id = '" +
                  assigned->mentorship_period_id() + "'"),
            0);
  EXPECT_EQ(Count("SELECT count(*) FROM mentorship_periods"), 2);
}

TEST_F(MentorAssignmentTest, TheServiceAnswersOverGrpc) {
  PgRegistrationStore store(db_.pool());
  RegistrationServiceImpl service(store, nullptr, nullptr, &mentors_);
  testing::InProcessServer server(service);
  auto stub = v1::RegistrationService::NewStub(server.channel());
  {
    grpc::ClientContext context;
    v1::ListMentorsForEctRequest request;
    request.set_school_urn(kSchool);
    request.set_ect_id(ect_);
    v1::MentorsForEct response;
    ASSERT_TRUE(stub->ListMentorsForEct(&context, request, &response).ok());
    EXPECT_EQ(response.mentors_size(), 1);
  }
  {
    grpc::ClientContext context;
    v1::AssignMentorRequest request;
    request.set_school_urn(kSchool);
    request.set_ect_id(ect_);
    request.set_mentor(ect_as_mentor_);
    v1::AssignMentorResponse response;
    ASSERT_TRUE(stub->AssignMentor(&context, request, &response).ok());
    ASSERT_EQ(response.errors_size(), 1);
    EXPECT_EQ(response.errors(0).message(), "It needs to be a different mentor for this ECT");
  }
  {
    grpc::ClientContext context;
    v1::AssignMentorRequest request;
    request.set_school_urn(kOtherSchool);
    request.set_ect_id(ect_);
    request.set_mentor(mentor_);
    v1::AssignMentorResponse response;
    EXPECT_EQ(stub->AssignMentor(&context, request, &response).error_code(),
              grpc::StatusCode::NOT_FOUND);
  }
}

// §4.1: a provider-led ECT and a funding-eligible mentor who never trained.
class MentorTrainingOfferTest : public MentorAssignmentTest {
 protected:
  MentorTrainingOfferTest() {
    Insert("INSERT INTO schedules (contract_period_year, identifier) "
           "VALUES (2026, 'ecf-standard-september') RETURNING id");
    Insert("INSERT INTO training_periods (ect_at_school_period_id, started_on, "
           "training_programme, lead_provider_id, contract_period_year, "
           "expression_of_interest_id, schedule_id) "
           "SELECT '" + ect_ + "', '2026-09-01', 'provider_led', a.lead_provider_id, 2026, a.id, "
           "s.id FROM active_lead_providers a, schedules s "
           "WHERE a.lead_provider_id = '" + kNorthern + "' AND a.contract_period_year = 2026 "
           "AND s.contract_period_year = 2026 AND s.identifier = 'ecf-standard-september' "
           "RETURNING id");
  }

  v1::AssignMentorRequest Request(const std::string& mentor) {
    v1::AssignMentorRequest request;
    request.mutable_user()->set_user_name("Sam Tutor");
    request.mutable_user()->set_user_email("sam.tutor@oakfield.example");
    request.set_school_urn(kSchool);
    request.set_ect_id(ect_);
    request.set_mentor(mentor);
    return request;
  }

  int MentorTraining() {
    return Count("SELECT count(*) FROM training_periods WHERE mentor_at_school_period_id IS NOT NULL");
  }

  static constexpr char kNorthern[] = "11111111-1111-4111-8111-000000000001";
  static constexpr char kSouthern[] = "11111111-1111-4111-8111-000000000002";
};

TEST_F(MentorTrainingOfferTest, TheOfferComesBackAndNothingIsWritten) {
  for (bool preview : {false, true}) {
    v1::AssignMentorRequest request = Request(mentor_);
    request.set_preview(preview);
    absl::StatusOr<v1::AssignMentorResponse> answer = mentors_.Assign(request);
    ASSERT_TRUE(answer.ok()) << answer.status();
    EXPECT_TRUE(answer->offer_mentor_training());
    EXPECT_EQ(answer->mentor_name(), "Ella Grant");
    EXPECT_EQ(answer->mentor_id(), mentor_);
    EXPECT_EQ(answer->ect_lead_provider_name(), "Northern Teaching Trust");
    EXPECT_TRUE(answer->ect_lead_provider_active());
    ASSERT_EQ(answer->lead_providers_size(), 2);
  }
  EXPECT_EQ(Count("SELECT count(*) FROM mentorship_periods"), 0);
  EXPECT_EQ(MentorTraining(), 0);
}

TEST_F(MentorTrainingOfferTest, AcceptedWithTheEctsProviderOrAnother) {
  struct Case {
    std::string lead_provider_id;
    std::string expected_name;
  };
  for (const Case& c : {Case{"", "Northern Teaching Trust"},
                        Case{kSouthern, "Southern Learning Partnership"}}) {
    v1::AssignMentorRequest request = Request(mentor_);
    request.set_mentor_training("accept");
    request.set_training_lead_provider_id(c.lead_provider_id);
    absl::StatusOr<v1::AssignMentorResponse> answer = mentors_.Assign(request);
    ASSERT_TRUE(answer.ok()) << answer.status();
    EXPECT_EQ(answer->errors_size(), 0);
    EXPECT_FALSE(answer->offer_mentor_training());
    EXPECT_TRUE(answer->mentor_training());
    EXPECT_EQ(answer->training_lead_provider_name(), c.expected_name);
    EXPECT_EQ(Text("SELECT heading || ' (' || author_name || ')' FROM events "
                   "WHERE event_type = 'teacher_starts_training_period' ORDER BY happened_at DESC, "
                   "created_at DESC LIMIT 1"),
              "Ella Grant started mentor training with " + c.expected_name + " (Sam Tutor)");
    EXPECT_EQ(Text("SELECT a.lead_provider_name || ' ' || tp.started_on || ' ' || "
                   "tp.contract_period_year || ' ' || s.identifier FROM training_periods tp "
                   "JOIN active_lead_providers a ON a.id = tp.expression_of_interest_id "
                   "JOIN schedules s ON s.id = tp.schedule_id "
                   "WHERE tp.mentor_at_school_period_id = '" + mentor_ + "'"),
              c.expected_name + " 2026-11-23 2026 ecf-standard-january");
    // Trained now: the next assignment is at once, without an offer.
    absl::StatusOr<v1::AssignMentorResponse> again = mentors_.Assign(Request(mentor_));
    ASSERT_TRUE(again.ok());
    EXPECT_FALSE(again->offer_mentor_training());
    EXPECT_EQ(MentorTraining(), 1);
    Insert("DELETE FROM training_periods WHERE mentor_at_school_period_id IS NOT NULL "
           "RETURNING id");
  }
}

TEST_F(MentorTrainingOfferTest, NoProviderWhenAskedForOneIsAFieldError) {
  v1::AssignMentorRequest request = Request(mentor_);
  request.set_mentor_training("accept");
  request.set_lead_provider_asked(true);
  absl::StatusOr<v1::AssignMentorResponse> answer = mentors_.Assign(request);
  ASSERT_TRUE(answer.ok()) << answer.status();
  ASSERT_EQ(answer->errors_size(), 1);
  EXPECT_EQ(answer->errors(0).field(), "lead_provider_id");
  EXPECT_EQ(answer->errors(0).message(), "Select a lead provider to contact your school");
  EXPECT_EQ(Count("SELECT count(*) FROM mentorship_periods"), 0);
}

TEST_F(MentorTrainingOfferTest, AnUnknownProviderIsAFieldError) {
  v1::AssignMentorRequest request = Request(mentor_);
  request.set_mentor_training("accept");
  request.set_training_lead_provider_id("d7a1a3f0-0000-4000-8000-000000000000");
  absl::StatusOr<v1::AssignMentorResponse> answer = mentors_.Assign(request);
  ASSERT_TRUE(answer.ok()) << answer.status();
  ASSERT_EQ(answer->errors_size(), 1);
  EXPECT_EQ(answer->errors(0).field(), "lead_provider_id");
  EXPECT_EQ(answer->errors(0).message(), "Enter the name of a known lead provider");
  EXPECT_EQ(Count("SELECT count(*) FROM mentorship_periods"), 0);
}

TEST_F(MentorTrainingOfferTest, NoOfferForAnIneligibleOrTrainedMentorOrASchoolLedEct) {
  Insert("UPDATE teachers SET mentor_became_ineligible_for_funding_on = '2025-07-01', "
         "mentor_became_ineligible_for_funding_reason = 'completed_declaration_received' "
         "WHERE id = '" + mentor_teacher_ + "' RETURNING id");
  absl::StatusOr<v1::AssignMentorResponse> answer = mentors_.Assign(Request(mentor_));
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_FALSE(answer->offer_mentor_training());
  EXPECT_FALSE(answer->mentor_training());
  EXPECT_FALSE(answer->mentorship_period_id().empty());
  EXPECT_EQ(MentorTraining(), 0);
}

TEST_F(MentorTrainingOfferTest, AMentorAlreadyAtTheSchoolFromTheMentorWizardIsAssignedAtOnce) {
  absl::StatusOr<v1::AssignMentorResponse> answer = mentors_.Assign(kSchool, ect_, mentor_);
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_FALSE(answer->offer_mentor_training());
  EXPECT_FALSE(answer->mentorship_period_id().empty());
  EXPECT_EQ(MentorTraining(), 0);
}

}  // namespace
}  // namespace rect::registration
