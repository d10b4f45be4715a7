// The Teaching Record System's rules (school-journeys.md §5, decisions.md), with no I/O:
// induction status eligibility, prohibition, QTS, the date-of-birth comparison and the National
// Insurance number's normalisation and validation.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/teachers/trs_person.h"

namespace rect::teachers {

// The alert category meaning "prohibition from teaching".
inline constexpr char kProhibitionAlertCategory[] = "b2b19019-b165-47a3-8745-3297ff152581";

enum class InductionStatus {
  kUnknown,  // none given, or a value TRS added after this code was written
  kNone,
  kRequiredToComplete,
  kInProgress,
  kPassed,
  kFailed,
  kFailedInWales,
  kExempt,
};

// TRS's spelling ("InProgress", ...) to the enum; anything else is kUnknown.
InductionStatus ParseInductionStatus(absl::string_view status);

// None, RequiredToComplete and InProgress may still do an induction; Passed, Failed,
// FailedInWales, Exempt and unknown values may not.
bool IsInductionEligible(InductionStatus status);

// An alert of the prohibition category whose end date is empty, after `today`, or unreadable.
bool IsProhibited(const std::vector<TrsAlert>& alerts, absl::CivilDay today);

// "YYYY-MM-DD" as a real calendar date; nullopt for empty or anything else.
std::optional<absl::CivilDay> ParseTrsDate(absl::string_view date);

// True only when TRS's date of birth is a real date equal to the one entered. A missing or
// unreadable TRS date never matches (the caller then asks for a NINO).
bool DateOfBirthMatches(absl::CivilDay entered, absl::string_view trs_date_of_birth);

// 200 answers whose first name is empty are not records of a person (§5 "in TRS").
bool IsInTrs(const TrsPerson& person);

// "QualifiedTeacherStatus" -> "Qualified teacher status": a CamelCase TRS type in words
// (acronyms such as "QTLS" are kept).
std::string DescribeProfessionalStatus(absl::string_view professional_status_type);

// Spaces (any ASCII white space) removed and letters upper-cased, as decisions.md says.
std::string NormaliseNino(absl::string_view nino);

// Validates a normalised NINO: 2 letters, 6 digits, a letter A-D; first letter not D F I Q U V;
// second not D F I O Q U V; prefixes BG GB NK KN TN NT ZZ refused. INVALID_ARGUMENT with the
// wizard's message ("Enter a National Insurance Number" when empty, "Enter a National Insurance
// Number in the correct format" otherwise); the message never contains the value.
absl::Status ValidateNino(absl::string_view normalised);

// The calendar date in England at `now` (UTC if the time zone database is missing).
absl::CivilDay TodayInEngland(absl::Time now);

// A person with the rules applied: what callers and the snapshot keep.
struct TeacherFacts {
  std::string trn;
  std::string first_name;
  std::string last_name;
  InductionStatus induction_status = InductionStatus::kUnknown;
  std::string induction_status_name;  // TRS's value, e.g. "InProgress"
  bool induction_eligible = false;
  std::optional<absl::CivilDay> induction_start_date;
  std::optional<absl::CivilDay> induction_completed_date;
  bool has_qts = false;
  std::optional<absl::CivilDay> qts_awarded_on;
  std::string qts_status_description;  // empty without QTS
  bool prohibited_from_teaching = false;
};

// Applies every rule above to `person` on `today`. The date of birth is not carried over.
TeacherFacts InterpretPerson(const TrsPerson& person, absl::CivilDay today);

}  // namespace rect::teachers
