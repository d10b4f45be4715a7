// Leaving: the date rules as a table, then the writes over a migrated database — the period,
// its mentorship and training end on the date, unstarted ones are deleted, another school's
// period is not found, and a refused date writes nothing.
#include "services/registration/leaving.h"

#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "services/common/testing/service_fixture.h"
#include "services/registration/migrations.h"

namespace rect::registration {
namespace {

constexpr absl::CivilDay kToday(2026, 11, 23);

TEST(ValidateLeavingDateTest, Table) {
  const LeavingFacts facts{kToday, "Jamal Price", absl::CivilDay(2025, 9, 1), std::nullopt};
  LeavingFacts trained = facts;
  trained.latest_started_training_on = absl::CivilDay(2026, 9, 1);
  const struct {
    const char* name;
    wizard::DateInput input;
    const LeavingFacts* facts;
    std::string error;  // empty = valid
  } cases[] = {
      {"missing", {"", "", ""}, &facts, kLeavingDateMissing},
      {"not a date", {"30", "2", "2026"}, &facts, kLeavingDateFormat},
      {"letters", {"x", "1", "2026"}, &facts, kLeavingDateFormat},
      {"today", {"23", "11", "2026"}, &facts, ""},
      {"in the past", {"1", "9", "2026"}, &facts, ""},
      {"exactly four months ahead", {"23", "3", "2027"}, &facts, ""},
      {"a day beyond four months", {"24", "3", "2027"}, &facts, kLeavingDateTooFar},
      {"the start date", {"1", "9", "2025"}, &facts,
       "Our records show that Jamal Price started teaching at your school on 1 September 2025. "
       "Enter a date after 2 September 2025."},
      {"the day after the start", {"2", "9", "2025"}, &facts,
       "Our records show that Jamal Price started teaching at your school on 1 September 2025. "
       "Enter a date after 2 September 2025."},
      {"two days after the start", {"3", "9", "2025"}, &facts, ""},
      {"before the start", {"1", "8", "2025"}, &facts,
       "Our records show that Jamal Price started teaching at your school on 1 September 2025. "
       "Enter a date after 2 September 2025."},
      {"the day after the latest training began", {"2", "9", "2026"}, &trained,
       "Our records show that Jamal Price started their latest training at your school on "
       "1 September 2026. Enter a date after 2 September 2026."},
      {"two days after the latest training began", {"3", "9", "2026"}, &trained, ""},
  };
  for (const auto& c : cases) {
    absl::StatusOr<absl::CivilDay> date = ValidateLeavingDate(c.input, *c.facts);
    if (c.error.empty()) {
      EXPECT_TRUE(date.ok()) << c.name << ": " << date.status();
    } else {
      ASSERT_FALSE(date.ok()) << c.name;
      EXPECT_TRUE(absl::IsInvalidArgument(date.status())) << c.name;
      EXPECT_EQ(date.status().message(), c.error) << c.name;
    }
  }
}

class LeavingTest : public ::testing::Test {
 protected:
  LeavingTest() : db_(Migrations()), leavings_(db_.pool(), [this] { return today_; }) {
    ect_teacher_ = Text("INSERT INTO teachers (trn, trs_first_name, trs_last_name) "
                        "VALUES ('7100001', 'Jamal', 'Price') RETURNING id");
    mentor_teacher_ = Text("INSERT INTO teachers (trn, trs_first_name, trs_last_name) "
                           "VALUES ('7100002', 'Ella', 'Grant') RETURNING id");
    ect_ = Text("INSERT INTO ect_at_school_periods (teacher_id, school_urn, started_on, email) "
                "VALUES ('" + ect_teacher_ + "', '100001', '2025-09-01', 'jamal@example.org') "
                "RETURNING id");
    mentor_ = Text("INSERT INTO mentor_at_school_periods (teacher_id, school_urn, started_on) "
                   "VALUES ('" + mentor_teacher_ + "', '100001', '2024-09-01') RETURNING id");
    current_mentorship_ = Text(
        "INSERT INTO mentorship_periods (ect_at_school_period_id, mentor_at_school_period_id, "
        "school_urn, mentee_teacher_id, mentor_teacher_id, started_on) VALUES ('" + ect_ +
        "', '" + mentor_ + "', '100001', '" + ect_teacher_ + "', '" + mentor_teacher_ +
        "', '2025-09-01') RETURNING id");
    training_ = Text("INSERT INTO training_periods (ect_at_school_period_id, started_on, "
                     "training_programme) VALUES ('" + ect_ + "', '2025-09-01', 'school_led') "
                     "RETURNING id");
  }

  std::string Text(const std::string& sql) {
    pqxx::connection c(db_.conninfo());
    pqxx::work txn(c);
    pqxx::result r = txn.exec(sql);
    txn.commit();
    return r.empty() || r[0][0].is_null() ? "" : r[0][0].as<std::string>();
  }

  v1::LeavingRequest Request(const std::string& role, const std::string& id, const char* day,
                             const char* month, const char* year,
                             const std::string& school = "100001") {
    v1::LeavingRequest request;
    request.mutable_user()->set_school_urn(school);
    request.mutable_user()->set_user_name("Sally Tutor");
    request.mutable_user()->set_user_email("sally@school.example");
    request.set_role(role);
    request.set_period_id(id);
    request.set_day(day);
    request.set_month(month);
    request.set_year(year);
    return request;
  }

  absl::CivilDay today_ = kToday;
  testing::MigratedDatabase db_;
  Leavings leavings_;
  std::string ect_teacher_, mentor_teacher_, ect_, mentor_, current_mentorship_, training_;
};

TEST_F(LeavingTest, EndsThePeriodItsMentorshipAndTrainingOnTheDate) {
  absl::StatusOr<v1::LeavingPage> page = leavings_.Report(Request("ect", ect_, "31", "12", "2026"));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->saved());
  EXPECT_EQ(page->errors_size(), 0);
  EXPECT_EQ(page->teacher_name(), "Jamal Price");
  EXPECT_EQ(page->leaving_on(), "2026-12-31");
  EXPECT_EQ(page->leaving_on_display(), "31 December 2026");
  EXPECT_TRUE(page->leaving_in_future());
  EXPECT_EQ(Text("SELECT finished_on::text || ' ' || reported_leaving_by_school_urn "
                 "FROM ect_at_school_periods WHERE id = '" + ect_ + "'"),
            "2026-12-31 100001");
  EXPECT_EQ(Text("SELECT finished_on::text FROM mentorship_periods WHERE id = '" +
                 current_mentorship_ + "'"),
            "2026-12-31");
  EXPECT_EQ(Text("SELECT finished_on::text FROM training_periods WHERE id = '" + training_ + "'"),
            "2026-12-31");
  // The mentor stays at the school.
  EXPECT_EQ(Text("SELECT coalesce(finished_on::text, 'open') FROM mentor_at_school_periods"),
            "open");
  EXPECT_EQ(Text("SELECT count(*) FROM events WHERE event_type = 'teacher_left_school'"), "1");
  // After the date the period is no longer the school's to report on, but the page still reads.
  today_ = absl::CivilDay(2027, 1, 2);
  EXPECT_TRUE(absl::IsNotFound(leavings_.Check(Request("ect", ect_, "1", "2", "2027")).status()));
  absl::StatusOr<v1::LeavingPage> after = leavings_.Get(Request("ect", ect_, "", "", ""));
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->leaving_on(), "2026-12-31");
  EXPECT_FALSE(after->leaving_in_future());
}

TEST_F(LeavingTest, DeletesMentorshipsAndTrainingThatWouldStartAfterTheDate) {
  Text("UPDATE mentorship_periods SET finished_on = '2026-11-30' WHERE id = '" +
       current_mentorship_ + "'");
  Text("UPDATE training_periods SET finished_on = '2026-11-30' WHERE id = '" + training_ + "'");
  const std::string future_training =
      Text("INSERT INTO training_periods (ect_at_school_period_id, started_on, "
           "training_programme) VALUES ('" + ect_ + "', '2026-12-01', 'school_led') RETURNING id");
  const std::string future_mentorship = Text(
      "INSERT INTO mentorship_periods (ect_at_school_period_id, mentor_at_school_period_id, "
      "school_urn, mentee_teacher_id, mentor_teacher_id, started_on) VALUES ('" + ect_ + "', '" +
      mentor_ + "', '100001', '" + ect_teacher_ + "', '" + mentor_teacher_ +
      "', '2026-12-01') RETURNING id");
  absl::StatusOr<v1::LeavingPage> page = leavings_.Report(Request("ect", ect_, "25", "11", "2026"));
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_TRUE(page->saved());
  EXPECT_EQ(Text("SELECT count(*) FROM training_periods WHERE id = '" + future_training + "'"),
            "0");
  EXPECT_EQ(Text("SELECT count(*) FROM mentorship_periods WHERE id = '" + future_mentorship + "'"),
            "0");
  EXPECT_EQ(Text("SELECT finished_on::text FROM training_periods WHERE id = '" + training_ + "'"),
            "2026-11-25");
}

TEST_F(LeavingTest, TrainingALeadProviderHasDeclaredCannotBeLeftBeforeItStarts) {
  Text("UPDATE training_periods SET finished_on = '2026-11-30' WHERE id = '" + training_ + "'");
  const std::string schedule =
      Text("INSERT INTO schedules (contract_period_year, identifier) "
           "VALUES (2025, 'ecf-standard-september') "
           "ON CONFLICT (contract_period_year, identifier) DO UPDATE SET identifier = "
           "EXCLUDED.identifier RETURNING id");
  const std::string declared = Text(
      "INSERT INTO training_periods (ect_at_school_period_id, started_on, training_programme, "
      "lead_provider_id, contract_period_year, schedule_id, expression_of_interest_id) VALUES ('" +
      ect_ + "', '2026-12-01', 'provider_led', '11111111-1111-4111-8111-000000000001', 2025, '" +
      schedule + "', gen_random_uuid()) RETURNING id");
  Text("INSERT INTO declarations (teacher_id, training_period_id, lead_provider_id, "
       "contract_period_year, course, declaration_type, declaration_date, payment_status, "
       "request_digest) VALUES ('" + ect_teacher_ + "', '" + declared +
       "', '11111111-1111-4111-8111-000000000001', 2025, 'ect', 'started', "
       "'2026-12-01 09:00Z', 'no_payment', repeat('a', 64))");
  for (const bool save : {false, true}) {
    const v1::LeavingRequest request = Request("ect", ect_, "25", "11", "2026");
    absl::StatusOr<v1::LeavingPage> page =
        save ? leavings_.Report(request) : leavings_.Check(request);
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_FALSE(page->saved());
    ASSERT_EQ(page->errors_size(), 1);
    EXPECT_EQ(page->errors(0).field(), "leaving_on");
    EXPECT_EQ(page->errors(0).message(),
              "A lead provider has already declared Jamal Price's training that starts on "
              "1 December 2026. Enter a date on or after 1 December 2026");
  }
  EXPECT_EQ(Text("SELECT coalesce(finished_on::text, 'open') FROM ect_at_school_periods"), "open");
  EXPECT_EQ(Text("SELECT count(*) FROM training_periods WHERE id = '" + declared + "'"), "1");
  // On the day it starts, the declared training ends instead.
  absl::StatusOr<v1::LeavingPage> page = leavings_.Report(Request("ect", ect_, "1", "12", "2026"));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->saved());
  EXPECT_EQ(Text("SELECT finished_on::text FROM training_periods WHERE id = '" + declared + "'"),
            "2026-12-01");
}

TEST_F(LeavingTest, AMentorLeavingEndsTheirMentorships) {
  absl::StatusOr<v1::LeavingPage> page =
      leavings_.Report(Request("mentor", mentor_, "20", "11", "2026"));
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_TRUE(page->saved());
  EXPECT_FALSE(page->leaving_today_or_later());
  EXPECT_EQ(Text("SELECT finished_on::text FROM mentor_at_school_periods"), "2026-11-20");
  EXPECT_EQ(Text("SELECT finished_on::text FROM mentorship_periods"), "2026-11-20");
  // The ECT stays.
  EXPECT_EQ(Text("SELECT coalesce(finished_on::text, 'open') FROM ect_at_school_periods"), "open");
}

TEST_F(LeavingTest, ARefusedDateWritesNothing) {
  absl::StatusOr<v1::LeavingPage> page = leavings_.Report(Request("ect", ect_, "1", "6", "2027"));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_FALSE(page->saved());
  ASSERT_EQ(page->errors_size(), 1);
  EXPECT_EQ(page->errors(0).field(), "leaving_on");
  EXPECT_EQ(page->errors(0).message(), kLeavingDateTooFar);
  EXPECT_EQ(Text("SELECT coalesce(finished_on::text, 'open') FROM ect_at_school_periods"), "open");
}

TEST_F(LeavingTest, AnotherSchoolsPeriodOrABadIdIsNotFound) {
  EXPECT_TRUE(absl::IsNotFound(
      leavings_.Report(Request("ect", ect_, "1", "12", "2026", "100002")).status()));
  EXPECT_TRUE(absl::IsNotFound(leavings_.Get(Request("ect", "nope", "", "", "")).status()));
  EXPECT_TRUE(absl::IsNotFound(leavings_.Get(Request("mentor", ect_, "", "", "")).status()));
  EXPECT_TRUE(absl::IsNotFound(leavings_.Get(Request("teacher", ect_, "", "", "")).status()));
  EXPECT_EQ(Text("SELECT coalesce(finished_on::text, 'open') FROM ect_at_school_periods"), "open");
}

}  // namespace
}  // namespace rect::registration
