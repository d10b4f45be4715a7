// Fuzz target: the school wizards' step slugs and field parsers (TRN, date inputs, date of
// birth, NINO, email address, corrected name), as typed into the forms.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "services/registration/wizard/fields.h"
#include "services/registration/wizard/register_ect.h"
#include "services/registration/wizard/register_mentor.h"

namespace wizard = rect::registration::wizard;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text(reinterpret_cast<const char*>(data), size);

  if (const auto step = wizard::ParseEctStep(text)) {
    if (wizard::EctStepSlug(*step) != text) __builtin_trap();
  }
  if (const auto step = wizard::ParseMentorStep(text)) {
    if (wizard::MentorStepSlug(*step) != text) __builtin_trap();
  }
  (void)wizard::NormaliseTrnInput(text);
  (void)wizard::NormaliseNationalInsuranceNumber(text);
  (void)wizard::ValidateEmailAddress(text);
  (void)wizard::ValidateCorrectedName(text);

  // "day/month/year" fills the three boxes of a GOV.UK date input.
  const std::vector<std::string> parts = absl::StrSplit(text, absl::MaxSplits('/', 2));
  wizard::DateInput input;
  input.day = parts[0];
  if (parts.size() > 1) input.month = parts[1];
  if (parts.size() > 2) input.year = parts[2];
  absl::CivilDay day;
  if (wizard::ParseDateInput(input, &day) == wizard::DateInputState::kValid) {
    (void)wizard::FormatDisplayDate(day);
  }
  (void)wizard::ValidateDateOfBirth(input, absl::CivilDay(2025, 9, 1));
  return 0;
}
