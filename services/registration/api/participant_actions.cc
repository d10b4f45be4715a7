#include "services/registration/api/participant_actions.h"

#include <algorithm>
#include <array>

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

}  // namespace rect::registration::api
