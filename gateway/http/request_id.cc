#include "gateway/http/request_id.h"

#include <algorithm>

#include "absl/strings/ascii.h"

namespace rect::gateway {

bool IsWellFormedRequestId(absl::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == ':' ||
           c == '-';
  });
}

std::string RequestIdFor(absl::string_view incoming, RandomSource& random) {
  if (IsWellFormedRequestId(incoming)) return std::string(incoming);
  return NewHexToken(random);
}

}  // namespace rect::gateway
