// The rules of a teacher record as schools register it: what a valid TRN and name look like,
// and the name shown everywhere (the corrected name, else the TRS first and last names).
#pragma once

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace rect::registration {

inline constexpr size_t kMaxTrsNameLength = 100;
inline constexpr size_t kMaxCorrectedNameLength = 70;

// A teacher as found in TRS, with the school's correction of the name (empty when none).
struct TeacherDetails {
  std::string trn;
  std::string trs_first_name;
  std::string trs_last_name;
  std::string corrected_name;
};

// Trims `trn` and checks it is exactly seven digits; INVALID_ARGUMENT otherwise.
absl::StatusOr<std::string> NormaliseTrn(absl::string_view trn);

// Trims every field and checks it; INVALID_ARGUMENT naming the first bad field.
absl::StatusOr<TeacherDetails> NormaliseTeacherDetails(const TeacherDetails& details);

// The corrected name when there is one, else TRS first name + " " + TRS last name.
std::string DisplayName(absl::string_view trs_first_name, absl::string_view trs_last_name,
                        absl::string_view corrected_name);

// Characters (Unicode code points) in UTF-8 `text`: the unit of every name length limit, as
// PostgreSQL's length() counts them.
size_t CharacterCount(absl::string_view text);

}  // namespace rect::registration
