#include "services/registration/api/participant_actions.h"

#include <algorithm>
#include <array>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/string_view.h"
#include "services/registration/api/participant_status.h"

namespace rect::registration::api {
namespace {

constexpr std::array<absl::string_view, 6> kWithdrawalReasons = {
    "left-teaching-profession", "moved-school",          "mentor-no-longer-being-mentor",
    "switched-to-school-led",   "changed-lead-provider", "other"};
constexpr std::array<absl::string_view, 5> kDeferralReasons = {
    "bereavement", "long-term-sickness", "parental-leave", "career-break", "other"};

constexpr char kToday[] =
    "You cannot defer or withdraw this participant today. You need to try again tomorrow as the "
    "training was recently changed for this participant.";

template <size_t N>
bool Contains(const std::array<absl::string_view, N>& values, absl::string_view value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

}  // namespace

std::vector<FieldError> EvaluateParticipantAction(ParticipantAction action,
                                                  const ActionAttributes& attributes,
                                                  const ActionFacts& facts, absl::CivilDay today) {
  std::vector<FieldError> errors;
  const std::optional<Course> course = CourseFromIdentifier(attributes.course_identifier);
  if (!course.has_value()) {
    errors.push_back({"course_identifier", "Enter a '#/course_identifier'."});
  } else if (!facts.training.has_value()) {
    errors.push_back({"course_identifier", kCourseNotRecognised});
  }

  if (action != ParticipantAction::kResume) {
    const bool known = action == ParticipantAction::kWithdraw
                           ? Contains(kWithdrawalReasons, attributes.reason)
                           : Contains(kDeferralReasons, attributes.reason);
    if (attributes.reason.empty()) {
      errors.push_back({"reason", "Enter a '#/reason'."});
    } else if (!known) {
      errors.push_back({"reason",
                        "The entered '#/reason' is not recognised for the given participant. "
                        "Check details and try again."});
    }
  }
  if (!facts.training.has_value()) return errors;

  const ActionTraining& training = *facts.training;
  const std::string status = TrainingStatus(training.withdrawn_at, training.deferred_at);
  std::optional<std::string> participant_error;
  switch (action) {
    case ParticipantAction::kWithdraw:
      if (status == "withdrawn") {
        participant_error = "The '#/participant_id' is already withdrawn.";
      } else if (training.started_on > today) {
        participant_error =
            "You cannot withdraw #/participant_id. This is because they have not been training "
            "with you for at least one day.";
      } else if (training.started_on == today) {
        participant_error = kToday;
      }
      break;
    case ParticipantAction::kDefer:
      if (status == "deferred") {
        participant_error = "The '#/participant_id' is already deferred.";
      } else if (status == "withdrawn") {
        participant_error = "The '#/participant_id' is already withdrawn.";
      } else if (training.started_on > today) {
        participant_error =
            "You cannot defer #/participant_id. This is because they have not been training with "
            "you for at least one day.";
      } else if (training.started_on == today) {
        participant_error = kToday;
      }
      break;
    case ParticipantAction::kResume:
      if (status == "active") {
        participant_error = "The '#/participant_id' is already active.";
      } else if (facts.other_training_covers_today) {
        participant_error =
            "This participant cannot be resumed because they are already active with another "
            "provider.";
      } else if (training.finished_on == today) {
        participant_error =
            "You cannot resume a participant on the same day they were withdrawn or deferred. "
            "Resume them tomorrow or later.";
      } else if (!facts.at_school_today) {
        participant_error =
            "The participant is no longer at the school. Please contact the induction tutor to "
            "resolve.";
      }
      break;
  }
  if (participant_error.has_value()) errors.push_back({"participant_id", *participant_error});

  if (action == ParticipantAction::kWithdraw && errors.empty() && course == Course::kEct &&
      attributes.reason == "mentor-no-longer-being-mentor") {
    errors.push_back(
        {"reason", "You cannot withdraw an ECT for this reason. The ECT is not a mentor."});
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------
// change-schedule

namespace {

constexpr char kScheduleNotValid[] =
    "The property '#/schedule_identifier' must be present and correspond to a valid schedule.";

absl::Time StartOfLondonDay(absl::CivilDay day) { return absl::FromCivil(day, LondonTimeZone()); }

}  // namespace

bool IsScheduleIdentifier(absl::string_view identifier) {
  constexpr std::array<absl::string_view, 4> kKinds = {"standard", "extended", "reduced",
                                                       "replacement"};
  constexpr std::array<absl::string_view, 3> kMonths = {"january", "april", "september"};
  for (absl::string_view kind : kKinds) {
    for (absl::string_view month : kMonths) {
      if (identifier.size() == 4 + kind.size() + 1 + month.size() &&
          absl::StartsWith(identifier, "ecf-") && identifier.substr(4, kind.size()) == kind &&
          identifier[4 + kind.size()] == '-' && absl::EndsWith(identifier, month)) {
        return true;
      }
    }
  }
  return false;
}

int TargetCohort(absl::string_view cohort, int current_cohort,
                 const std::function<bool(int)>& known_year) {
  cohort = absl::StripAsciiWhitespace(cohort);
  size_t digits = 0;
  while (digits < cohort.size() && digits < 9 && absl::ascii_isdigit(cohort[digits])) ++digits;
  int year = 0;
  if (digits == 0 || !absl::SimpleAtoi(cohort.substr(0, digits), &year)) return current_cohort;
  return known_year(year) ? year : current_cohort;
}

bool DeclarationsFitSchedule(const std::vector<PeriodDeclaration>& declarations,
                             const std::map<std::string, Milestone>& milestones) {
  for (const PeriodDeclaration& declaration : declarations) {
    auto milestone = milestones.find(declaration.declaration_type);
    if (milestone == milestones.end()) return false;
    if (declaration.declaration_date < StartOfLondonDay(milestone->second.start_date)) {
      return false;
    }
    if (milestone->second.milestone_date.has_value() &&
        declaration.declaration_date >= StartOfLondonDay(*milestone->second.milestone_date + 1)) {
      return false;
    }
  }
  return true;
}

std::vector<FieldError> EvaluateScheduleChange(const ScheduleChangeAttributes& attributes,
                                               const ScheduleChangeFacts& facts,
                                               absl::CivilDay today) {
  std::vector<FieldError> errors;
  const std::optional<Course> course = CourseFromIdentifier(attributes.course_identifier);
  if (!course.has_value()) {
    errors.push_back({"course_identifier", "Enter a '#/course_identifier'."});
  } else if (!facts.training.has_value()) {
    errors.push_back({"course_identifier", kCourseNotRecognised});
  }
  const std::optional<ScheduleTraining>& training =
      course.has_value() ? facts.training : std::nullopt;
  const std::string& identifier = attributes.schedule_identifier;
  const bool reduced = absl::StrContains(identifier, "-reduced-");

  // schedule_identifier
  std::optional<std::string> schedule_error;
  if (identifier.empty()) {
    schedule_error = kScheduleNotValid;
  } else if (!IsScheduleIdentifier(identifier)) {
    schedule_error = "Enter a valid schedule identifier.";
  } else if (!facts.target_schedule_exists) {
    schedule_error = kScheduleNotValid;
  } else if (training.has_value()) {
    if (facts.target_cohort == training->cohort && identifier == training->schedule_identifier) {
      schedule_error = "Selected schedule is already on the profile";
    } else if (*course == Course::kEct && absl::StrContains(identifier, "-replacement-")) {
      schedule_error = "Selected schedule is not valid for the course_identifier";
    } else if (*course == Course::kMentor && reduced) {
      schedule_error =
          "Mentors cannot be placed on a reduced schedule. Assign them to a different schedule.";
    } else if (training->started_on >= today && !facts.declarations_fit_target_schedule) {
      // Changed in place (§5.2 effect), so its declarations must fit the new milestones.
      schedule_error =
          "The change of schedule cannot be applied because a previous change of schedule and a "
          "declaration were made on the same day. Applying another change of schedule would "
          "invalidate existing declarations. Please contact DfE for assistance.";
    }
  }
  if (schedule_error.has_value()) errors.push_back({"schedule_identifier", *schedule_error});
  if (!training.has_value()) return errors;

  // cohort. Staying in a frozen cohort is not a move into it, so only a change of cohort
  // meets the frozen rule.
  if (facts.target_cohort != training->cohort) {
    if (!facts.partnership_in_target_cohort) {
      errors.push_back({"cohort",
                        "You cannot change a participant to this contract_period as you do not "
                        "have a partnership with the school for the contract_period. Contact the "
                        "DfE for assistance."});
    } else if (facts.target_cohort_frozen && facts.payments_frozen_year != facts.target_cohort) {
      errors.push_back({"cohort",
                        "You cannot move a participant to a payments frozen cohort unless they "
                        "previously belonged to that cohort."});
    }
  }

  // participant_id
  const std::string status = TrainingStatus(training->withdrawn_at, training->deferred_at);
  const std::string participant_status = ParticipantStatus(
      EnrolmentDates{status, training->started_on, training->finished_on, training->completed},
      today);
  std::optional<std::string> participant_error;
  if (training->completed && !(*course == Course::kEct && reduced && facts.target_schedule_exists)) {
    participant_error =
        "You cannot change this participant's schedule as they have completed their training or "
        "induction.";
  } else if (participant_status == "left") {
    participant_error =
        "You cannot change this participant's schedule. This is because the participant has a "
        "'left' participant_status, so they are not training with you currently.";
  } else if (status == "withdrawn") {
    participant_error = "Cannot perform actions on a withdrawn participant";
  } else if (facts.later_training_exists) {
    participant_error =
        "You cannot change this participant's schedule as they are due to start with another "
        "lead provider in the future.";
  }
  if (participant_error.has_value()) errors.push_back({"participant_id", *participant_error});
  return errors;
}

}  // namespace rect::registration::api
