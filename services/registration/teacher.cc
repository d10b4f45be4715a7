#include "services/registration/teacher.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/status.h"

namespace rect::registration {
namespace {

absl::StatusOr<std::string> RequiredName(absl::string_view field, absl::string_view value) {
  std::string name(absl::StripAsciiWhitespace(value));
  if (name.empty()) return absl::InvalidArgumentError(absl::StrCat(field, " is required"));
  if (CharacterCount(name) > kMaxTrsNameLength) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " must be ", kMaxTrsNameLength, " characters or fewer"));
  }
  return name;
}

}  // namespace

absl::StatusOr<std::string> NormaliseTrn(absl::string_view trn) {
  absl::string_view digits = absl::StripAsciiWhitespace(trn);
  if (digits.size() != 7 || !std::all_of(digits.begin(), digits.end(), absl::ascii_isdigit)) {
    return absl::InvalidArgumentError("trn must be exactly 7 digits");
  }
  return std::string(digits);
}

absl::StatusOr<TeacherDetails> NormaliseTeacherDetails(const TeacherDetails& details) {
  TeacherDetails result;
  ASSIGN_OR_RETURN(result.trn, NormaliseTrn(details.trn));
  ASSIGN_OR_RETURN(result.trs_first_name, RequiredName("trs_first_name", details.trs_first_name));
  ASSIGN_OR_RETURN(result.trs_last_name, RequiredName("trs_last_name", details.trs_last_name));
  result.corrected_name = std::string(absl::StripAsciiWhitespace(details.corrected_name));
  if (CharacterCount(result.corrected_name) > kMaxCorrectedNameLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("corrected_name must be ", kMaxCorrectedNameLength, " characters or fewer"));
  }
  return result;
}

std::string DisplayName(absl::string_view trs_first_name, absl::string_view trs_last_name,
                        absl::string_view corrected_name) {
  if (!corrected_name.empty()) return std::string(corrected_name);
  return absl::StrCat(trs_first_name, " ", trs_last_name);
}

size_t CharacterCount(absl::string_view text) {
  // Every code point has exactly one byte that is not a continuation byte (10xxxxxx).
  return std::count_if(text.begin(), text.end(),
                       [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

}  // namespace rect::registration
