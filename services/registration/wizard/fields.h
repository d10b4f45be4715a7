// Field-level rules shared by the school wizards (register an ECT, register a mentor): TRN,
// date inputs, date of birth, NINO, email format, corrected name, and how dates are shown.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace rect::registration::wizard {

// One error to show beside a form field (and in the GOV.UK error summary).
struct FieldError {
  std::string field;
  std::string message;
  bool operator==(const FieldError& other) const {
    return field == other.field && message == other.message;
  }
};
using FieldErrors = std::vector<FieldError>;

// A GOV.UK date input as typed: three text boxes.
struct DateInput {
  std::string day;
  std::string month;
  std::string year;
};

// Every validator below returns INVALID_ARGUMENT whose message is the exact text to show.

// Strips non-digits; needs 5–7 digits; left-pads with zeros to 7.
absl::StatusOr<std::string> NormaliseTrnInput(absl::string_view raw);

enum class DateInputState { kMissing, kInvalid, kValid };
// All three boxes empty = missing; anything not a real calendar date (4-digit year) = invalid.
DateInputState ParseDateInput(const DateInput& input, absl::CivilDay* day);

// Missing, wrong format, more than 100 or less than 18 years old on `today`.
absl::StatusOr<absl::CivilDay> ValidateDateOfBirth(const DateInput& input, absl::CivilDay today);

// Upper-cases and strips spaces, then checks the HMRC pattern (decisions.md: NINO).
absl::StatusOr<std::string> NormaliseNationalInsuranceNumber(absl::string_view raw);

// Trims; empty or not a GOV.UK Notify-valid address is refused.
absl::StatusOr<std::string> ValidateEmailAddress(absl::string_view raw);

// Trims; blank or over 70 characters is refused.
absl::StatusOr<std::string> ValidateCorrectedName(absl::string_view raw);

// `years` before `day`, 29 February falling back to the 28th.
absl::CivilDay YearsBefore(absl::CivilDay day, int years);
// `months` after `day`, clamped to the end of the month (31 October + 4 months = 28/29 Feb).
absl::CivilDay MonthsAfter(absl::CivilDay day, int months);

// An email on some ECT or mentor at-school period, as the uniqueness check reads it.
struct EmailHolder {
  std::string email;
  std::string trn;
  std::optional<absl::CivilDay> finished_on;
};
// True when `email` (ASCII case-insensitive) is on a period of a different TRN that is open on
// `today`: finished_on absent or in the future (decisions.md: email uniqueness).
bool EmailInUseByOtherTeacher(absl::string_view email, absl::string_view trn,
                              const std::vector<EmailHolder>& holders, absl::CivilDay today);

// "1 June 2024".
std::string FormatDisplayDate(absl::CivilDay day);

}  // namespace rect::registration::wizard
