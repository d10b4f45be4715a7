// The DfE Sign-in relying party's calls to the provider: discovery, the authorization URL,
// the code exchange at the token endpoint, ID-token verification against the provider's JWKS
// (refetched when a token names a key we have not seen: key rotation), the roles call to the
// DfE Sign-in API (HS256 JWT bearer) and the end-session URL. Blocking; thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/http_client.h"
#include "services/identity/clock.h"
#include "services/identity/id_token.h"
#include "services/identity/jwks.h"
#include "services/identity/secrets.h"

namespace rect::identity {

struct DsiOptions {
  std::string issuer;         // e.g. https://oidc.signin.education.gov.uk; "" = not configured
  std::string client_id;      // e.g. RegisterECTs
  std::string client_secret;  // token endpoint authentication
  std::string api_url;        // e.g. https://api.signin.education.gov.uk
  std::string api_secret;     // signs the roles call's bearer JWT
  std::string redirect_uri;   // <public url>/auth/dfe/callback
  std::string post_logout_redirect_uri;  // <public url>/sign-out
  std::string ca_file;  // extra trusted CA certificates (PEM), e.g. for a test provider
  absl::Duration http_timeout = absl::Seconds(5);
  absl::Duration roles_timeout = absl::Seconds(3);
  absl::Duration discovery_ttl = absl::Hours(1);
  // The shortest time between two JWKS fetches caused by tokens naming unknown keys.
  absl::Duration jwks_refetch_interval = absl::Seconds(1);

  bool configured() const { return !issuer.empty(); }
};

// INVALID_ARGUMENT naming the first bad setting of a configured provider. URLs must be https,
// except http on a loopback host (the local fake provider).
absl::Status ValidateDsiOptions(const DsiOptions& options);

// True for https URLs, and for http URLs whose host is 127.0.0.1, ::1 or localhost.
bool IsAllowedProviderUrl(absl::string_view url);

// The parts of the discovery document the relying party uses.
struct ProviderMetadata {
  std::string issuer;
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string jwks_uri;
  std::string end_session_endpoint;  // "" when the provider has none
  bool client_secret_basic_only = false;
};

// Checks the document: endpoints present and allowed, and its issuer the configured one (a
// trailing slash or the scheme's default port may differ; DfE Sign-in says ":443").
absl::StatusOr<ProviderMetadata> ParseProviderMetadata(absl::string_view json,
                                                       absl::string_view configured_issuer);

// The answer of the roles call.
struct DsiRoles {
  bool found = false;  // false when the API answered 404 (user not in this service)
  std::vector<std::string> codes;
};

// application/x-www-form-urlencoded (also the query of a URL): every byte outside RFC 3986's
// unreserved set is percent-encoded.
std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields);

class DsiClient {
 public:
  DsiClient(DsiOptions options, const Clock& clock);

  const DsiOptions& options() const { return options_; }

  // The authorization request: code flow, scopes "openid profile email organisation", state,
  // nonce and PKCE S256 challenge. UNAVAILABLE when discovery fails.
  absl::StatusOr<std::string> AuthorizationUrl(const SignInAttemptSecrets& attempt);

  // Exchanges `code` (with the PKCE verifier) for the ID token. UNAUTHENTICATED when the
  // provider refuses; UNAVAILABLE or DEADLINE_EXCEEDED when it cannot be reached.
  absl::StatusOr<std::string> ExchangeCode(absl::string_view code, absl::string_view code_verifier);

  // Verifies the ID token's signature (refetching the JWKS once for an unknown key) and claims.
  absl::StatusOr<IdTokenClaims> VerifyIdToken(absl::string_view id_token, absl::string_view nonce);

  // GET {api}/services/{client}/organisations/{org}/users/{user}.
  absl::StatusOr<DsiRoles> FetchRoles(absl::string_view organisation_id, absl::string_view user_id);

  // The end-session URL with id_token_hint and post_logout_redirect_uri; "" when the provider
  // has no end-session endpoint.
  absl::StatusOr<std::string> EndSessionUrl(absl::string_view id_token);

 private:
  absl::StatusOr<ProviderMetadata> Metadata();
  absl::StatusOr<std::shared_ptr<const JsonWebKeySet>> Keys(bool refetch);
  std::string RolesBearerToken() const;

  const DsiOptions options_;
  const Clock& clock_;
  const HttpClient http_;

  std::mutex mu_;
  std::optional<ProviderMetadata> metadata_;   // guarded by mu_
  absl::Time metadata_fetched_at_;             // guarded by mu_
  std::shared_ptr<const JsonWebKeySet> keys_;  // guarded by mu_
  absl::Time keys_fetched_at_;                 // guarded by mu_
};

}  // namespace rect::identity
