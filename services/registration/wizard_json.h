// The register-an-ECT answers as the JSON kept in wizard_sessions.answers. Holds no date of birth
// or National Insurance number: EctAnswers has neither.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "services/registration/wizard/register_ect.h"

namespace rect::registration {

// What a register-an-ECT session keeps: the answers and, once saved, the new period's id.
struct EctSession {
  wizard::EctAnswers answers;
  std::string ect_at_school_period_id;
  std::string induction_status_name;  // TRS's value, stored on the teacher at save
};

std::string EctSessionToJson(const EctSession& session);
// INVALID_ARGUMENT when `json` is not what EctSessionToJson writes.
absl::StatusOr<EctSession> EctSessionFromJson(const std::string& json);

}  // namespace rect::registration
