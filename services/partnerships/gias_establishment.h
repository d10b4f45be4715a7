// Turning a GIAS establishments row (the GiasEstablishment message) into the school we store:
// URN normalised, text trimmed, required values checked, eligibility computed.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "protos/partnerships/v1/partnerships.pb.h"
#include "services/partnerships/eligibility.h"
#include "services/partnerships/store.h"
#include "services/partnerships/urn.h"

namespace rect::partnerships {

// INVALID_ARGUMENT for a bad URN or a blank name.
absl::StatusOr<GiasSchool> GiasSchoolFromEstablishment(const v1::GiasEstablishment& e);

Eligibility EligibilityOf(const GiasSchool& school);

}  // namespace rect::partnerships
