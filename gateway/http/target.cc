#include "gateway/http/target.h"

#include <string>

#include <boost/url/parse.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"

namespace rect::gateway {
namespace {

// Characters an origin-form target may contain as they are (RFC 3986 pchar, "/", "?").
bool Allowed(unsigned char c) {
  if (absl::ascii_isalnum(c)) return true;
  switch (c) {
    case '-': case '.': case '_': case '~':                                   // unreserved
    case '!': case '$': case '&': case '\'': case '(': case ')': case '*':
    case '+': case ',': case ';': case '=':                                   // sub-delims
    case ':': case '@': case '/': case '?': case '%':
      return true;
    default:
      return false;
  }
}

}  // namespace

std::optional<boost::urls::url> ParseRequestTarget(absl::string_view target) {
  auto strict = boost::urls::parse_origin_form(boost::urls::string_view(target.data(), target.size()));
  if (strict) return boost::urls::url(*strict);
  std::string encoded;
  encoded.reserve(target.size() + 16);
  for (size_t i = 0; i < target.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(target[i]);
    const bool valid_escape = c == '%' && i + 2 < target.size() &&
                              absl::ascii_isxdigit(static_cast<unsigned char>(target[i + 1])) &&
                              absl::ascii_isxdigit(static_cast<unsigned char>(target[i + 2]));
    if ((Allowed(c) && c != '%') || valid_escape) {
      encoded.push_back(static_cast<char>(c));
    } else {
      absl::StrAppendFormat(&encoded, "%%%02X", c);
    }
  }
  auto lenient = boost::urls::parse_origin_form(encoded);
  if (!lenient) return std::nullopt;
  return boost::urls::url(*lenient);
}

}  // namespace rect::gateway
