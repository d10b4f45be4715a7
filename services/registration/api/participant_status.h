// The derived statuses of a participant's enrolment (lead-provider-api.md §5.1): training
// status from withdrawal and deferral, participant status from dates, and funding eligibility.
// Pure functions, no I/O.
#pragma once

#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace rect::registration::api {

// "withdrawn", "deferred" or "active"; when both are set the later one wins.
std::string TrainingStatus(const std::optional<absl::Time>& withdrawn_at,
                           const std::optional<absl::Time>& deferred_at);

struct EnrolmentDates {
  std::string training_status;
  absl::CivilDay started_on;
  std::optional<absl::CivilDay> finished_on;
  // Induction (ECT) or mentor training completed on or before the period's end.
  bool completed = false;
};

// "active", "joining", "leaving" or "left" on `today`.
std::string ParticipantStatus(const EnrolmentDates& enrolment, absl::CivilDay today);

// true when eligibility was recorded and not after ineligibility, false when ineligibility came
// first (or alone), nullopt when neither was recorded.
std::optional<bool> EligibleForFunding(const std::optional<absl::Time>& became_eligible,
                                       const std::optional<absl::Time>& became_ineligible);

}  // namespace rect::registration::api
