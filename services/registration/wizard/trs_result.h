// What a TRS look-up told a school wizard, as the caller (which talks to the teachers service)
// supplies it: the match outcome and the facts that decide the branch pages.
#pragma once

#include <string>

namespace rect::registration::wizard {

// 404, 410 and 308 are all "no record" for the school wizards; kDateOfBirthMismatch means the
// TRN exists but the entered DOB differs from TRS's (we compare it ourselves).
enum class TrsLookup { kFound, kDateOfBirthMismatch, kNotFound, kDeactivated, kMerged };

enum class InductionStatus {
  kNone,
  kRequiredToComplete,
  kInProgress,
  kPassed,
  kFailed,
  kFailedInWales,
  kExempt
};

struct TrsTeacher {
  std::string trn;
  std::string first_name;
  std::string last_name;
  InductionStatus induction_status = InductionStatus::kNone;
  bool prohibited = false;  // an open prohibition alert (§5)
  bool has_qts = false;     // informational: never blocks a school registration
};

inline bool IsNoRecord(TrsLookup lookup) {
  return lookup == TrsLookup::kNotFound || lookup == TrsLookup::kDeactivated ||
         lookup == TrsLookup::kMerged;
}

}  // namespace rect::registration::wizard
