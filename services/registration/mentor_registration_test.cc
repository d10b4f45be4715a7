// The register-a-new-mentor journey over a migrated database: the TRS outcomes and the
// self-mentoring refusal, the mentor funding rule (§4.3) deciding the eligibility and training
// steps, the one-transaction save with its pending email, assigning a mentor already at the
// school, and no date of birth or NINO anywhere in the database.
#include "services/registration/mentor_registration.h"

#include <gtest/gtest.h>

#include <map>
#include <pqxx/pqxx>

#include "services/common/testing/service_fixture.h"
#include "services/common/tokens.h"
#include "services/registration/migrations.h"
#include "services/registration/school_ects.h"

namespace rect::registration {
namespace {

using wizard::InductionStatus;
using wizard::TrsLookup;

constexpr absl::CivilDay kToday(2026, 11, 23);
constexpr char kLeadProvider[] = "11111111-1111-4111-8111-000000000001";

class TestTrs : public TrsLookups {
 public:
  struct Person {
    absl::CivilDay dob;
    std::string nino;
    wizard::TrsTeacher teacher;
  };
  std::map<std::string, Person> people;

  absl::StatusOr<TrsFindResult> Find(const std::string& trn, absl::CivilDay dob) override {
    auto it = people.find(trn);
    if (it == people.end()) return TrsFindResult{TrsLookup::kNotFound, {}, ""};
    if (it->second.dob != dob) return TrsFindResult{TrsLookup::kDateOfBirthMismatch, {}, ""};
    return TrsFindResult{TrsLookup::kFound, it->second.teacher, "Passed"};
  }
  absl::StatusOr<TrsFindResult> FindByNino(const std::string& trn,
                                           const std::string& nino) override {
    auto it = people.find(trn);
    if (it == people.end() || it->second.nino != nino) {
      return TrsFindResult{TrsLookup::kNotFound, {}, ""};
    }
    return TrsFindResult{TrsLookup::kFound, it->second.teacher, "Passed"};
  }
};

class TestSchools : public SchoolDirectory {
 public:
  absl::StatusOr<SchoolInfo> GetSchool(const std::string& urn) override {
    return SchoolInfo{urn == "100002" ? "Riverside Academy" : "Oakfield Primary School", false};
  }
};

class MentorRegistrationTest : public ::testing::Test {
 protected:
  MentorRegistrationTest()
      : db_(Migrations()),
        store_(db_.pool()),
        mentors_(db_.pool(), store_, trs_, schools_, random_, [] { return kToday; }) {
    trs_.people["7200001"] = {absl::CivilDay(1985, 6, 1), "AB200001A",
                              {"7200001", "Ella", "Grant", InductionStatus::kPassed, false, true}};
    trs_.people["7200002"] = {absl::CivilDay(1980, 1, 2), "AB200002A",
                              {"7200002", "Omar", "Hale", InductionStatus::kPassed, false, true}};
    trs_.people["7200009"] = {absl::CivilDay(1990, 4, 15), "AB200009A",
                              {"7200009", "Jamal", "Price", InductionStatus::kInProgress, false,
                               true}};
    ect_teacher_ = Exec("INSERT INTO teachers (trn, trs_first_name, trs_last_name) "
                        "VALUES ('7200009', 'Jamal', 'Price') RETURNING id");
    ect_ = Exec("INSERT INTO ect_at_school_periods (teacher_id, school_urn, started_on, email) "
                "VALUES ('" + ect_teacher_ + "', '100001', '2026-09-01', 'jamal@example.org') "
                "RETURNING id");
    user_.set_school_urn("100001");
    user_.set_user_id("user-1");
    user_.set_user_name("Sam Tutor");
  }

  void MakeEctProviderLed() {
    Exec("INSERT INTO schedules (contract_period_year, identifier) "
         "VALUES (2026, 'ecf-standard-september') ON CONFLICT DO NOTHING RETURNING id");
    Exec("INSERT INTO training_periods (ect_at_school_period_id, started_on, training_programme, "
         "lead_provider_id, contract_period_year, expression_of_interest_id, schedule_id) "
         "SELECT '" + ect_ + "', '2026-09-01', 'provider_led', '" + kLeadProvider + "', 2026, "
         "a.id, s.id FROM active_lead_providers a, schedules s WHERE a.lead_provider_id = '" +
         kLeadProvider + "' AND a.contract_period_year = 2026 AND s.contract_period_year = 2026 "
         "AND s.identifier = 'ecf-standard-september' RETURNING id");
  }
  void MakeEctSchoolLed() {
    Exec("INSERT INTO training_periods (ect_at_school_period_id, started_on, training_programme) "
         "VALUES ('" + ect_ + "', '2026-09-01', 'school_led') RETURNING id");
  }

  std::string Exec(const std::string& sql) {
    pqxx::connection c(db_.conninfo());
    pqxx::work txn(c);
    pqxx::result r = txn.exec(sql);
    txn.commit();
    return r.empty() || r[0][0].is_null() ? "" : r[0][0].as<std::string>();
  }
  int Count(const std::string& sql) { return std::stoi(Exec(sql)); }

  std::string Start() {
    v1::StartMentorWizardRequest request;
    *request.mutable_user() = user_;
    request.set_ect_id(ect_);
    absl::StatusOr<v1::MentorWizardPage> page = mentors_.Start(request);
    EXPECT_TRUE(page.ok()) << page.status();
    EXPECT_EQ(page->step(), "find-mentor");
    EXPECT_EQ(page->ect_name(), "Jamal Price");
    return page->wizard_id();
  }

  v1::MentorWizardPage Submit(const std::string& id, const std::string& step,
                              std::map<std::string, std::string> fields) {
    v1::WizardStepRequest request;
    *request.mutable_user() = user_;
    request.set_wizard_id(id);
    request.set_step(step);
    for (auto& [k, v] : fields) (*request.mutable_fields())[k] = v;
    absl::StatusOr<v1::MentorWizardPage> page = mentors_.Submit(request);
    EXPECT_TRUE(page.ok()) << page.status();
    return page.ok() ? *page : v1::MentorWizardPage();
  }

  v1::MentorWizardPage Find(const std::string& id, const std::string& trn, int day, int month,
                            int year) {
    return Submit(id, "find-mentor",
                  {{"trn", trn},
                   {"date_of_birth_day", std::to_string(day)},
                   {"date_of_birth_month", std::to_string(month)},
                   {"date_of_birth_year", std::to_string(year)}});
  }

  // find-mentor → review → email for Ella Grant; returns the step after the email.
  std::string WalkToAfterEmail(const std::string& id) {
    EXPECT_EQ(Find(id, "7200001", 1, 6, 1985).step(), "review-mentor-details");
    EXPECT_EQ(Submit(id, "review-mentor-details", {{"name_check", "correct"}}).step(),
              "email-address");
    return Submit(id, "email-address", {{"email", "ella.grant@example.org"}}).step();
  }

  std::string EctStatus() {
    SchoolEcts ects(db_.pool(), [] { return kToday; });
    return ects.Get("100001", ect_)->status_tag();
  }

  testing::MigratedDatabase db_;
  WizardStore store_;
  TestTrs trs_;
  TestSchools schools_;
  SecureRandom random_;
  MentorRegistrations mentors_;
  v1::WizardUser user_;
  std::string ect_teacher_, ect_;
};

TEST_F(MentorRegistrationTest, ANewEligibleMentorOfAProviderLedEctIsSavedWithTraining) {
  MakeEctProviderLed();
  const std::string id = Start();
  EXPECT_EQ(WalkToAfterEmail(id), "review-mentor-eligibility");
  v1::MentorWizardPage page = Submit(id, "review-mentor-eligibility", {});
  EXPECT_EQ(page.step(), "check-answers");
  EXPECT_EQ(page.answers().lead_provider_id(), kLeadProvider);
  EXPECT_TRUE(page.answers().eligible_for_funding());
  EXPECT_EQ(EctStatus(), "Action required");

  page = Submit(id, "check-answers", {});
  EXPECT_EQ(page.step(), "confirmation");
  EXPECT_TRUE(page.mentor_training());
  EXPECT_FALSE(page.mentorship_period_id().empty());
  EXPECT_EQ(Count("SELECT count(*) FROM mentor_at_school_periods m JOIN teachers t ON t.id = "
                  "m.teacher_id WHERE t.trn = '7200001' AND m.school_urn = '100001' AND "
                  "m.started_on = '2026-11-23' AND m.email = 'ella.grant@example.org'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM training_periods tp JOIN mentor_at_school_periods m ON "
                  "m.id = tp.mentor_at_school_period_id WHERE tp.lead_provider_id = '" +
                  std::string(kLeadProvider) + "' AND tp.contract_period_year = 2026"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM mentorship_periods WHERE ect_at_school_period_id = '" +
                  ect_ + "' AND started_on = '2026-11-23' AND finished_on IS NULL"),
            1);
  EXPECT_EQ(Exec("SELECT template || ' ' || recipient || ' ' || (personalisation->>'mentor_name') "
                 "|| ' ' || (personalisation->>'school_name') FROM pending_emails"),
            "mentor_registered ella.grant@example.org Ella Grant Oakfield Primary School");
  EXPECT_EQ(EctStatus(), "Registered");
  // What happened is recorded, by the school user.
  EXPECT_EQ(Exec("SELECT string_agg(event_type || ': ' || heading || ' (' || author_name || ')', "
                 "' | ' ORDER BY event_type) FROM events"),
            "teacher_registered_as_mentor: Ella Grant was registered as a mentor at Oakfield "
            "Primary School (Sam Tutor) | teacher_starts_being_mentored: Jamal Price"
                " is mentored by Ella Grant from 23 November 2026 (Sam Tutor) | "
                "teacher_starts_mentoring: Ella Grant started mentoring Jamal Price"
                " from 23 November 2026 (Sam Tutor) | teacher_starts_training_period: Ella "
                "Grant started mentor training with Northern Teaching Trust (Sam Tutor)");
  EXPECT_EQ(Count("SELECT count(*) FROM events WHERE training_period_id IS NOT NULL "
                  "AND lead_provider_id IS NOT NULL AND mentor_at_school_period_id IS NOT NULL"),
            1);
  // Saved once: the confirmation is all that is left.
  EXPECT_EQ(Submit(id, "check-answers", {}).step(), "confirmation");
  EXPECT_EQ(Count("SELECT count(*) FROM mentor_at_school_periods"), 1);
  // No date of birth or NINO anywhere.
  EXPECT_EQ(Count("SELECT count(*) FROM wizard_sessions WHERE answers::text LIKE '%1985%'"), 0);
}

TEST_F(MentorRegistrationTest, TheMentorOfASchoolLedEctGetsNoTraining) {
  MakeEctSchoolLed();
  const std::string id = Start();
  EXPECT_EQ(WalkToAfterEmail(id), "check-answers");
  v1::MentorWizardPage page = Submit(id, "check-answers", {});
  EXPECT_EQ(page.step(), "confirmation");
  EXPECT_FALSE(page.mentor_training());
  EXPECT_EQ(Count("SELECT count(*) FROM training_periods WHERE mentor_at_school_period_id IS NOT "
                  "NULL"),
            0);
  EXPECT_EQ(EctStatus(), "Registered");
}

// §4.3: each recorded reason makes the mentor ineligible (no eligibility step, no training);
// no reason, or no teacher row, is eligible.
TEST_F(MentorRegistrationTest, MentorFundingEligibilityDecidesTheTraining) {
  MakeEctProviderLed();
  struct Case {
    std::string reason;  // "" = no teacher row yet
    std::string after_email;
    bool training;
  };
  const std::vector<Case> cases = {
      {"", "review-mentor-eligibility", true},
      {"none", "review-mentor-eligibility", true},
      {"completed_during_early_roll_out", "check-answers", false},
      {"completed_declaration_received", "check-answers", false},
      {"started_not_completed", "check-answers", false},
  };
  for (const Case& c : cases) {
    Exec("DELETE FROM pending_emails RETURNING 1");
    Exec("DELETE FROM mentorship_periods RETURNING 1");
    Exec("DELETE FROM training_periods WHERE mentor_at_school_period_id IS NOT NULL RETURNING 1");
    Exec("DELETE FROM mentor_at_school_periods RETURNING 1");
    Exec("DELETE FROM teachers WHERE trn = '7200001' RETURNING 1");
    if (!c.reason.empty()) {
      Exec("INSERT INTO teachers (trn, trs_first_name, trs_last_name, "
           "mentor_became_ineligible_for_funding_on, mentor_became_ineligible_for_funding_reason)"
           " VALUES ('7200001', 'Ella', 'Grant', " +
           (c.reason == "none" ? std::string("NULL, NULL")
                               : "'2021-04-19', '" + c.reason + "'") +
           ") RETURNING id");
    }
    const std::string id = Start();
    ASSERT_EQ(WalkToAfterEmail(id), c.after_email) << c.reason;
    if (c.after_email == "review-mentor-eligibility") {
      EXPECT_EQ(Submit(id, "review-mentor-eligibility", {}).step(), "check-answers");
    }
    v1::MentorWizardPage page = Submit(id, "check-answers", {});
    EXPECT_EQ(page.step(), "confirmation") << c.reason;
    EXPECT_EQ(page.mentor_training(), c.training) << c.reason;
    EXPECT_EQ(Count("SELECT count(*) FROM training_periods WHERE mentor_at_school_period_id IS "
                    "NOT NULL"),
              c.training ? 1 : 0)
        << c.reason;
  }
}

TEST_F(MentorRegistrationTest, TheEctCannotBeTheirOwnMentor) {
  const std::string id = Start();
  EXPECT_EQ(Find(id, "7200009", 15, 4, 1990).step(), "cannot-mentor-themself");
  EXPECT_EQ(Submit(id, "check-answers", {}).step(), "cannot-mentor-themself");
  EXPECT_EQ(Count("SELECT count(*) FROM mentor_at_school_periods"), 0);
}

TEST_F(MentorRegistrationTest, TrsOutcomesAndFieldErrors) {
  const std::string id = Start();
  v1::MentorWizardPage page = Submit(id, "find-mentor", {{"trn", ""}});
  EXPECT_EQ(page.step(), "find-mentor");
  EXPECT_GT(page.errors_size(), 0);
  EXPECT_EQ(Find(id, "7299999", 1, 1, 1980).step(), "trn-not-found");
  // A date of birth that does not match asks for the NINO.
  EXPECT_EQ(Find(id, "7200002", 3, 3, 1980).step(), "national-insurance-number");
  EXPECT_EQ(Submit(id, "national-insurance-number", {{"national_insurance_number", "AB999999A"}})
                .step(),
            "not-found");
  EXPECT_EQ(Find(id, "7200002", 3, 3, 1980).step(), "national-insurance-number");
  page = Submit(id, "national-insurance-number", {{"national_insurance_number", "AB200002A"}});
  EXPECT_EQ(page.step(), "review-mentor-details");
  EXPECT_EQ(page.answers().name(), "Omar Hale");
  // A later step is not reachable yet: the furthest allowed one is shown instead.
  EXPECT_EQ(Submit(id, "check-answers", {}).step(), "review-mentor-details");
  EXPECT_EQ(Submit(id, "review-mentor-details", {{"name_check", "correct"}}).step(),
            "email-address");
  page = Submit(id, "email-address", {{"email", "not-an-email"}});
  EXPECT_EQ(page.step(), "email-address");
  EXPECT_EQ(Count("SELECT count(*) FROM wizard_sessions WHERE answers::text LIKE '%AB2000%' "
                  "OR answers::text LIKE '%1980%'"),
            0);
}

TEST_F(MentorRegistrationTest, AMentorAlreadyAtTheSchoolIsAssigned) {
  const std::string teacher = Exec(
      "INSERT INTO teachers (trn, trs_first_name, trs_last_name) VALUES ('7200001', 'Ella', "
      "'Grant') RETURNING id");
  Exec("INSERT INTO mentor_at_school_periods (teacher_id, school_urn, started_on) VALUES ('" +
       teacher + "', '100001', '2025-09-01') RETURNING id");
  const std::string id = Start();
  EXPECT_EQ(Find(id, "7200001", 1, 6, 1985).step(), "already-active-at-school");
  v1::MentorWizardPage page = Submit(id, "already-active-at-school", {});
  EXPECT_EQ(page.step(), "confirmation");
  EXPECT_FALSE(page.mentorship_period_id().empty());
  EXPECT_EQ(Count("SELECT count(*) FROM mentor_at_school_periods"), 1);
  EXPECT_EQ(EctStatus(), "Registered");
  EXPECT_EQ(Count("SELECT count(*) FROM events WHERE author_name = 'Sam Tutor' AND event_type IN "
                  "('teacher_starts_mentoring', 'teacher_starts_being_mentored')"),
            2);
}

TEST_F(MentorRegistrationTest, AMentorElsewhereSaysWhetherTheyMentorOnlyHere) {
  MakeEctSchoolLed();
  const std::string teacher = Exec(
      "INSERT INTO teachers (trn, trs_first_name, trs_last_name) VALUES ('7200001', 'Ella', "
      "'Grant') RETURNING id");
  const std::string elsewhere =
      Exec("INSERT INTO mentor_at_school_periods (teacher_id, school_urn, started_on) VALUES ('" +
           teacher + "', '100002', '2025-09-01') RETURNING id");
  const std::string id = Start();
  EXPECT_EQ(WalkToAfterEmail(id), "mentoring-at-new-school-only");
  v1::MentorWizardPage page = Submit(id, "mentoring-at-new-school-only", {});
  EXPECT_EQ(page.errors(0).message(),
            "Select 'Yes' or 'No' to confirm whether they will be mentoring at your school only");
  EXPECT_EQ(Submit(id, "mentoring-at-new-school-only", {{"mentoring_at_new_school_only", "yes"}})
                .step(),
            "started-on");
  page = Submit(id, "started-on", {{"started_on_day", "1"}, {"started_on_month", "9"},
                                   {"started_on_year", "2025"}});
  EXPECT_EQ(page.step(), "started-on");
  EXPECT_NE(page.errors(0).message().find("Riverside Academy"), std::string::npos);
  EXPECT_EQ(Submit(id, "started-on", {{"started_on_day", "1"}, {"started_on_month", "12"},
                                      {"started_on_year", "2026"}})
                .step(),
            "check-answers");
  EXPECT_EQ(Submit(id, "check-answers", {}).step(), "confirmation");
  EXPECT_EQ(Exec("SELECT finished_on::text FROM mentor_at_school_periods WHERE id = '" +
                 elsewhere + "'"),
            "2026-11-30");
  // Transferring in to an ECT who never had a mentor: the mentorship starts with the mentor.
  EXPECT_EQ(Exec("SELECT started_on::text FROM mentorship_periods"), "2026-12-01");
}

TEST_F(MentorRegistrationTest, AnotherSchoolsEctCannotBeGivenAMentor) {
  v1::StartMentorWizardRequest request;
  *request.mutable_user() = user_;
  request.mutable_user()->set_school_urn("100002");
  request.set_ect_id(ect_);
  EXPECT_EQ(mentors_.Start(request).status().code(), absl::StatusCode::kNotFound);
  request.set_ect_id("not-a-uuid");
  EXPECT_EQ(mentors_.Start(request).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace rect::registration
