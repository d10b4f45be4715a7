#include "gateway/http/security_headers.h"

#include "absl/strings/match.h"

namespace rect::gateway {

// 'self' only: the pages load /assets/application.js as a module and no inline script, style
// attribute or event handler. form-action is left out on purpose: the DfE Sign-in form posts
// to the gateway, which redirects to the (configurable) DfE Sign-in origin, and browsers apply
// form-action to that redirect too.
const char kContentSecurityPolicy[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; manifest-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'";

HeaderList SecurityHeaders(absl::string_view public_url) {
  HeaderList headers = {
      {"Content-Security-Policy", kContentSecurityPolicy},
      {"X-Frame-Options", "DENY"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "same-origin"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
  };
  if (absl::StartsWithIgnoreCase(public_url, "https://")) {
    headers.emplace_back("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  }
  return headers;
}

}  // namespace rect::gateway
