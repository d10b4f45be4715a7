#include "services/partnerships/urn.h"

#include <algorithm>

#include "absl/strings/ascii.h"

namespace rect::partnerships {

absl::StatusOr<std::string> NormaliseUrn(absl::string_view urn) {
  absl::string_view digits = absl::StripAsciiWhitespace(urn);
  if (digits.empty() || digits.size() > 7 ||
      !std::all_of(digits.begin(), digits.end(), absl::ascii_isdigit)) {
    return absl::InvalidArgumentError("urn must be 1 to 7 digits");
  }
  digits.remove_prefix(std::min(digits.find_first_not_of('0'), digits.size()));
  if (digits.empty()) return absl::InvalidArgumentError("urn must not be 0");
  return std::string(digits);
}

}  // namespace rect::partnerships
