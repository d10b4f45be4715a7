// The lead-provider sign-in link: its URL and how its expiry reads in the email
// (partnerships.md §1: "5 March 2026, 2:30 PM", UK time). Pure: no I/O.
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace rect::identity {

// <public_url>/users/confirm_sign_in?login_token=<token>. The token is URL-safe base64, so it
// needs no escaping; `public_url` has no trailing slash.
std::string SignInLinkUrl(absl::string_view public_url, absl::string_view token);

// "5 March 2026, 2:30 PM" in Europe/London (GMT or BST as the date requires).
std::string FormatTokenExpiry(absl::Time expires_at);

}  // namespace rect::identity
