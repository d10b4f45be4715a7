#include "services/registration/api/participant_actions.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace rect::registration::api {
namespace {

const absl::CivilDay kToday(2025, 11, 20);

ActionFacts Active() {
  ActionFacts facts;
  facts.training =
      ActionTraining{absl::CivilDay(2025, 9, 1), std::nullopt, std::nullopt, std::nullopt};
  facts.at_school_today = true;
  return facts;
}

ActionFacts Stopped(bool withdrawn) {
  ActionFacts facts = Active();
  facts.training->finished_on = absl::CivilDay(2025, 11, 10);
  (withdrawn ? facts.training->withdrawn_at : facts.training->deferred_at) =
      absl::FromUnixSeconds(1762770000);
  return facts;
}

struct Case {
  std::string name;
  ParticipantAction action;
  ActionAttributes attributes;
  std::function<void(ActionFacts&)> change;
  std::vector<FieldError> errors;
  ActionFacts base = Active();
};

const char kNotRecognisedReason[] =
    "The entered '#/reason' is not recognised for the given participant. Check details and try "
    "again.";
const char kTodayMessage[] =
    "You cannot defer or withdraw this participant today. You need to try again tomorrow as the "
    "training was recently changed for this participant.";

TEST(EvaluateParticipantActionTest, RulesInOrder) {
  const auto none = [](ActionFacts&) {};
  const auto started_today = [](ActionFacts& f) { f.training->started_on = kToday; };
  const auto starts_later = [](ActionFacts& f) { f.training->started_on = kToday + 1; };
  std::vector<Case> cases = {
      {"withdraw ok", ParticipantAction::kWithdraw, {"ecf-induction", "moved-school"}, none, {}},
      {"withdraw bad course",
       ParticipantAction::kWithdraw,
       {"ecf-x", "moved-school"},
       none,
       {{"course_identifier", "Enter a '#/course_identifier'."}}},
      {"withdraw role not trained",
       ParticipantAction::kWithdraw,
       {"ecf-mentor", "other"},
       [](ActionFacts& f) { f.training.reset(); },
       {{"course_identifier", kCourseNotRecognised}}},
      {"withdraw no reason",
       ParticipantAction::kWithdraw,
       {"ecf-induction", ""},
       none,
       {{"reason", "Enter a '#/reason'."}}},
      {"withdraw deferral reason",
       ParticipantAction::kWithdraw,
       {"ecf-induction", "bereavement"},
       none,
       {{"reason", kNotRecognisedReason}}},
      {"withdraw already withdrawn",
       ParticipantAction::kWithdraw,
       {"ecf-induction", "other"},
       none,
       {{"participant_id", "The '#/participant_id' is already withdrawn."}},
       Stopped(true)},
      {"withdraw deferred is fine",
       ParticipantAction::kWithdraw,
       {"ecf-induction", "other"},
       none,
       {},
       Stopped(false)},
      {"withdraw future start",
       ParticipantAction::kWithdraw,
       {"ecf-induction", "other"},
       starts_later,
       {{"participant_id",
         "You cannot withdraw #/participant_id. This is because they have not been training with "
         "you for at least one day."}}},
      {"withdraw started today",
       ParticipantAction::kWithdraw,
       {"ecf-induction", "other"},
       started_today,
       {{"participant_id", kTodayMessage}}},
      {"withdraw ECT not a mentor",
       ParticipantAction::kWithdraw,
       {"ecf-induction", "mentor-no-longer-being-mentor"},
       none,
       {{"reason", "You cannot withdraw an ECT for this reason. The ECT is not a mentor."}}},
      {"withdraw ECT reason only when nothing else failed",
       ParticipantAction::kWithdraw,
       {"ecf-induction", "mentor-no-longer-being-mentor"},
       started_today,
       {{"participant_id", kTodayMessage}}},
      {"withdraw mentor no longer mentor",
       ParticipantAction::kWithdraw,
       {"ecf-mentor", "mentor-no-longer-being-mentor"},
       none,
       {}},
      {"defer ok", ParticipantAction::kDefer, {"ecf-induction", "parental-leave"}, none, {}},
      {"defer withdrawal reason",
       ParticipantAction::kDefer,
       {"ecf-induction", "moved-school"},
       none,
       {{"reason", kNotRecognisedReason}}},
      {"defer already deferred",
       ParticipantAction::kDefer,
       {"ecf-induction", "other"},
       none,
       {{"participant_id", "The '#/participant_id' is already deferred."}},
       Stopped(false)},
      {"defer already withdrawn",
       ParticipantAction::kDefer,
       {"ecf-induction", "other"},
       none,
       {{"participant_id", "The '#/participant_id' is already withdrawn."}},
       Stopped(true)},
      {"defer future start",
       ParticipantAction::kDefer,
       {"ecf-induction", "other"},
       starts_later,
       {{"participant_id",
         "You cannot defer #/participant_id. This is because they have not been training with "
         "you for at least one day."}}},
      {"defer started today",
       ParticipantAction::kDefer,
       {"ecf-induction", "other"},
       started_today,
       {{"participant_id", kTodayMessage}}},
      {"resume after defer",
       ParticipantAction::kResume,
       {"ecf-induction", ""},
       none,
       {},
       Stopped(false)},
      {"resume after withdraw",
       ParticipantAction::kResume,
       {"ecf-induction", ""},
       none,
       {},
       Stopped(true)},
      {"resume active",
       ParticipantAction::kResume,
       {"ecf-induction", ""},
       none,
       {{"participant_id", "The '#/participant_id' is already active."}}},
      {"resume with another provider",
       ParticipantAction::kResume,
       {"ecf-induction", ""},
       [](ActionFacts& f) { f.other_training_covers_today = true; },
       {{"participant_id",
         "This participant cannot be resumed because they are already active with another "
         "provider."}},
       Stopped(false)},
      {"resume same day",
       ParticipantAction::kResume,
       {"ecf-induction", ""},
       [](ActionFacts& f) { f.training->finished_on = kToday; },
       {{"participant_id",
         "You cannot resume a participant on the same day they were withdrawn or deferred. "
         "Resume them tomorrow or later."}},
       Stopped(true)},
      {"resume left the school",
       ParticipantAction::kResume,
       {"ecf-induction", ""},
       [](ActionFacts& f) { f.at_school_today = false; },
       {{"participant_id",
         "The participant is no longer at the school. Please contact the induction tutor to "
         "resolve."}},
       Stopped(true)},
      {"resume bad course",
       ParticipantAction::kResume,
       {"", ""},
       none,
       {{"course_identifier", "Enter a '#/course_identifier'."}},
       Stopped(true)},
  };
  for (Case& c : cases) {
    ActionFacts facts = c.base;
    c.change(facts);
    EXPECT_EQ(EvaluateParticipantAction(c.action, c.attributes, facts, kToday), c.errors) << c.name;
  }
}

// ---- change-schedule ----

const char kScheduleNotValid[] =
    "The property '#/schedule_identifier' must be present and correspond to a valid schedule.";
const char kSameDay[] =
    "The change of schedule cannot be applied because a previous change of schedule and a "
    "declaration were made on the same day. Applying another change of schedule would invalidate "
    "existing declarations. Please contact DfE for assistance.";
const char kNoPartnership[] =
    "You cannot change a participant to this contract_period as you do not have a partnership "
    "with the school for the contract_period. Contact the DfE for assistance.";
const char kFrozen[] =
    "You cannot move a participant to a payments frozen cohort unless they previously belonged to "
    "that cohort.";
const char kCompleted[] =
    "You cannot change this participant's schedule as they have completed their training or "
    "induction.";
const char kLeft[] =
    "You cannot change this participant's schedule. This is because the participant has a 'left' "
    "participant_status, so they are not training with you currently.";
const char kFuture[] =
    "You cannot change this participant's schedule as they are due to start with another lead "
    "provider in the future.";

// An ECT or mentor training since September 2025 on the standard September schedule, asking
// for the extended September schedule of the same cohort.
ScheduleChangeFacts Training() {
  ScheduleChangeFacts facts;
  facts.training = ScheduleTraining{absl::CivilDay(2025, 9, 1), std::nullopt, std::nullopt,
                                    std::nullopt, 2025, "ecf-standard-september", false};
  facts.target_cohort = 2025;
  facts.target_schedule_exists = true;
  return facts;
}

struct ScheduleCase {
  std::string name;
  ScheduleChangeAttributes attributes;
  std::function<void(ScheduleChangeFacts&)> change;
  std::vector<FieldError> errors;
};

TEST(EvaluateScheduleChangeTest, RulesInOrder) {
  const auto none = [](ScheduleChangeFacts&) {};
  const ScheduleChangeAttributes ect{"ecf-induction", "ecf-extended-september", ""};
  const ScheduleChangeAttributes mentor{"ecf-mentor", "ecf-extended-september", ""};
  const auto with = [](ScheduleChangeAttributes a, std::string schedule) {
    a.schedule_identifier = std::move(schedule);
    return a;
  };
  const auto to_2024 = [](ScheduleChangeFacts& f) { f.target_cohort = 2024; };
  std::vector<ScheduleCase> cases = {
      {"ok", ect, none, {}},
      {"mentor ok", mentor, none, {}},
      {"bad course", {"ecf-x", "ecf-extended-september", ""}, none,
       {{"course_identifier", "Enter a '#/course_identifier'."}}},
      {"role not trained", ect, [](ScheduleChangeFacts& f) { f.training.reset(); },
       {{"course_identifier", kCourseNotRecognised}}},
      {"role not trained and no schedule", with(ect, ""),
       [](ScheduleChangeFacts& f) { f.training.reset(); },
       {{"course_identifier", kCourseNotRecognised}, {"schedule_identifier", kScheduleNotValid}}},
      {"schedule blank", with(ect, ""), none, {{"schedule_identifier", kScheduleNotValid}}},
      {"schedule not one of the twelve", with(ect, "ecf-standard-march"), none,
       {{"schedule_identifier", "Enter a valid schedule identifier."}}},
      {"schedule not in the target cohort", ect,
       [](ScheduleChangeFacts& f) { f.target_schedule_exists = false; },
       {{"schedule_identifier", kScheduleNotValid}}},
      {"same schedule", with(ect, "ecf-standard-september"), none,
       {{"schedule_identifier", "Selected schedule is already on the profile"}}},
      {"same identifier in another cohort is a change", with(ect, "ecf-standard-september"),
       [](ScheduleChangeFacts& f) {
         f.target_cohort = 2024;
         f.partnership_in_target_cohort = true;
       },
       {}},
      {"ECT to replacement", with(ect, "ecf-replacement-january"), none,
       {{"schedule_identifier", "Selected schedule is not valid for the course_identifier"}}},
      {"mentor to replacement", with(mentor, "ecf-replacement-january"), none, {}},
      {"mentor to reduced", with(mentor, "ecf-reduced-april"), none,
       {{"schedule_identifier",
         "Mentors cannot be placed on a reduced schedule. Assign them to a different schedule."}}},
      {"ECT to reduced", with(ect, "ecf-reduced-april"), none, {}},
      {"started today, declarations do not fit", ect,
       [](ScheduleChangeFacts& f) {
         f.training->started_on = kToday;
         f.declarations_fit_target_schedule = false;
       },
       {{"schedule_identifier", kSameDay}}},
      {"started before today, declarations stay on the old period", ect,
       [](ScheduleChangeFacts& f) { f.declarations_fit_target_schedule = false; }, {}},
      {"starts later, declarations do not fit", ect,
       [](ScheduleChangeFacts& f) {
         f.training->started_on = kToday + 10;
         f.declarations_fit_target_schedule = false;
       },
       {{"schedule_identifier", kSameDay}}},
      {"cohort without a partnership", ect, to_2024, {{"cohort", kNoPartnership}}},
      {"cohort with a partnership", ect,
       [](ScheduleChangeFacts& f) {
         f.target_cohort = 2024;
         f.partnership_in_target_cohort = true;
       },
       {}},
      {"into a frozen cohort", ect,
       [](ScheduleChangeFacts& f) {
         f.target_cohort = 2022;
         f.partnership_in_target_cohort = true;
         f.target_cohort_frozen = true;
       },
       {{"cohort", kFrozen}}},
      {"back into the frozen cohort they came from", ect,
       [](ScheduleChangeFacts& f) {
         f.target_cohort = 2022;
         f.partnership_in_target_cohort = true;
         f.target_cohort_frozen = true;
         f.payments_frozen_year = 2022;
       },
       {}},
      {"within a frozen cohort", ect,
       [](ScheduleChangeFacts& f) {
         f.training->cohort = 2021;
         f.target_cohort = 2021;
         f.target_cohort_frozen = true;
       },
       {}},
      {"completed", ect, [](ScheduleChangeFacts& f) { f.training->completed = true; },
       {{"participant_id", kCompleted}}},
      {"completed ECT may move to reduced", with(ect, "ecf-reduced-september"),
       [](ScheduleChangeFacts& f) { f.training->completed = true; }, {}},
      {"completed mentor to reduced", with(mentor, "ecf-reduced-september"),
       [](ScheduleChangeFacts& f) { f.training->completed = true; },
       {{"schedule_identifier",
         "Mentors cannot be placed on a reduced schedule. Assign them to a different schedule."},
        {"participant_id", kCompleted}}},
      {"left", ect,
       [](ScheduleChangeFacts& f) { f.training->finished_on = kToday - 1; },
       {{"participant_id", kLeft}}},
      {"leaving is fine", ect,
       [](ScheduleChangeFacts& f) { f.training->finished_on = kToday + 30; }, {}},
      {"withdrawn ends today: left", ect,
       [](ScheduleChangeFacts& f) {
         f.training->finished_on = kToday;
         f.training->withdrawn_at = absl::FromUnixSeconds(1763640000);
       },
       {{"participant_id", kLeft}}},
      {"withdrawn with a future end", ect,
       [](ScheduleChangeFacts& f) {
         f.training->finished_on = kToday + 5;
         f.training->withdrawn_at = absl::FromUnixSeconds(1763640000);
       },
       {{"participant_id", "Cannot perform actions on a withdrawn participant"}}},
      {"later training", ect, [](ScheduleChangeFacts& f) { f.later_training_exists = true; },
       {{"participant_id", kFuture}}},
      {"every attribute at once", with(ect, "ecf-replacement-april"),
       [](ScheduleChangeFacts& f) {
         f.target_cohort = 2024;
         f.later_training_exists = true;
       },
       {{"schedule_identifier", "Selected schedule is not valid for the course_identifier"},
        {"cohort", kNoPartnership},
        {"participant_id", kFuture}}},
  };
  for (ScheduleCase& c : cases) {
    ScheduleChangeFacts facts = Training();
    c.change(facts);
    EXPECT_EQ(EvaluateScheduleChange(c.attributes, facts, kToday), c.errors) << c.name;
  }
}

TEST(ScheduleIdentifierTest, TheTwelve) {
  for (const char* kind : {"standard", "extended", "reduced", "replacement"}) {
    for (const char* month : {"january", "april", "september"}) {
      EXPECT_TRUE(IsScheduleIdentifier(std::string("ecf-") + kind + "-" + month));
    }
  }
  for (const char* bad : {"", "ecf-standard", "ecf-standard-march", "ecf-standardseptember",
                          "ECF-standard-september", "ecf-standard-september ",
                          "npq-standard-september", "ecf-reducedx-april"}) {
    EXPECT_FALSE(IsScheduleIdentifier(bad)) << bad;
  }
}

TEST(TargetCohortTest, KnownYearsOnly) {
  const auto known = [](int year) { return year >= 2021 && year <= 2027; };
  EXPECT_EQ(TargetCohort("", 2025, known), 2025);
  EXPECT_EQ(TargetCohort("2024", 2025, known), 2024);
  EXPECT_EQ(TargetCohort(" 2024 ", 2025, known), 2024);
  EXPECT_EQ(TargetCohort("2024abc", 2025, known), 2024);
  EXPECT_EQ(TargetCohort("1999", 2025, known), 2025);
  EXPECT_EQ(TargetCohort("abc", 2025, known), 2025);
  EXPECT_EQ(TargetCohort("99999999999999", 2025, known), 2025);
}

TEST(DeclarationsFitScheduleTest, TypeAndWindow) {
  std::map<std::string, Milestone> milestones = {
      {"started", {absl::CivilDay(2025, 6, 1), absl::CivilDay(2025, 12, 31)}},
      {"retained-1", {absl::CivilDay(2025, 9, 1), std::nullopt}},
  };
  // 2025-10-01 09:30Z.
  const absl::Time october = absl::FromUnixSeconds(1759311000);
  EXPECT_TRUE(DeclarationsFitSchedule({}, milestones));
  EXPECT_TRUE(DeclarationsFitSchedule({{"started", october}, {"retained-1", october}}, milestones));
  EXPECT_FALSE(DeclarationsFitSchedule({{"extended-1", october}}, milestones));
  // 2025-05-31 23:30 London is before the window; 2026-01-01 00:10 London after it.
  EXPECT_FALSE(DeclarationsFitSchedule({{"started", absl::FromUnixSeconds(1748730600)}},
                                       milestones));
  EXPECT_FALSE(DeclarationsFitSchedule({{"started", absl::FromUnixSeconds(1767226200)}},
                                       milestones));
  // 2025-12-31 23:50 London is the window's last day.
  EXPECT_TRUE(DeclarationsFitSchedule({{"started", absl::FromUnixSeconds(1767225000)}},
                                      milestones));
}

}  // namespace
}  // namespace rect::registration::api
