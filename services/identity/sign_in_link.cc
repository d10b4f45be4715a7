#include "services/identity/sign_in_link.h"

#include "absl/strings/str_cat.h"

namespace rect::identity {

std::string SignInLinkUrl(absl::string_view public_url, absl::string_view token) {
  return absl::StrCat(public_url, "/users/confirm_sign_in?login_token=", token);
}

std::string FormatTokenExpiry(absl::Time expires_at) {
  static const absl::TimeZone* const kLondon = [] {
    auto* zone = new absl::TimeZone();
    // Debian's tzdata provides the zone; UTC is the fallback when it is missing.
    if (!absl::LoadTimeZone("Europe/London", zone)) *zone = absl::UTCTimeZone();
    return zone;
  }();
  return absl::FormatTime("%-d %B %Y, %-I:%M %p", expires_at, *kLondon);
}

}  // namespace rect::identity
