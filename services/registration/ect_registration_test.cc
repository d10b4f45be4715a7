// The register-an-ECT journey over a migrated database: sessions scoped to school and user, the
// step guard, TRS outcomes, field errors, the one-transaction save with its pending email, and
// no date of birth or NINO anywhere in the database.
#include "services/registration/ect_registration.h"

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

// Stands in for the teachers service: a person per TRN with a DOB and NINO.
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
    return TrsFindResult{TrsLookup::kFound, it->second.teacher, "InProgress"};
  }
  absl::StatusOr<TrsFindResult> FindByNino(const std::string& trn,
                                           const std::string& nino) override {
    auto it = people.find(trn);
    if (it == people.end() || it->second.nino != nino) {
      return TrsFindResult{TrsLookup::kNotFound, {}, ""};
    }
    return TrsFindResult{TrsLookup::kFound, it->second.teacher, "InProgress"};
  }
};

class TestSchools : public SchoolDirectory {
 public:
  absl::StatusOr<SchoolInfo> GetSchool(const std::string& urn) override {
    return SchoolInfo{urn == "100003" ? "Hillcrest House School" : "Oakfield Primary School",
                      urn == "100003"};
  }
};

class EctRegistrationTest : public ::testing::Test {
 protected:
  EctRegistrationTest()
      : db_(Migrations()),
        store_(db_.pool()),
        ect_(store_, trs_, schools_, random_, [] { return kToday; }) {
    trs_.people["7000013"] = {absl::CivilDay(1990, 4, 15), "AB100013A",
                              {"7000013", "Jamal", "Price", InductionStatus::kRequiredToComplete,
                               false, true}};
    trs_.people["7000007"] = {absl::CivilDay(1977, 2, 3), "AB100007A",
                              {"7000007", "Ella", "Grant", InductionStatus::kPassed, false, true}};
    user_.set_school_urn("100001");
    user_.set_user_id("user-1");
    user_.set_user_name("Sam Tutor");
    user_.set_user_email("sam@oakfield.example");
  }

  v1::EctWizardPage Start() {
    absl::StatusOr<v1::EctWizardPage> page = ect_.Start(user_);
    EXPECT_TRUE(page.ok()) << page.status();
    return *page;
  }

  absl::StatusOr<v1::EctWizardPage> Submit(const std::string& id, const std::string& step,
                                           std::map<std::string, std::string> fields,
                                           const v1::WizardUser* as = nullptr) {
    v1::WizardStepRequest request;
    *request.mutable_user() = as ? *as : user_;
    request.set_wizard_id(id);
    request.set_step(step);
    for (auto& [k, v] : fields) (*request.mutable_fields())[k] = v;
    return ect_.Submit(request);
  }

  absl::StatusOr<v1::EctWizardPage> Get(const std::string& id, const std::string& step,
                                        const v1::WizardUser* as = nullptr) {
    v1::WizardStepRequest request;
    *request.mutable_user() = as ? *as : user_;
    request.set_wizard_id(id);
    request.set_step(step);
    return ect_.Get(request);
  }

  // Walks to check-answers for 7000013 with the given programme.
  std::string WalkToCheckAnswers(const std::string& programme) {
    const std::string id = Start().wizard_id();
    EXPECT_EQ(Submit(id, "find-ect", {{"trn", "7000013"}, {"date_of_birth_day", "15"},
                                      {"date_of_birth_month", "4"},
                                      {"date_of_birth_year", "1990"}})
                  ->step(),
              "review-ect-details");
    EXPECT_EQ(Submit(id, "review-ect-details", {{"name_check", "correct"}})->step(),
              "email-address");
    EXPECT_EQ(Submit(id, "email-address", {{"email", "jamal.price@example.org"}})->step(),
              "start-date");
    EXPECT_EQ(Submit(id, "start-date", {{"start_date_day", "1"}, {"start_date_month", "9"},
                                        {"start_date_year", "2026"}})
                  ->step(),
              "working-pattern");
    EXPECT_EQ(Submit(id, "working-pattern", {{"working_pattern", "full_time"}})->step(),
              "state-school-appropriate-body");
    EXPECT_EQ(Submit(id, "state-school-appropriate-body",
                     {{"appropriate_body_id", "55555555-5555-4555-8555-000000000003"}})
                  ->step(),
              "training-programme");
    absl::StatusOr<v1::EctWizardPage> page =
        Submit(id, "training-programme", {{"training_programme", programme}});
    if (programme == "provider_led") {
      EXPECT_EQ(page->step(), "lead-provider");
      EXPECT_EQ(page->lead_providers_size(), 2);
      page = Submit(id, "lead-provider",
                    {{"lead_provider_id", "11111111-1111-4111-8111-000000000001"}});
    }
    EXPECT_EQ(page->step(), "check-answers");
    return id;
  }

  int Count(const std::string& sql) {
    pqxx::connection c(db_.conninfo());
    pqxx::nontransaction txn(c);
    return txn.exec(sql)[0][0].as<int>();
  }

  testing::MigratedDatabase db_;
  WizardStore store_;
  TestTrs trs_;
  TestSchools schools_;
  SecureRandom random_;
  EctRegistrations ect_;
  v1::WizardUser user_;
};

TEST_F(EctRegistrationTest, ProviderLedRegistrationIsSavedWithItsEmailInOneGo) {
  const std::string id = WalkToCheckAnswers("provider_led");
  absl::StatusOr<v1::EctWizardPage> saved = Submit(id, "check-answers", {});
  ASSERT_TRUE(saved.ok()) << saved.status();
  EXPECT_EQ(saved->step(), "confirmation");
  EXPECT_FALSE(saved->ect_at_school_period_id().empty());
  EXPECT_EQ(Count("SELECT count(*) FROM ect_at_school_periods WHERE school_urn = '100001' "
                  "AND email = 'jamal.price@example.org' AND working_pattern = 'full_time'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM training_periods WHERE training_programme = "
                  "'provider_led' AND contract_period_year = 2026 AND started_on = '2026-11-23' "
                  "AND expression_of_interest_id = '33333333-3333-4333-8333-000000012026'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM pending_emails WHERE template = "
                  "'ect_registered_provider_led' AND recipient = 'jamal.price@example.org'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM schools WHERE school_urn = '100001' AND "
                  "last_chosen_training_programme = 'provider_led'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM events WHERE event_type = 'teacher_registered_as_ect'"),
            1);
  // After saving only the confirmation is reachable, and a second save does nothing.
  EXPECT_EQ(Get(id, "start-date")->step(), "confirmation");
  EXPECT_EQ(Submit(id, "check-answers", {})->step(), "confirmation");
  EXPECT_EQ(Count("SELECT count(*) FROM ect_at_school_periods"), 1);
}

TEST_F(EctRegistrationTest, SchoolLedThenThePreviousChoicesAreOffered) {
  ASSERT_TRUE(Submit(WalkToCheckAnswers("school_led"), "check-answers", {}).ok());
  EXPECT_EQ(Count("SELECT count(*) FROM training_periods WHERE training_programme = "
                  "'school_led' AND lead_provider_id IS NULL"),
            1);
  trs_.people["7000005"] = {absl::CivilDay(1977, 2, 3), "AB100005A",
                            {"7000005", "Carla", "Reyes", InductionStatus::kInProgress, false,
                             true}};
  const std::string id = Start().wizard_id();
  Submit(id, "find-ect", {{"trn", "7000005"}, {"date_of_birth_day", "3"},
                          {"date_of_birth_month", "2"}, {"date_of_birth_year", "1977"}});
  Submit(id, "review-ect-details", {{"name_check", "correct"}});
  Submit(id, "email-address", {{"email", "carla@example.org"}});
  Submit(id, "start-date",
         {{"start_date_day", "1"}, {"start_date_month", "9"}, {"start_date_year", "2026"}});
  absl::StatusOr<v1::EctWizardPage> page =
      Submit(id, "working-pattern", {{"working_pattern", "part_time"}});
  ASSERT_EQ(page->step(), "use-previous-ect-choices");
  EXPECT_EQ(page->previous_training_programme(), "school_led");
  EXPECT_EQ(page->previous_appropriate_body_name(), "Pennine Teaching School Hub");
  EXPECT_EQ(Submit(id, "use-previous-ect-choices", {{"use_previous_choices", "yes"}})->step(),
            "check-answers");
}

TEST_F(EctRegistrationTest, FieldErrorsAndTheStepGuard) {
  const std::string id = Start().wizard_id();
  absl::StatusOr<v1::EctWizardPage> page = Submit(id, "find-ect", {{"trn", "12"}});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->step(), "find-ect");
  ASSERT_EQ(page->errors_size(), 2);
  EXPECT_EQ(page->errors(0).message(), "Teacher reference number must include at least 5 digits");
  EXPECT_EQ(page->errors(1).message(), "Enter a date of birth");
  // Not reachable yet: sent to the furthest allowed step.
  page = Get(id, "check-answers");
  EXPECT_TRUE(page->redirected());
  EXPECT_EQ(page->step(), "find-ect");
  EXPECT_EQ(Submit(id, "check-answers", {})->step(), "find-ect");
  EXPECT_EQ(Count("SELECT count(*) FROM ect_at_school_periods"), 0);
}

TEST_F(EctRegistrationTest, WrongDateOfBirthAsksForTheNinoAndNeitherIsStored) {
  const std::string id = Start().wizard_id();
  absl::StatusOr<v1::EctWizardPage> page =
      Submit(id, "find-ect", {{"trn", "7000013"}, {"date_of_birth_day", "16"},
                              {"date_of_birth_month", "4"}, {"date_of_birth_year", "1990"}});
  EXPECT_EQ(page->step(), "national-insurance-number");
  page = Submit(id, "national-insurance-number", {{"national_insurance_number", ""}});
  EXPECT_EQ(page->errors(0).message(), "Enter a National Insurance Number");
  page = Submit(id, "national-insurance-number", {{"national_insurance_number", "ab 10 00 13 a"}});
  EXPECT_EQ(page->step(), "review-ect-details");
  EXPECT_TRUE(page->answers().used_national_insurance_number());
  EXPECT_EQ(Count("SELECT count(*) FROM wizard_sessions WHERE answers::text ~* "
                  "'1990-04-16|AB100013A|1990|16/04'"),
            0);
}

TEST_F(EctRegistrationTest, BlockedBranchesAndAnotherUsersSession) {
  const std::string id = Start().wizard_id();
  EXPECT_EQ(Submit(id, "find-ect", {{"trn", "7000002"}, {"date_of_birth_day", "3"},
                                    {"date_of_birth_month", "2"}, {"date_of_birth_year", "1977"}})
                ->step(),
            "trn-not-found");
  EXPECT_EQ(Submit(id, "find-ect", {{"trn", "7000007"}, {"date_of_birth_day", "3"},
                                    {"date_of_birth_month", "2"}, {"date_of_birth_year", "1977"}})
                ->step(),
            "induction-completed");
  v1::WizardUser other = user_;
  other.set_school_urn("100002");
  EXPECT_EQ(Get(id, "find-ect", &other).status().code(), absl::StatusCode::kNotFound);
  other = user_;
  other.set_user_id("user-2");
  EXPECT_EQ(Get(id, "find-ect", &other).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Get("not-a-wizard", "find-ect").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(EctRegistrationTest, EmailInUseByAnotherTeacher) {
  ASSERT_TRUE(Submit(WalkToCheckAnswers("school_led"), "check-answers", {}).ok());
  trs_.people["7000005"] = {absl::CivilDay(1977, 2, 3), "AB100005A",
                            {"7000005", "Carla", "Reyes", InductionStatus::kInProgress, false,
                             true}};
  const std::string id = Start().wizard_id();
  Submit(id, "find-ect", {{"trn", "7000005"}, {"date_of_birth_day", "3"},
                          {"date_of_birth_month", "2"}, {"date_of_birth_year", "1977"}});
  Submit(id, "review-ect-details", {{"name_check", "corrected"}, {"corrected_name", "Carla R"}});
  EXPECT_EQ(Submit(id, "email-address", {{"email", "JAMAL.PRICE@example.org"}})->step(),
            "cant-use-email");
}

TEST_F(EctRegistrationTest, TheSchoolSeesItsEctNeedingAMentorAndOtherSchoolsDoNot) {
  const std::string id = WalkToCheckAnswers("school_led");
  absl::StatusOr<v1::EctWizardPage> saved = Submit(id, "check-answers", {});
  ASSERT_TRUE(saved.ok());
  SchoolEcts ects(db_.pool(), [] { return kToday; });
  absl::StatusOr<std::vector<v1::SchoolEct>> list = ects.List("100001");
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().name(), "Jamal Price");
  EXPECT_EQ(list->front().status_tag(), "Action required");
  EXPECT_EQ(list->front().status_text(), "A mentor needs to be assigned to Jamal Price");
  EXPECT_EQ(list->front().start_date(), "1 September 2026");
  EXPECT_TRUE(ects.Get("100001", saved->ect_at_school_period_id()).ok());
  EXPECT_TRUE(ects.List("100002")->empty());
  EXPECT_EQ(ects.Get("100002", saved->ect_at_school_period_id()).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(ects.Get("100001", "not-a-uuid").status().code(), absl::StatusCode::kNotFound);
}

// §3.5: a change made from check answers comes back to check answers, unless the change needs
// more answers (provider-led needs a provider, No to the previous choices asks them again).
TEST_F(EctRegistrationTest, ChangesFromCheckAnswersReturnThere) {
  const std::string id = WalkToCheckAnswers("school_led");
  struct Case {
    std::string step;
    std::map<std::string, std::string> fields;
    std::string next;
  };
  const std::vector<Case> cases = {
      {"review-ect-details", {{"name_check", "corrected"}, {"corrected_name", "Jay Price"}},
       "check-answers"},
      {"email-address", {{"email", "jay.price@example.org"}}, "check-answers"},
      {"start-date", {{"start_date_day", "2"}, {"start_date_month", "9"}, {"start_date_year", "2026"}},
       "check-answers"},
      {"working-pattern", {{"working_pattern", "part_time"}}, "check-answers"},
      {"state-school-appropriate-body",
       {{"appropriate_body_id", "55555555-5555-4555-8555-000000000004"}}, "check-answers"},
      // Switching to provider-led forces a lead provider...
      {"training-programme", {{"training_programme", "provider_led"}}, "lead-provider"},
      {"lead-provider", {{"lead_provider_id", "11111111-1111-4111-8111-000000000002"}},
       "check-answers"},
      {"lead-provider", {{"lead_provider_id", "11111111-1111-4111-8111-000000000001"}},
       "check-answers"},
      // ...and back to school-led needs nothing more.
      {"training-programme", {{"training_programme", "school_led"}}, "check-answers"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<v1::EctWizardPage> page = Submit(id, c.step, c.fields);
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_EQ(page->step(), c.next) << c.step;
  }
  absl::StatusOr<v1::EctWizardPage> page = Get(id, "check-answers");
  EXPECT_EQ(page->answers().name(), "Jay Price");
  EXPECT_EQ(page->answers().email(), "jay.price@example.org");
  EXPECT_EQ(page->answers().start_date(), "2 September 2026");
  EXPECT_EQ(page->answers().working_pattern(), "part_time");
  EXPECT_EQ(page->answers().appropriate_body_name(), "Severn Teaching School Hub");
  EXPECT_EQ(page->answers().training_programme(), "school_led");
  // An error keeps the user on the step.
  EXPECT_EQ(Submit(id, "email-address", {{"email", "nope"}})->step(), "email-address");
}

TEST_F(EctRegistrationTest, AnsweringNoToThePreviousChoicesFromCheckAnswersAsksThemAgain) {
  ASSERT_TRUE(Submit(WalkToCheckAnswers("school_led"), "check-answers", {}).ok());
  trs_.people["7000005"] = {absl::CivilDay(1977, 2, 3), "AB100005A",
                            {"7000005", "Carla", "Reyes", InductionStatus::kInProgress, false,
                             true}};
  const std::string id = Start().wizard_id();
  Submit(id, "find-ect", {{"trn", "7000005"}, {"date_of_birth_day", "3"},
                          {"date_of_birth_month", "2"}, {"date_of_birth_year", "1977"}});
  Submit(id, "review-ect-details", {{"name_check", "correct"}});
  Submit(id, "email-address", {{"email", "carla@example.org"}});
  Submit(id, "start-date",
         {{"start_date_day", "1"}, {"start_date_month", "9"}, {"start_date_year", "2026"}});
  Submit(id, "working-pattern", {{"working_pattern", "part_time"}});
  ASSERT_EQ(Submit(id, "use-previous-ect-choices", {{"use_previous_choices", "yes"}})->step(),
            "check-answers");
  EXPECT_EQ(Submit(id, "email-address", {{"email", "carla.reyes@example.org"}})->step(),
            "check-answers");
  EXPECT_EQ(Submit(id, "use-previous-ect-choices", {{"use_previous_choices", "no"}})->step(),
            "state-school-appropriate-body");
  EXPECT_EQ(Submit(id, "state-school-appropriate-body",
                   {{"appropriate_body_id", "55555555-5555-4555-8555-000000000003"}})
                ->step(),
            "training-programme");
  EXPECT_EQ(Submit(id, "training-programme", {{"training_programme", "provider_led"}})->step(),
            "lead-provider");
  EXPECT_EQ(Submit(id, "lead-provider",
                   {{"lead_provider_id", "11111111-1111-4111-8111-000000000001"}})
                ->step(),
            "check-answers");
}

}  // namespace
}  // namespace rect::registration
