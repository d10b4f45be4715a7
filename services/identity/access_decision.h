// Who may use the service after a DfE Sign-in, and what they may do at their school: the
// access table of school-journeys.md §1 as one pure function.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace rect::identity {

// What the school directory (GIAS, via the partnerships service) says about a URN.
struct SchoolFacts {
  std::string urn;  // as the directory writes it (no leading zeros)
  std::string name;
  bool open = false;      // GIAS status open or proposed to close
  bool eligible = false;  // eligible for funded training
  bool cip_only = false;  // may use the service for the core induction programme only
  int type_code = 0;      // GIAS establishment type
  bool section_41_approved = false;
};

// What one DfE Sign-in told us.
struct SignInFacts {
  bool has_organisation = false;  // the ID token's organisation claim named one
  std::string urn;                // the organisation's URN; "" for non-school organisations
  bool roles_found = false;       // false when the roles API answered 404
  std::vector<std::string> role_codes;
  std::optional<SchoolFacts> school;  // nullopt when the URN is unknown
  bool has_ongoing_training = false;  // the school has ECTs or mentors in training
};

enum class SignInOutcome {
  kNoOrganisation,    // /access-denied: no organisation
  kNoApprovedAccess,  // /access-denied: organisation unknown, role look-up 404 or no role
  kSchoolUser,        // signed in; see SchoolAccess
};

enum class SchoolAccess {
  kFull,
  kNoNewRegistrations,  // may use the service but not start "Register an ECT"
  kDenied,              // every school page leads to /school/access-denied
};

struct AccessDecision {
  SignInOutcome outcome = SignInOutcome::kNoApprovedAccess;
  SchoolAccess school_access = SchoolAccess::kDenied;  // meaningful for kSchoolUser
};

// The DfE Sign-in role that makes someone a school user.
inline constexpr char kSchoolUserRole[] = "SchoolUser";

// GIAS types 10 "Other independent special school" and 11 "Other independent school".
bool IsIndependentSchoolType(int type_code);

AccessDecision DecideAccess(const SignInFacts& facts);

}  // namespace rect::identity
