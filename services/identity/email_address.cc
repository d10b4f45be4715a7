#include "services/identity/email_address.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"

namespace rect::identity {
namespace {

constexpr size_t kMaxLength = 254;

bool IsAddressCharacter(char c) {
  const unsigned char u = static_cast<unsigned char>(c);
  return u > 0x20 && u != 0x7f && c != '<' && c != '>' && c != ',' && c != ';' && c != '"' &&
         c != '(' && c != ')' && c != '[' && c != ']' && c != '\\';
}

}  // namespace

std::string TrimEmailAddress(absl::string_view text) {
  return std::string(absl::StripAsciiWhitespace(text));
}

absl::Status CheckEmailAddress(absl::string_view address) {
  if (address.empty()) return absl::InvalidArgumentError(kEnterEmail);
  const absl::Status bad = absl::InvalidArgumentError(kEnterEmailInCorrectFormat);
  if (address.size() > kMaxLength) return bad;
  for (char c : address) {
    if (!IsAddressCharacter(c)) return bad;
  }
  const std::vector<absl::string_view> parts = absl::StrSplit(address, '@');
  if (parts.size() != 2 || parts[0].empty()) return bad;
  const absl::string_view domain = parts[1];
  if (domain.size() < 3 || !absl::StrContains(domain, '.') || absl::StartsWith(domain, ".") ||
      absl::EndsWith(domain, ".") || absl::StrContains(domain, "..")) {
    return bad;
  }
  return absl::OkStatus();
}

}  // namespace rect::identity
