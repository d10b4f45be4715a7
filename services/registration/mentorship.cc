#include "services/registration/mentorship.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"

namespace rect::registration {

std::optional<MentorIneligibilityReason> ParseMentorIneligibilityReason(absl::string_view value) {
  if (value == "completed_during_early_roll_out") {
    return MentorIneligibilityReason::kCompletedDuringEarlyRollOut;
  }
  if (value == "completed_declaration_received") {
    return MentorIneligibilityReason::kCompletedDeclarationReceived;
  }
  if (value == "started_not_completed") return MentorIneligibilityReason::kStartedNotCompleted;
  return std::nullopt;
}

absl::string_view MentorIneligibilityReasonValue(MentorIneligibilityReason reason) {
  switch (reason) {
    case MentorIneligibilityReason::kCompletedDuringEarlyRollOut:
      return "completed_during_early_roll_out";
    case MentorIneligibilityReason::kCompletedDeclarationReceived:
      return "completed_declaration_received";
    case MentorIneligibilityReason::kStartedNotCompleted:
      return "started_not_completed";
  }
  return "";
}

bool EligibleForMentorFunding(const std::optional<MentorIneligibilityReason>& reason) {
  return !reason.has_value();
}

std::vector<SchoolMentor> MentorsToOffer(const std::vector<SchoolMentor>& school_mentors,
                                         absl::string_view ect_trn) {
  std::vector<SchoolMentor> offered;
  std::copy_if(school_mentors.begin(), school_mentors.end(), std::back_inserter(offered),
               [&](const SchoolMentor& mentor) { return mentor.trn != ect_trn; });
  return offered;
}

absl::StatusOr<MentorChoice> ValidateMentorChoice(absl::string_view value,
                                                  const std::vector<SchoolMentor>& school_mentors,
                                                  absl::string_view ect_trn) {
  if (value.empty()) {
    return absl::InvalidArgumentError(
        "Select a mentor from the list provided or choose to register a new mentor");
  }
  if (value == kRegisterNewMentor) return MentorChoice{true, ""};
  const std::string id(value);
  auto mentor =
      std::find_if(school_mentors.begin(), school_mentors.end(), [&](const SchoolMentor& m) {
        return m.mentor_at_school_period_id == id;
      });
  if (mentor == school_mentors.end()) {
    return absl::InvalidArgumentError("This mentor is not registered at this school");
  }
  if (mentor->trn == ect_trn) {
    return absl::InvalidArgumentError("It needs to be a different mentor for this ECT");
  }
  return MentorChoice{false, id};
}

bool OfferMentorTraining(bool ect_provider_led, bool mentor_eligible_for_funding,
                         bool mentor_ever_had_training) {
  return ect_provider_led && mentor_eligible_for_funding && !mentor_ever_had_training;
}

MentorshipDates NewMentorshipDates(const MentorshipDatesInput& in) {
  MentorshipDates dates;
  dates.started_on = std::max(in.ect_started_on, in.mentor_started_on);
  if (!in.mentor_transferring_in_and_ect_never_mentored) {
    dates.started_on = std::max(dates.started_on, in.today);
  }
  if (in.ect_finished_on && in.mentor_finished_on) {
    dates.finished_on = std::min(*in.ect_finished_on, *in.mentor_finished_on);
  } else {
    dates.finished_on = in.ect_finished_on ? in.ect_finished_on : in.mentor_finished_on;
  }
  return dates;
}

ReplacedMentorship ReplaceMentorship(absl::CivilDay existing_started_on,
                                     absl::CivilDay new_started_on) {
  if (existing_started_on >= new_started_on) return ReplacedMentorship{true, new_started_on - 1};
  return ReplacedMentorship{false, new_started_on - 1};
}

}  // namespace rect::registration
