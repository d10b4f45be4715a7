#include "gateway/web/cookies.h"

#include <gtest/gtest.h>

#include "gateway/web/csrf.h"

namespace rect::gateway {
namespace {

TEST(RequestCookies, ReadsEveryCookieHeader) {
  HttpRequest request;
  request.insert(boost::beast::http::field::cookie, "a=1; rect_session=abc_-1;b=\"quoted\"");
  request.insert(boost::beast::http::field::cookie, "c=3; a=ignored");
  const auto cookies = RequestCookies(request);
  EXPECT_EQ(cookies.at("a"), "1");
  EXPECT_EQ(cookies.at("b"), "quoted");
  EXPECT_EQ(cookies.at("c"), "3");
  EXPECT_EQ(RequestCookie(request, kSessionCookie), "abc_-1");
  EXPECT_EQ(RequestCookie(request, "missing"), "");
}

TEST(SetCookie, IsHttpOnlyAndLaxAndSecureWhenAsked) {
  CookieSpec cookie;
  cookie.name = kSessionCookie;
  cookie.value = "token";
  EXPECT_EQ(SetCookieValue(cookie), "rect_session=token; Path=/; HttpOnly; SameSite=Lax");
  cookie.secure = true;
  cookie.path = "/auth/dfe";
  cookie.max_age = absl::Minutes(10);
  EXPECT_EQ(SetCookieValue(cookie),
            "rect_session=token; Path=/auth/dfe; Max-Age=600; HttpOnly; SameSite=Lax; Secure");
  EXPECT_EQ(ExpiredCookieValue("x", "/", false), "x=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
}

TEST(Csrf, TokensBelongToTheirSecret) {
  const std::string token = CsrfToken("session-one");
  EXPECT_EQ(token, CsrfToken("session-one"));
  EXPECT_NE(token, CsrfToken("session-two"));
  EXPECT_EQ(token.size(), 43u);
  EXPECT_TRUE(CsrfTokenMatches("session-one", token));
  EXPECT_FALSE(CsrfTokenMatches("session-two", token));
  EXPECT_FALSE(CsrfTokenMatches("session-one", ""));
  EXPECT_FALSE(CsrfTokenMatches("", CsrfToken("")));
}

}  // namespace
}  // namespace rect::gateway
