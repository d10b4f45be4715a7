// The local DfE Sign-in over real HTTP: discovery, the sign-in page, code exchange with PKCE,
// JWKS rotation, the roles API and end-session.
#include "tests/fakes/dsi/fake_dsi.h"

#include <gtest/gtest.h>

#include <boost/url/parse.hpp>
#include <chrono>
#include <jwt/jwt.hpp>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gateway/http/forms.h"
#include "services/common/http_client.h"
#include "services/common/tokens.h"

namespace rect::fakes::dsi {
namespace {

constexpr char kVerifier[] = "a-very-long-code-verifier-of-at-least-43-characters-0123456789";

class FakeDsiTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(dsi_.Start().ok()); }

  HttpClientResponse Get(const std::string& path,
                         std::vector<std::pair<std::string, std::string>> headers = {}) {
    HttpClientRequest request;
    request.url = dsi_.issuer() + path;
    request.headers = std::move(headers);
    absl::StatusOr<HttpClientResponse> response = http_.Send(request);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : HttpClientResponse();
  }

  HttpClientResponse Post(const std::string& path, const std::string& body) {
    HttpClientRequest request;
    request.method = "POST";
    request.url = dsi_.issuer() + path;
    request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    request.body = body;
    absl::StatusOr<HttpClientResponse> response = http_.Send(request);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : HttpClientResponse();
  }

  std::string AuthorizationUrl() {
    const std::string challenge = absl::WebSafeBase64Escape(Sha256(kVerifier));
    return absl::StrCat(dsi_.issuer(),
                        "/auth?response_type=code&client_id=RegisterECTs&redirect_uri=http%3A%2F%"
                        "2F127.0.0.1%3A8080%2Fauth%2Fdfe%2Fcallback&scope=openid%20profile%"
                        "20email%20organisation&state=st&nonce=nn&code_challenge=",
                        challenge, "&code_challenge_method=S256");
  }

  // The code the callback would receive for `persona`.
  std::string CodeFor(const std::string& persona) {
    absl::StatusOr<std::string> redirect = dsi_.Authorize(AuthorizationUrl(), persona);
    EXPECT_TRUE(redirect.ok()) << redirect.status();
    auto url = boost::urls::parse_absolute_uri(*redirect);
    const gateway::FormFields fields = gateway::QueryFields(*url);
    EXPECT_EQ(gateway::Field(fields, "state"), "st");
    return gateway::Field(fields, "code");
  }

  std::string TokenRequest(const std::string& code, const std::string& verifier = kVerifier) {
    return absl::StrCat("grant_type=authorization_code&code=", code,
                        "&redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Fauth%2Fdfe%2Fcallback"
                        "&client_id=RegisterECTs&client_secret=local-dsi-client-secret"
                        "&code_verifier=",
                        verifier);
  }

  std::string RolesToken(const std::string& secret = "local-dsi-api-secret") {
    jwt::jwt_object token{
        jwt::params::algorithm("HS256"), jwt::params::secret(secret),
        jwt::params::payload({{"iss", "RegisterECTs"}, {"aud", "signin.education.gov.uk"}})};
    token.add_claim("exp", std::chrono::system_clock::now() + std::chrono::seconds{60});
    return token.signature();
  }

  FakeDsi dsi_{FakeDsi::Options()};
  HttpClient http_;
};

TEST_F(FakeDsiTest, PublishesItsDiscoveryDocument) {
  const HttpClientResponse response = Get("/.well-known/openid-configuration");
  ASSERT_EQ(response.status, 200);
  const nlohmann::json doc = nlohmann::json::parse(response.body);
  EXPECT_EQ(doc["issuer"], dsi_.issuer());
  EXPECT_EQ(doc["token_endpoint"], dsi_.issuer() + "/token");
  EXPECT_EQ(doc["jwks_uri"], dsi_.issuer() + "/certs");
  EXPECT_EQ(doc["end_session_endpoint"], dsi_.issuer() + "/session/end");
}

TEST_F(FakeDsiTest, SignInPageListsEveryPersona) {
  const HttpClientResponse response = Get(AuthorizationUrl().substr(dsi_.issuer().size()));
  ASSERT_EQ(response.status, 200);
  for (const Persona& persona : DefaultPersonas()) {
    EXPECT_TRUE(absl::StrContains(response.body, persona.key)) << persona.key;
  }
  EXPECT_EQ(Get("/auth?response_type=code&client_id=Other").status, 400);
}

TEST_F(FakeDsiTest, ExchangesACodeOnceAndOnlyWithTheRightVerifier) {
  const std::string code = CodeFor("sam-tutor-oakfield");
  EXPECT_EQ(
      Post("/token", TokenRequest(code, "wrong-verifier-wrong-verifier-wrong-verifier")).status,
      400);
  const std::string second = CodeFor("sam-tutor-oakfield");
  const HttpClientResponse ok = Post("/token", TokenRequest(second));
  ASSERT_EQ(ok.status, 200) << ok.body;
  const std::string id_token = nlohmann::json::parse(ok.body)["id_token"];
  auto decoded =
      jwt::decode(id_token, jwt::params::algorithms({"RS256"}), jwt::params::verify(false));
  EXPECT_EQ(decoded.payload().get_claim_value<std::string>("sub"), DefaultPersonas()[0].user_id);
  EXPECT_EQ(decoded.payload().get_claim_value<std::string>("nonce"), "nn");
  EXPECT_EQ(Post("/token", TokenRequest(second)).status, 400) << "codes are single use";
}

TEST_F(FakeDsiTest, RefusesTheWrongClientSecret) {
  const std::string body =
      absl::StrCat("grant_type=authorization_code&code=", CodeFor("sam-tutor-oakfield"),
                   "&client_id=RegisterECTs&client_secret=nope&code_verifier=", kVerifier);
  EXPECT_EQ(Post("/token", body).status, 401);
}

TEST_F(FakeDsiTest, RotationPublishesTheNewKeyBesideTheOld) {
  auto keys = [&] { return nlohmann::json::parse(Get("/certs").body)["keys"]; };
  ASSERT_EQ(keys().size(), 1u);
  const std::string first = keys()[0]["kid"];
  dsi_.RotateKeys(false);
  ASSERT_EQ(keys().size(), 2u);
  EXPECT_NE(keys()[0]["kid"], first);
  EXPECT_EQ(keys()[1]["kid"], first);
  EXPECT_EQ(Post("/test/rotate-keys", "retire=1").status, 200);
  EXPECT_EQ(keys().size(), 1u);
}

TEST_F(FakeDsiTest, RolesApiNeedsTheSignedBearerToken) {
  const Persona& sam = DefaultPersonas()[0];
  const std::string path = absl::StrCat("/services/RegisterECTs/organisations/",
                                        sam.organisation->id, "/users/", sam.user_id);
  EXPECT_EQ(Get(path).status, 401);
  EXPECT_EQ(Get(path, {{"Authorization", "Bearer " + RolesToken("wrong")}}).status, 401);
  const HttpClientResponse ok = Get(path, {{"Authorization", "Bearer " + RolesToken()}});
  ASSERT_EQ(ok.status, 200);
  EXPECT_EQ(nlohmann::json::parse(ok.body)["roles"][0]["code"], "SchoolUser");
}

TEST_F(FakeDsiTest, RolesApiAnswers404ForUsersOutsideTheService) {
  for (const Persona& persona : DefaultPersonas()) {
    if (persona.key != "lena-not-in-service") continue;
    const std::string path = absl::StrCat("/services/RegisterECTs/organisations/",
                                          persona.organisation->id, "/users/", persona.user_id);
    EXPECT_EQ(Get(path, {{"Authorization", "Bearer " + RolesToken()}}).status, 404);
  }
}

TEST_F(FakeDsiTest, EndSessionRedirectsAndRecognisesItsOwnTokens) {
  const std::string code = CodeFor("sam-tutor-oakfield");
  const std::string id_token =
      nlohmann::json::parse(Post("/token", TokenRequest(code)).body)["id_token"];
  const HttpClientResponse response =
      Get(absl::StrCat("/session/end?id_token_hint=", id_token,
                       "&post_logout_redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Fsign-out"));
  EXPECT_EQ(response.status, 302);
  EXPECT_EQ(response.Header("Location"), "http://127.0.0.1:8080/sign-out");
  EXPECT_EQ(dsi_.end_session_calls(), 1);
  EXPECT_TRUE(dsi_.last_id_token_hint_valid());
  Get("/session/end?id_token_hint=forged.token.here");
  EXPECT_FALSE(dsi_.last_id_token_hint_valid());
}

TEST(TokenFaults, NamesParse) {
  EXPECT_EQ(*ParseTokenFault("expired"), TokenFault::kExpired);
  EXPECT_EQ(*ParseTokenFault("forged"), TokenFault::kForged);
  EXPECT_FALSE(ParseTokenFault("bogus").ok());
}

}  // namespace
}  // namespace rect::fakes::dsi
