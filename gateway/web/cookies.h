// The gateway's cookies: reading the Cookie header, and writing Set-Cookie with the attributes
// our security rules require (HttpOnly, SameSite=Lax, Secure unless the public URL is http).
// Cookie values are secrets: never log them.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gateway/http/handler.h"

namespace rect::gateway {

inline constexpr char kSessionCookie[] = "rect_session";            // the session token
inline constexpr char kCsrfCookie[] = "rect_csrf";                  // CSRF secret before sign-in
inline constexpr char kSignInAttemptCookie[] = "rect_dsi_attempt";  // binds a DfE Sign-in
inline constexpr char kDeniedOrganisationCookie[] = "rect_denied_org";  // names it on the page

// name -> value of every Cookie header of the request; the first of a repeated name wins.
std::map<std::string, std::string, std::less<>> RequestCookies(const HttpRequest& request);

// The named cookie, or "".
std::string RequestCookie(const HttpRequest& request, absl::string_view name);

struct CookieSpec {
  std::string name;
  std::string value;  // cookie-octets only (URL-safe tokens, or percent-encoded text)
  std::string path = "/";
  std::optional<absl::Duration> max_age;  // unset: until the browser closes
  bool secure = false;
};

// "name=value; Path=/; Max-Age=600; HttpOnly; SameSite=Lax[; Secure]".
std::string SetCookieValue(const CookieSpec& cookie);

// A Set-Cookie that removes the cookie (empty value, Max-Age=0).
std::string ExpiredCookieValue(absl::string_view name, absl::string_view path, bool secure);

}  // namespace rect::gateway
