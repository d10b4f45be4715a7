#include "services/registration/wizard/previous_choices.h"

#include <algorithm>

namespace rect::registration::wizard {
namespace {

bool Contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// A partnership with `lead_provider_id` whose DP is still paired with that LP in the
// registration year: the registration year first, else the latest earlier year (registration
// year only when moving off a frozen year).
std::optional<SchoolPartnershipFact> ReusablePartnership(const PreviousChoicesInput& in,
                                                         const std::string& lead_provider_id) {
  std::optional<SchoolPartnershipFact> best;
  for (const SchoolPartnershipFact& p : in.school_partnerships) {
    if (p.lead_provider_id != lead_provider_id || p.year > in.registration_year) continue;
    if (in.moving_off_frozen_year && p.year != in.registration_year) continue;
    const bool still_paired =
        std::any_of(in.pairings.begin(), in.pairings.end(), [&](const DeliveryPairing& pairing) {
          return pairing.year == in.registration_year &&
                 pairing.lead_provider_id == p.lead_provider_id &&
                 pairing.delivery_partner_id == p.delivery_partner_id;
        });
    if (!still_paired) continue;
    if (!best || p.year > best->year) best = p;
  }
  return best;
}

}  // namespace

PreviousChoices ComputePreviousChoices(const PreviousChoicesInput& in) {
  PreviousChoices result;
  if (!in.last_appropriate_body_active || !in.last.training_programme) return result;
  if (*in.last.training_programme == TrainingProgramme::kSchoolLed) {
    result.offered = true;
    return result;
  }
  if (!in.last.lead_provider_id) return result;
  const std::string lp = *in.last.lead_provider_id;
  if (!Contains(in.lead_providers_active_in_registration_year, lp)) return result;
  result.partnership = ReusablePartnership(in, lp);
  if (!result.partnership && in.latest_eoi && in.latest_eoi->lead_provider_id == lp &&
      in.latest_eoi->training_started_on <= in.registration_year_finished_on) {
    result.reuses_expression_of_interest = true;
  }
  result.offered = result.partnership.has_value() || result.reuses_expression_of_interest;
  return result;
}

}  // namespace rect::registration::wizard
