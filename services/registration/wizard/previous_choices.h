// §3.4: whether the register-an-ECT wizard offers "use the programme choices used by your
// school previously", and which partnership (or expression of interest) those choices reuse.
#pragma once

#include <string>
#include <optional>
#include <vector>

#include "absl/time/civil_time.h"
#include "services/registration/wizard/programme.h"

namespace rect::registration::wizard {

// A school_partnerships row of this school: the LP–DP pairing in a contract period year.
struct SchoolPartnershipFact {
  std::string id;
  int year = 0;
  std::string lead_provider_id;
  std::string delivery_partner_id;
};

// An active LP × DP pairing (lead_provider_delivery_partnerships) in some year.
struct DeliveryPairing {
  int year = 0;
  std::string lead_provider_id;
  std::string delivery_partner_id;
};

// The school's latest provider-led training period that has an EOI.
struct ExpressionOfInterestFact {
  std::string lead_provider_id;
  absl::CivilDay training_started_on;
};

struct PreviousChoicesInput {
  int registration_year = 0;
  absl::CivilDay registration_year_finished_on;  // end of the registration contract period
  bool moving_off_frozen_year = false;
  SchoolLastChoices last;  // schools.last_chosen_*
  bool last_appropriate_body_active = false;
  std::vector<std::string> lead_providers_active_in_registration_year;
  std::vector<SchoolPartnershipFact> school_partnerships;
  std::vector<DeliveryPairing> pairings;
  std::optional<ExpressionOfInterestFact> latest_eoi;
};

struct PreviousChoices {
  bool offered = false;
  // The partnership to reuse; rolled over on save when its year < registration year.
  std::optional<SchoolPartnershipFact> partnership;
  bool reuses_expression_of_interest = false;
  bool RollOverNeeded(int registration_year) const {
    return partnership && partnership->year < registration_year;
  }
  // Show the DP row only when the LP already partners the school in the registration year.
  bool ShowDeliveryPartner(int registration_year) const {
    return partnership && partnership->year == registration_year;
  }
};

PreviousChoices ComputePreviousChoices(const PreviousChoicesInput& input);

}  // namespace rect::registration::wizard
