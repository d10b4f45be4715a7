// The headers every gateway response carries so browsers confine what its pages can do: a
// Content-Security-Policy allowing only the service's own scripts, styles, fonts and images
// (no inline script, no framing), nosniff, a same-origin Referrer-Policy, and HSTS when the
// service is reached over https.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace rect::gateway {

// Name and value pairs, in the order they are sent.
using HeaderList = std::vector<std::pair<std::string, std::string>>;

// The policy sent as Content-Security-Policy.
extern const char kContentSecurityPolicy[];

// The security headers for a gateway whose browsers reach it at `public_url`
// ("https://..." adds Strict-Transport-Security; plain http never does, so a local stack
// does not pin browsers to https on 127.0.0.1).
HeaderList SecurityHeaders(absl::string_view public_url);

}  // namespace rect::gateway
