#include "services/registration/api/participant_status.h"

namespace rect::registration::api {

std::string TrainingStatus(const std::optional<absl::Time>& withdrawn_at,
                           const std::optional<absl::Time>& deferred_at) {
  if (withdrawn_at.has_value() && deferred_at.has_value()) {
    return *withdrawn_at >= *deferred_at ? "withdrawn" : "deferred";
  }
  if (withdrawn_at.has_value()) return "withdrawn";
  if (deferred_at.has_value()) return "deferred";
  return "active";
}

std::string ParticipantStatus(const EnrolmentDates& enrolment, absl::CivilDay today) {
  const bool ends_in_future = enrolment.finished_on.has_value() && *enrolment.finished_on > today;
  if (enrolment.training_status != "active") return ends_in_future ? "leaving" : "left";
  if (enrolment.completed) return "active";
  if (enrolment.finished_on.has_value()) return ends_in_future ? "leaving" : "left";
  if (enrolment.started_on > today) return "joining";
  return "active";
}

std::optional<bool> EligibleForFunding(const std::optional<absl::Time>& became_eligible,
                                       const std::optional<absl::Time>& became_ineligible) {
  if (became_eligible.has_value()) {
    return !became_ineligible.has_value() || *became_eligible <= *became_ineligible;
  }
  if (became_ineligible.has_value()) return false;
  return std::nullopt;
}

}  // namespace rect::registration::api
