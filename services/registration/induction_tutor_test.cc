// The induction tutor: the answer rules as a table, then over a migrated database naming a
// tutor (stored for the current contract period, one email handed to the outbox), confirming
// the one on record (no email), refusals that write nothing, and a new contract period asking
// again.
#include "services/registration/induction_tutor.h"

#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "services/common/testing/service_fixture.h"
#include "services/registration/migrations.h"

namespace rect::registration {
namespace {

TEST(CheckInductionTutorAnswersTest, Table) {
  const TutorOnRecord sam{"Sam Tutor", "sam@school.example"};
  const std::string long_name(71, 'a');
  const struct {
    const char* name;
    InductionTutorAnswers answers;
    std::optional<TutorOnRecord> on_record;
    std::vector<std::string> errors;  // "field: message"
    bool confirm_existing;
  } cases[] = {
      {"a new tutor", {"", " Ada Lovelace ", "ada@school.example"}, std::nullopt, {}, false},
      {"no name", {"", "", "ada@school.example"}, std::nullopt,
       {"name: Enter the correct full name"}, false},
      {"a name too long", {"", long_name, "ada@school.example"}, std::nullopt,
       {"name: Full name must be 70 letters or less"}, false},
      {"no email", {"", "Ada", ""}, std::nullopt, {"email: Enter the email address"}, false},
      {"a bad email", {"", "Ada", "ada@"}, std::nullopt,
       {"email: Enter an email address in the correct format, like name@example.com"}, false},
      {"both missing", {"", "", ""}, std::nullopt,
       {"name: Enter the correct full name", "email: Enter the email address"}, false},
      {"confirm the one on record", {"yes", "", ""}, sam, {}, true},
      {"no choice with one on record", {"", "Ada", "ada@school.example"}, sam,
       {"are_these_details_correct: Select 'Yes' or 'No, someone else will be the induction "
        "tutor'"},
       false},
      {"someone else", {"no", "Ada", "ada@school.example"}, sam, {}, false},
      {"no, but the same details", {"no", "Sam Tutor", "SAM@school.example"}, sam,
       {"are_these_details_correct: You must change the induction tutor details or confirm they "
        "are correct"},
       false},
  };
  for (const auto& c : cases) {
    const InductionTutorDecision d = CheckInductionTutorAnswers(c.answers, c.on_record);
    std::vector<std::string> errors;
    for (const auto& [field, message] : d.errors) errors.push_back(field + ": " + message);
    EXPECT_EQ(errors, c.errors) << c.name;
    EXPECT_EQ(d.confirm_existing, c.confirm_existing) << c.name;
  }
  EXPECT_EQ(CheckInductionTutorAnswers({"", " Ada Lovelace ", "ada@school.example"}, std::nullopt)
                .name,
            "Ada Lovelace");
}

class InductionTutorsTest : public ::testing::Test {
 protected:
  InductionTutorsTest() : db_(Migrations()), tutors_(db_.pool(), [this] { return today_; }) {}

  std::string Text(const std::string& sql) {
    pqxx::connection c(db_.conninfo());
    pqxx::work txn(c);
    pqxx::result r = txn.exec(sql);
    txn.commit();
    return r.empty() || r[0][0].is_null() ? "" : r[0][0].as<std::string>();
  }

  v1::InductionTutorRequest Request(const std::string& choice, const std::string& name,
                                    const std::string& email) {
    v1::InductionTutorRequest request;
    request.mutable_user()->set_school_urn("100001");
    request.mutable_user()->set_user_name("Sam Tutor");
    request.set_school_name("Oakfield Primary School");
    request.set_are_these_details_correct(choice);
    request.set_name(name);
    request.set_email(email);
    return request;
  }

  absl::CivilDay today_{2026, 11, 23};
  testing::MigratedDatabase db_;
  InductionTutors tutors_;
};

TEST_F(InductionTutorsTest, NamingConfirmingAndANewContractPeriod) {
  absl::StatusOr<v1::InductionTutorPage> page = tutors_.Get(Request("", "", ""));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_FALSE(page->confirmed_for_current_period());
  EXPECT_EQ(page->contract_period_year(), 2026);
  EXPECT_EQ(page->academic_year(), "2026 to 2027");

  // A refusal writes nothing.
  page = tutors_.Save(Request("", "", "ada@"));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->errors_size(), 2);
  EXPECT_FALSE(page->saved());
  EXPECT_EQ(Text("SELECT count(*) FROM schools WHERE induction_tutor_name IS NOT NULL"), "0");

  page = tutors_.Save(Request("", "Ada Lovelace", "ada@school.example"));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->saved());
  EXPECT_TRUE(page->emailed());
  EXPECT_EQ(Text("SELECT induction_tutor_name || ' ' || induction_tutor_email || ' ' || "
                 "induction_tutor_last_nominated_in FROM schools WHERE school_urn = '100001'"),
            "Ada Lovelace ada@school.example 2026");
  EXPECT_EQ(Text("SELECT template || ' ' || recipient || ' ' || (personalisation->>'name') || ' ' "
                 "|| (personalisation->>'school_name') FROM pending_emails"),
            "induction_tutor_confirmation ada@school.example Ada Lovelace Oakfield Primary School");
  EXPECT_TRUE(tutors_.Get(Request("", "", ""))->confirmed_for_current_period());

  // Next contract period: asked again; confirming sends nothing.
  today_ = absl::CivilDay(2027, 6, 2);
  page = tutors_.Get(Request("", "", ""));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_FALSE(page->confirmed_for_current_period());
  EXPECT_EQ(page->name(), "Ada Lovelace");
  page = tutors_.Save(Request("yes", "", ""));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->saved());
  EXPECT_FALSE(page->emailed());
  EXPECT_EQ(Text("SELECT induction_tutor_last_nominated_in FROM schools"), "2027");
  EXPECT_EQ(Text("SELECT count(*) FROM pending_emails"), "1");

  // Someone else: stored and emailed.
  page = tutors_.Save(Request("no", "Grace Hopper", "grace@school.example"));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->emailed());
  EXPECT_EQ(Text("SELECT induction_tutor_name FROM schools"), "Grace Hopper");
  EXPECT_EQ(Text("SELECT count(*) FROM pending_emails"), "2");
  EXPECT_EQ(Text("SELECT count(*) FROM events WHERE event_type LIKE 'school_induction_tutor_%'"),
            "3");
}

TEST_F(InductionTutorsTest, ABadSchoolIsRefused) {
  v1::InductionTutorRequest request = Request("", "Ada", "ada@school.example");
  request.mutable_user()->set_school_urn("0123");
  EXPECT_TRUE(absl::IsInvalidArgument(tutors_.Save(request).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(tutors_.Get(request).status()));
}

}  // namespace
}  // namespace rect::registration
