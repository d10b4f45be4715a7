// The email-address rules of lead-provider sign-in (partnerships.md §1), with the exact error
// messages the sign-in page shows. Pure: no I/O.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace rect::identity {

inline constexpr char kEnterEmail[] = "Enter an email address";
inline constexpr char kEnterEmailInCorrectFormat[] =
    "Enter an email address in the correct format, like name@example.com";

// Surrounding white space removed; case kept (addresses are compared ignoring case).
std::string TrimEmailAddress(absl::string_view text);

// OK, or INVALID_ARGUMENT with kEnterEmail (blank) or kEnterEmailInCorrectFormat. Expects a
// trimmed address: one '@', a local part, a dotted domain, no spaces or control characters.
absl::Status CheckEmailAddress(absl::string_view address);

}  // namespace rect::identity
