// CSRF tokens for every form: derived from a secret the browser holds in an HttpOnly cookie
// (the session token once signed in, a random pre-sign-in secret before), so nothing needs
// storing and a token from another session never matches.
#pragma once

#include <string>

#include "absl/strings/string_view.h"

namespace rect::gateway {

// The form field carrying the token (Rails' name, kept for familiarity).
inline constexpr char kCsrfField[] = "authenticity_token";

// base64url(HMAC-SHA256(secret, "rect-csrf-v1")).
std::string CsrfToken(absl::string_view secret);

// True when `submitted` is the token for `secret` (compared in constant time); false for an
// empty secret.
bool CsrfTokenMatches(absl::string_view secret, absl::string_view submitted);

}  // namespace rect::gateway
