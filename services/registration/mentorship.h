// Assigning a mentor to an ECT (school-journeys.md §4.1, §4.3): mentor funding eligibility,
// choosing an existing mentor (never the ECT themself), the mentor-training offer and dates.
#pragma once

#include <string>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace rect::registration {

// teachers.mentor_became_ineligible_for_funding_reason.
enum class MentorIneligibilityReason {
  kCompletedDuringEarlyRollOut,   // ERO import, dated 19 April 2021
  kCompletedDeclarationReceived,  // an LP's billable `completed` declaration (cleared if voided)
  kStartedNotCompleted,           // imported: started and overran the allowed time
};
inline constexpr absl::CivilDay kEarlyRollOutIneligibleOn(2021, 4, 19);

std::optional<MentorIneligibilityReason> ParseMentorIneligibilityReason(absl::string_view value);
absl::string_view MentorIneligibilityReasonValue(MentorIneligibilityReason reason);

// Eligible for funded provider-led mentor training unless a reason is recorded; a teacher with
// no row (nullopt) is eligible.
bool EligibleForMentorFunding(const std::optional<MentorIneligibilityReason>& reason);

// An open mentor_at_school_period at the school, as the "Who will mentor {ECT}?" list shows it.
struct SchoolMentor {
  std::string mentor_at_school_period_id;
  std::string trn;
  std::string name;
};

// The school's open mentors minus the ECT themself (empty -> go straight to register-mentor).
std::vector<SchoolMentor> MentorsToOffer(const std::vector<SchoolMentor>& school_mentors,
                                         absl::string_view ect_trn);

inline constexpr absl::string_view kRegisterNewMentor = "new";

struct MentorChoice {
  bool register_new = false;
  std::string mentor_at_school_period_id;  // when !register_new
};

// `value` is a mentor_at_school_period id or kRegisterNewMentor. INVALID_ARGUMENT with the page
// message: none chosen, not a mentor at this school, or the ECT themself.
absl::StatusOr<MentorChoice> ValidateMentorChoice(absl::string_view value,
                                                  const std::vector<SchoolMentor>& school_mentors,
                                                  absl::string_view ect_trn);

// §4.1: show "{mentor} can receive mentor training" (provider-led mentor training with the
// ECT's LP) instead of assigning at once.
bool OfferMentorTraining(bool ect_provider_led, bool mentor_eligible_for_funding,
                         bool mentor_ever_had_training);

struct MentorshipDatesInput {
  absl::CivilDay today;
  absl::CivilDay ect_started_on;
  std::optional<absl::CivilDay> ect_finished_on;
  absl::CivilDay mentor_started_on;
  std::optional<absl::CivilDay> mentor_finished_on;
  // Today is ignored only when the mentor is transferring in and the ECT never had a mentor.
  bool mentor_transferring_in_and_ect_never_mentored = false;
};

struct MentorshipDates {
  absl::CivilDay started_on;
  std::optional<absl::CivilDay> finished_on;
};

// Start = latest of ECT start, mentor start and today; end = earliest of the two ends.
MentorshipDates NewMentorshipDates(const MentorshipDatesInput& input);

// What happens to the ECT's current or future mentorship when a new one starts.
struct ReplacedMentorship {
  bool remove = false;         // it starts on/after the new start: delete it
  absl::CivilDay finished_on;  // else end it the day before the new start
};
ReplacedMentorship ReplaceMentorship(absl::CivilDay existing_started_on,
                                     absl::CivilDay new_started_on);

}  // namespace rect::registration
