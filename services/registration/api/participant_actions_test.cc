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

}  // namespace
}  // namespace rect::registration::api
