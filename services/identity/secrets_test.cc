#include "services/identity/secrets.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"

namespace rect::identity {
namespace {

// Counts up from a seed, so tests are deterministic.
class CountingRandom : public RandomSource {
 public:
  std::string Bytes(size_t count) override {
    std::string out(count, '\0');
    for (char& c : out) c = static_cast<char>(next_++);
    return out;
  }

 private:
  unsigned char next_ = 1;
};

TEST(Pkce, MatchesTheRfc7636Example) {
  EXPECT_EQ(PkceS256Challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(SignInAttemptSecrets, AreDistinctStableAndUrlSafe) {
  const SignInAttemptSecrets a = DeriveSignInAttemptSecrets("attempt-one");
  const SignInAttemptSecrets again = DeriveSignInAttemptSecrets("attempt-one");
  const SignInAttemptSecrets b = DeriveSignInAttemptSecrets("attempt-two");
  EXPECT_EQ(a.state, again.state);
  EXPECT_EQ(a.code_verifier, again.code_verifier);
  EXPECT_NE(a.state, b.state);
  EXPECT_NE(a.state, a.nonce);
  EXPECT_NE(a.nonce, a.code_verifier);
  EXPECT_EQ(a.code_verifier.size(), 43u);  // RFC 7636: 43 to 128 characters
  EXPECT_EQ(a.code_challenge, PkceS256Challenge(a.code_verifier));
  for (const std::string* value : {&a.state, &a.nonce, &a.code_verifier, &a.code_challenge}) {
    EXPECT_FALSE(absl::StrContains(*value, "=")) << *value;
    EXPECT_FALSE(absl::StrContains(*value, "+")) << *value;
    EXPECT_FALSE(absl::StrContains(*value, "/")) << *value;
  }
}

TEST(ConstantTimeEquals, ComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

TEST(Seal, RoundTripsAndDetectsTampering) {
  CountingRandom random;
  const std::string key = DeriveKey("session-token", "purpose");
  ASSERT_EQ(key.size(), 32u);
  const std::string sealed = Seal(key, "the id token", random);
  EXPECT_FALSE(absl::StrContains(sealed, "the id token"));
  EXPECT_EQ(*Unseal(key, sealed), "the id token");

  std::string tampered = sealed;
  tampered[14] ^= 1;
  EXPECT_FALSE(Unseal(key, tampered).ok());
  EXPECT_FALSE(Unseal(DeriveKey("other-session", "purpose"), sealed).ok());
  EXPECT_FALSE(Unseal(key, "short").ok());
}

}  // namespace
}  // namespace rect::identity
