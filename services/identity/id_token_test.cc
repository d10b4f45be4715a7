// ID-token verification: signatures against a JWKS (with rotation), and every claim check with
// an injected time. Tokens are signed by the local DfE Sign-in's key code (cpp-jwt), so the
// verifier is checked against an independent implementation.
#include "services/identity/id_token.h"

#include <gtest/gtest.h>

#include <jwt/jwt.hpp>

#include "absl/strings/escaping.h"
#include "absl/strings/str_split.h"
#include "tests/fakes/dsi/signing_key.h"

namespace rect::identity {
namespace {

using fakes::dsi::SigningKey;

constexpr char kIssuer[] = "https://oidc.signin.example";
constexpr char kClient[] = "RegisterECTs";
const absl::Time kNow = absl::FromUnixSeconds(1767225600);

JsonWebKeySet KeySet(const std::vector<const SigningKey*>& keys) {
  nlohmann::json document = {{"keys", nlohmann::json::array()}};
  for (const SigningKey* key : keys) document["keys"].push_back(key->Jwk());
  return *JsonWebKeySet::Parse(document.dump());
}

nlohmann::json Claims() {
  const int64_t now = absl::ToUnixSeconds(kNow);
  return {{"iss", kIssuer},
          {"aud", kClient},
          {"sub", "user-1"},
          {"email", "sam.tutor@oakfield.example"},
          {"given_name", "Sam"},
          {"family_name", "Tutor"},
          {"nonce", "the-nonce"},
          {"iat", now - 10},
          {"exp", now + 3600},
          {"organisation", {{"id", "org-1"}, {"urn", "100001"}, {"name", "Oakfield"}}}};
}

IdTokenExpectations Expected(absl::Time now = kNow) {
  IdTokenExpectations expected;
  expected.issuer = kIssuer;
  expected.audience = kClient;
  expected.nonce = "the-nonce";
  expected.now = now;
  return expected;
}

class IdTokenTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    key_ = new SigningKey("key-1");
    other_ = new SigningKey("key-2");
  }
  static void TearDownTestSuite() {
    delete key_;
    delete other_;
  }

  absl::Status Verify(const nlohmann::json& claims, absl::Time now = kNow) {
    return VerifyIdToken(key_->Sign(claims), KeySet({key_}), Expected(now)).status();
  }

  static SigningKey* key_;
  static SigningKey* other_;
};

SigningKey* IdTokenTest::key_ = nullptr;
SigningKey* IdTokenTest::other_ = nullptr;

TEST_F(IdTokenTest, AcceptsAGoodTokenAndReadsItsClaims) {
  absl::StatusOr<IdTokenClaims> claims =
      VerifyIdToken(key_->Sign(Claims()), KeySet({key_}), Expected());
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->subject, "user-1");
  EXPECT_EQ(claims->email, "sam.tutor@oakfield.example");
  EXPECT_EQ(claims->given_name, "Sam");
  ASSERT_TRUE(claims->organisation.has_value());
  EXPECT_EQ(claims->organisation->urn, "100001");
  EXPECT_EQ(claims->organisation->name, "Oakfield");
}

TEST_F(IdTokenTest, AnEmptyOrganisationMeansNone) {
  nlohmann::json claims = Claims();
  claims["organisation"] = nlohmann::json::object();
  absl::StatusOr<IdTokenClaims> verified =
      VerifyIdToken(key_->Sign(claims), KeySet({key_}), Expected());
  ASSERT_TRUE(verified.ok());
  EXPECT_FALSE(verified->organisation.has_value());
  claims.erase("organisation");
  EXPECT_FALSE(VerifyIdToken(key_->Sign(claims), KeySet({key_}), Expected())->organisation);
}

TEST_F(IdTokenTest, NumericUrnsAreRead) {
  nlohmann::json claims = Claims();
  claims["organisation"]["urn"] = 100001;
  EXPECT_EQ(VerifyIdToken(key_->Sign(claims), KeySet({key_}), Expected())->organisation->urn,
            "100001");
}

TEST_F(IdTokenTest, ExpiredTokensAreRefusedAfterTheLeeway) {
  const absl::Time exp = kNow + absl::Hours(1);
  EXPECT_TRUE(Verify(Claims(), exp + absl::Seconds(59)).ok());
  const absl::Status status = Verify(Claims(), exp + absl::Seconds(60));
  EXPECT_TRUE(absl::IsUnauthenticated(status));
  EXPECT_EQ(status.message(), "ID token rejected: it has expired");
  nlohmann::json no_exp = Claims();
  no_exp.erase("exp");
  EXPECT_FALSE(Verify(no_exp).ok());
}

TEST_F(IdTokenTest, TimeClaimsThatAreNoRealTimeAreRefused) {
  for (const char* claim : {"exp", "iat", "nbf"}) {
    for (const nlohmann::json& value :
         {nlohmann::json(1e300), nlohmann::json(-1e300), nlohmann::json(18446744073709551615ull),
          nlohmann::json("soon")}) {
      nlohmann::json claims = Claims();
      claims[claim] = value;
      EXPECT_FALSE(Verify(claims).ok()) << claim << " = " << value.dump();
    }
  }
}

TEST_F(IdTokenTest, WrongAudienceIsRefused) {
  nlohmann::json claims = Claims();
  claims["aud"] = "AnotherService";
  EXPECT_EQ(Verify(claims).message(), "ID token rejected: aud is not this service");
  claims["aud"] = {"AnotherService", kClient};
  EXPECT_EQ(Verify(claims).message(), "ID token rejected: azp is not this service");
  claims["azp"] = kClient;
  EXPECT_TRUE(Verify(claims).ok());
  claims["aud"] = {kClient};
  claims.erase("azp");
  EXPECT_TRUE(Verify(claims).ok());
}

TEST_F(IdTokenTest, WrongIssuerNonceOrSubjectIsRefused) {
  nlohmann::json claims = Claims();
  claims["iss"] = "https://elsewhere.example";
  EXPECT_EQ(Verify(claims).message(), "ID token rejected: iss is not the provider");
  claims = Claims();
  claims["nonce"] = "replayed";
  EXPECT_EQ(Verify(claims).message(),
            "ID token rejected: nonce does not match the sign-in attempt");
  claims.erase("nonce");
  EXPECT_FALSE(Verify(claims).ok());
  claims = Claims();
  claims.erase("sub");
  EXPECT_EQ(Verify(claims).message(), "ID token rejected: sub is missing");
}

TEST_F(IdTokenTest, TokensFromTheFutureAreRefused) {
  nlohmann::json claims = Claims();
  claims["iat"] = absl::ToUnixSeconds(kNow + absl::Minutes(5));
  EXPECT_FALSE(Verify(claims).ok());
  claims = Claims();
  claims["nbf"] = absl::ToUnixSeconds(kNow + absl::Minutes(5));
  EXPECT_FALSE(Verify(claims).ok());
}

TEST_F(IdTokenTest, ForgedSignaturesAreRefused) {
  // Signed by another key but naming ours.
  const std::string forged = other_->SignAs("key-1", Claims());
  const absl::Status status = VerifyIdToken(forged, KeySet({key_}), Expected()).status();
  EXPECT_EQ(status.message(), "ID token signature does not verify");

  // Our signature over a payload that was then changed.
  const std::vector<std::string> parts = absl::StrSplit(key_->Sign(Claims()), '.');
  nlohmann::json changed = Claims();
  changed["organisation"]["urn"] = "100002";
  const std::string tampered =
      parts[0] + "." + absl::WebSafeBase64Escape(changed.dump()) + "." + parts[2];
  EXPECT_FALSE(VerifyIdToken(tampered, KeySet({key_}), Expected()).ok());
}

TEST_F(IdTokenTest, OtherAlgorithmsAreRefusedBeforeAnyCrypto) {
  const nlohmann::json claims = Claims();
  jwt::jwt_object none{jwt::params::algorithm("NONE")};
  for (const auto& [name, value] : claims.items()) none.payload().add_claim(name, value);
  EXPECT_EQ(VerifyIdToken(none.signature(), KeySet({key_}), Expected()).status().message(),
            "ID token rejected: not a signed JWT");

  jwt::jwt_object hs{jwt::params::algorithm("HS256"), jwt::params::secret("guessable")};
  for (const auto& [name, value] : claims.items()) hs.payload().add_claim(name, value);
  EXPECT_EQ(VerifyIdToken(hs.signature(), KeySet({key_}), Expected()).status().message(),
            "ID token rejected: algorithm is not RS256");
  EXPECT_FALSE(VerifyIdToken("not a token", KeySet({key_}), Expected()).ok());
}

TEST_F(IdTokenTest, AnUnknownKeyIsReportedSoTheCallerCanRefetch) {
  // The provider rotated to key-2; our cached set only has key-1.
  const std::string token = other_->Sign(Claims());
  const absl::Status status = VerifyIdToken(token, KeySet({key_}), Expected()).status();
  EXPECT_TRUE(IsUnknownKeyError(status));
  EXPECT_TRUE(VerifyIdToken(token, KeySet({other_, key_}), Expected()).ok());
}

TEST(JsonWebKeySet, SkipsKeysNotForRs256Signatures) {
  SigningKey key("k");
  nlohmann::json jwk = key.Jwk();
  nlohmann::json enc = jwk;
  enc["use"] = "enc";
  enc["kid"] = "enc";
  nlohmann::json ec = {{"kty", "EC"}, {"kid", "ec"}};
  const JsonWebKeySet set =
      *JsonWebKeySet::Parse(nlohmann::json({{"keys", {jwk, enc, ec}}}).dump());
  EXPECT_EQ(set.size(), 1u);
  EXPECT_NE(set.Find("k"), nullptr);
  EXPECT_NE(set.Find(""), nullptr) << "a single key serves tokens without kid";
  EXPECT_EQ(set.Find("enc"), nullptr);
  EXPECT_FALSE(JsonWebKeySet::Parse("{}").ok());
  EXPECT_FALSE(JsonWebKeySet::Parse("not json").ok());
}

}  // namespace
}  // namespace rect::identity
