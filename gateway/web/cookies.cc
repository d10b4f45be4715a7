#include "gateway/web/cookies.h"

#include <boost/beast/http/field.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace rect::gateway {

std::map<std::string, std::string, std::less<>> RequestCookies(const HttpRequest& request) {
  std::map<std::string, std::string, std::less<>> cookies;
  for (auto it = request.find(boost::beast::http::field::cookie);
       it != request.end() && it->name() == boost::beast::http::field::cookie; ++it) {
    const absl::string_view header(it->value().data(), it->value().size());
    for (absl::string_view pair : absl::StrSplit(header, ';', absl::SkipWhitespace())) {
      const size_t equals = pair.find('=');
      if (equals == absl::string_view::npos) continue;
      absl::string_view name = absl::StripAsciiWhitespace(pair.substr(0, equals));
      absl::string_view value = absl::StripAsciiWhitespace(pair.substr(equals + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      if (!name.empty()) cookies.emplace(std::string(name), std::string(value));
    }
  }
  return cookies;
}

std::string RequestCookie(const HttpRequest& request, absl::string_view name) {
  const auto cookies = RequestCookies(request);
  auto it = cookies.find(name);
  return it == cookies.end() ? "" : it->second;
}

std::string SetCookieValue(const CookieSpec& cookie) {
  std::string out = absl::StrCat(cookie.name, "=", cookie.value, "; Path=", cookie.path);
  if (cookie.max_age.has_value()) {
    absl::StrAppend(&out, "; Max-Age=", absl::ToInt64Seconds(*cookie.max_age));
  }
  absl::StrAppend(&out, "; HttpOnly; SameSite=Lax");
  if (cookie.secure) absl::StrAppend(&out, "; Secure");
  return out;
}

std::string ExpiredCookieValue(absl::string_view name, absl::string_view path, bool secure) {
  CookieSpec cookie;
  cookie.name = std::string(name);
  cookie.path = std::string(path);
  cookie.max_age = absl::ZeroDuration();
  cookie.secure = secure;
  return SetCookieValue(cookie);
}

}  // namespace rect::gateway
