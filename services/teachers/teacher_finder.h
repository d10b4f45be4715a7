// The school wizards' TRS look-ups (school-journeys.md §3.1): by TRN with the date of birth
// compared here, or by TRN and NINO checked by TRS. Each look-up is audited without either.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/teachers/store.h"
#include "services/teachers/trs_client.h"
#include "services/teachers/trs_rules.h"

namespace rect::teachers {

// Shown to users when TRS cannot answer (the gateway turns UNAVAILABLE into a 503 page).
inline constexpr char kTrsUnavailableMessage[] =
    "The Teaching Record System is not available at the moment. Try again later.";

struct FindResult {
  enum class Outcome { kFound, kDateOfBirthMismatch, kNotFound, kDeactivated, kMerged };
  Outcome outcome = Outcome::kNotFound;
  TeacherFacts teacher;         // for kFound
  std::string merged_into_trn;  // for kMerged
};

class TeacherFinder {
 public:
  // `now` gives "today" for the prohibition rule.
  TeacherFinder(
      TrsClient& trs, TeacherStore& store,
      std::function<absl::Time()> now = [] { return absl::Now(); });

  // By TRN alone; kDateOfBirthMismatch when TRS has the TRN with another (or no readable) date
  // of birth. `trn` must be 7 digits. Errors: UNAVAILABLE (kTrsUnavailableMessage) when TRS
  // cannot answer within min(TRS timeout, budget); INTERNAL for an unusable answer.
  absl::StatusOr<FindResult> FindByDateOfBirth(const std::string& trn, absl::CivilDay date_of_birth,
                                               absl::Duration budget);

  // By TRN and National Insurance number (no match = kNotFound); INVALID_ARGUMENT with the
  // wizard's message for a NINO that is not one. Other errors as FindByDateOfBirth.
  absl::StatusOr<FindResult> FindByNino(const std::string& trn, absl::string_view nino,
                                        absl::Duration budget);

 private:
  absl::StatusOr<FindResult> Conclude(const std::string& trn, LookupRecord::Purpose purpose,
                                      absl::Duration latency,
                                      const absl::StatusOr<TrsAnswer>& answer,
                                      const std::optional<absl::CivilDay>& date_of_birth);

  TrsClient& trs_;
  TeacherStore& store_;
  std::function<absl::Time()> now_;
};

}  // namespace rect::teachers
