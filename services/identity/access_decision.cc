#include "services/identity/access_decision.h"

#include <algorithm>

namespace rect::identity {
namespace {

SchoolAccess DecideSchoolAccess(const SchoolFacts& school, bool has_ongoing_training) {
  // A school the service does not deal with at all is only a GIAS row (no RECT school).
  if (!school.open || !(school.eligible || school.cip_only)) return SchoolAccess::kDenied;
  if (IsIndependentSchoolType(school.type_code) && !school.section_41_approved) {
    return has_ongoing_training ? SchoolAccess::kNoNewRegistrations : SchoolAccess::kDenied;
  }
  return SchoolAccess::kFull;
}

}  // namespace

bool IsIndependentSchoolType(int type_code) { return type_code == 10 || type_code == 11; }

AccessDecision DecideAccess(const SignInFacts& facts) {
  AccessDecision decision;
  if (!facts.has_organisation) {
    decision.outcome = SignInOutcome::kNoOrganisation;
    return decision;
  }
  const bool school_user_role = std::find(facts.role_codes.begin(), facts.role_codes.end(),
                                          kSchoolUserRole) != facts.role_codes.end();
  if (facts.urn.empty() || !facts.school.has_value() || !facts.roles_found || !school_user_role) {
    decision.outcome = SignInOutcome::kNoApprovedAccess;
    return decision;
  }
  decision.outcome = SignInOutcome::kSchoolUser;
  decision.school_access = DecideSchoolAccess(*facts.school, facts.has_ongoing_training);
  return decision;
}

}  // namespace rect::identity
