#include "gateway/api/api_auth.h"

#include <gtest/gtest.h>

namespace rect::gateway {
namespace {

TEST(TokenFromAuthorization, ReadsTheSchemesRailsAccepts) {
  EXPECT_EQ(TokenFromAuthorization("Bearer abc123"), "abc123");
  EXPECT_EQ(TokenFromAuthorization("Token abc123"), "abc123");
  EXPECT_EQ(TokenFromAuthorization("Token token=\"abc123\""), "abc123");
  EXPECT_EQ(TokenFromAuthorization("Bearer \"abc123\""), "abc123");
  EXPECT_EQ(TokenFromAuthorization("Bearer   ambition-institute"), "ambition-institute");
  EXPECT_EQ(TokenFromAuthorization("Token token=abc, nonce=\"x\""), "abc");
  EXPECT_EQ(TokenFromAuthorization("Bearer ab=c"), "ab=c");
}

TEST(TokenFromAuthorization, RefusesOtherSchemesAndEmptyTokens) {
  EXPECT_EQ(TokenFromAuthorization(""), std::nullopt);
  EXPECT_EQ(TokenFromAuthorization("Bearer"), std::nullopt);
  EXPECT_EQ(TokenFromAuthorization("Bearer "), std::nullopt);
  EXPECT_EQ(TokenFromAuthorization("bearer abc"), std::nullopt) << "the scheme is case-sensitive";
  EXPECT_EQ(TokenFromAuthorization("Basic YWJjOmRlZg=="), std::nullopt);
  EXPECT_EQ(TokenFromAuthorization("Bearerabc"), std::nullopt);
  EXPECT_EQ(TokenFromAuthorization("Token token=\"\""), std::nullopt);
  EXPECT_EQ(TokenFromAuthorization("Bearer ab\xff\xfe"), std::nullopt) << "not ASCII";
  EXPECT_EQ(TokenFromAuthorization("Bearer caf\xc3\xa9"), std::nullopt) << "not ASCII";
  EXPECT_EQ(TokenFromAuthorization("Bearer a\x01b"), std::nullopt) << "a control character";
}

TEST(ApiTokenCache, RemembersForTheTtlOnly) {
  absl::Time now = absl::FromUnixSeconds(1000);
  ApiTokenCache cache(absl::Seconds(10), 100, [&] { return now; });
  EXPECT_EQ(cache.Find("tok"), std::nullopt);
  cache.Store("tok", {"lp-1", "t-1"});
  ASSERT_TRUE(cache.Find("tok").has_value());
  EXPECT_EQ(cache.Find("tok")->lead_provider_id, "lp-1");
  EXPECT_EQ(cache.Find("other"), std::nullopt);
  now += absl::Seconds(10);
  EXPECT_EQ(cache.Find("tok"), std::nullopt);
}

TEST(ApiTokenCache, StaysBounded) {
  absl::Time now = absl::FromUnixSeconds(1000);
  ApiTokenCache cache(absl::Seconds(10), 2, [&] { return now; });
  cache.Store("a", {"lp", "1"});
  cache.Store("b", {"lp", "2"});
  cache.Store("c", {"lp", "3"});
  EXPECT_TRUE(cache.Find("c").has_value());
  EXPECT_FALSE(cache.Find("a").has_value());
}

TEST(ApiTokenCache, AZeroTtlCachesNothing) {
  ApiTokenCache cache(absl::ZeroDuration(), 10);
  cache.Store("a", {"lp", "1"});
  EXPECT_FALSE(cache.Find("a").has_value());
}

}  // namespace
}  // namespace rect::gateway
