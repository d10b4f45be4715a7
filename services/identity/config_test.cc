// Start-up settings and the pure parts of the DfE Sign-in client: URL rules, the discovery
// document and form encoding.
#include "services/identity/config.h"

#include <gtest/gtest.h>

#include "services/identity/dsi_client.h"

namespace rect::identity {
namespace {

IdentityOptions Configured() {
  IdentityOptions options;
  options.dsi.issuer = "https://oidc.signin.education.gov.uk";
  options.dsi.api_url = "https://api.signin.education.gov.uk";
  options.dsi.client_id = "RegisterECTs";
  options.dsi.client_secret = "secret";
  options.dsi.api_secret = "api-secret";
  options.dsi.redirect_uri = "https://rect.example/auth/dfe/callback";
  return options;
}

TEST(IdentityOptions, DfeSignInIsOptional) {
  EXPECT_TRUE(ValidateIdentityOptions(IdentityOptions()).ok());
  EXPECT_TRUE(ValidateIdentityOptions(Configured()).ok());
}

TEST(IdentityOptions, RefusesBadSettingsByName) {
  IdentityOptions options = Configured();
  options.dsi.issuer = "http://oidc.signin.education.gov.uk";
  EXPECT_EQ(ValidateIdentityOptions(options).message(),
            "--dsi_issuer must be an https URL (http only on a loopback host)");
  options = Configured();
  options.dsi.client_secret.clear();
  EXPECT_EQ(ValidateIdentityOptions(options).message(), "--dsi_client_secret must be set");
  options = Configured();
  options.dsi.api_secret.clear();
  EXPECT_FALSE(ValidateIdentityOptions(options).ok());
  options = Configured();
  options.public_url = "ftp://rect.example";
  EXPECT_FALSE(ValidateIdentityOptions(options).ok());
}

TEST(ProviderUrls, HttpsOrLoopbackHttp) {
  EXPECT_TRUE(IsAllowedProviderUrl("https://oidc.signin.education.gov.uk"));
  EXPECT_TRUE(IsAllowedProviderUrl("http://127.0.0.1:8091"));
  EXPECT_TRUE(IsAllowedProviderUrl("http://localhost:8091/x"));
  EXPECT_FALSE(IsAllowedProviderUrl("http://oidc.example"));
  EXPECT_FALSE(IsAllowedProviderUrl("javascript:alert(1)"));
  EXPECT_FALSE(IsAllowedProviderUrl(""));
}

TEST(ProviderMetadata, AcceptsTheIssuerWithTheDefaultPort) {
  const std::string document = R"({
    "issuer": "https://oidc.signin.education.gov.uk:443",
    "authorization_endpoint": "https://oidc.signin.education.gov.uk/auth",
    "token_endpoint": "https://oidc.signin.education.gov.uk/token",
    "jwks_uri": "https://oidc.signin.education.gov.uk/certs",
    "end_session_endpoint": "https://oidc.signin.education.gov.uk/session/end",
    "token_endpoint_auth_methods_supported": ["client_secret_basic"]})";
  absl::StatusOr<ProviderMetadata> metadata =
      ParseProviderMetadata(document, "https://oidc.signin.education.gov.uk/");
  ASSERT_TRUE(metadata.ok()) << metadata.status();
  EXPECT_EQ(metadata->issuer, "https://oidc.signin.education.gov.uk:443");
  EXPECT_TRUE(metadata->client_secret_basic_only);
  EXPECT_FALSE(ParseProviderMetadata(document, "https://pp-oidc.signin.education.gov.uk").ok());
}

TEST(ProviderMetadata, RefusesPlainHttpEndpoints) {
  const std::string document = R"({
    "issuer": "https://oidc.example",
    "authorization_endpoint": "https://oidc.example/auth",
    "token_endpoint": "http://oidc.example/token",
    "jwks_uri": "https://oidc.example/certs"})";
  EXPECT_FALSE(ParseProviderMetadata(document, "https://oidc.example").ok());
  EXPECT_FALSE(ParseProviderMetadata("[]", "https://oidc.example").ok());
}

TEST(FormEncode, EscapesEverythingOutsideTheUnreservedSet) {
  EXPECT_EQ(FormEncode({{"a", "x+y z&w=v/é"}, {"b", "A-Z_0.9~"}}),
            "a=x%2By%20z%26w%3Dv%2F%C3%A9&b=A-Z_0.9~");
}

}  // namespace
}  // namespace rect::identity
