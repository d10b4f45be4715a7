// A local DfE Sign-in: a real OIDC provider over HTTP for the local stack and tests. Discovery,
// an authorization endpoint whose sign-in page lists personas (user + organisation), a token
// endpoint (client secret post or basic, PKCE S256 required) issuing RS256 ID tokens, JWKS with
// key rotation, end-session, and the DfE Sign-in API's roles call (HS256 bearer). Tests can
// make the next ID token faulty (expired, wrong audience, forged, ...).
#pragma once

#include <prometheus/registry.h>

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "gateway/http/request_recorder.h"
#include "gateway/http/router.h"
#include "gateway/http/server.h"
#include "services/common/tokens.h"
#include "tests/fakes/dsi/personas.h"
#include "tests/fakes/dsi/signing_key.h"

namespace rect::fakes::dsi {

enum class TokenFault {
  kNone,
  kExpired,        // exp an hour ago
  kWrongAudience,  // aud is another client
  kWrongIssuer,    // iss is another provider
  kWrongNonce,     // nonce differs from the authorization request's
  kForged,         // signed by a key the JWKS does not have, naming the current kid
  kUnsigned,       // alg "none"
};

// "expired", "wrong_audience", ... (as the test-control endpoint takes them).
absl::StatusOr<TokenFault> ParseTokenFault(absl::string_view name);

class FakeDsi {
 public:
  struct Options {
    std::string address = "127.0.0.1";
    int port = 0;        // 0 picks a free port
    std::string issuer;  // default http://<address>:<port>
    std::string client_id = "RegisterECTs";
    std::string client_secret = "local-dsi-client-secret";
    std::string api_secret = "local-dsi-api-secret";
    std::vector<Persona> personas = DefaultPersonas();
    absl::Duration id_token_lifetime = absl::Hours(1);
  };

  explicit FakeDsi(Options options);
  ~FakeDsi();

  absl::Status Start();
  void Stop();

  int port() const { return port_; }
  std::string issuer() const;
  const Options& options() const { return options_; }

  // A new signing key becomes current. The old one stays published unless `retire_previous`.
  void RotateKeys(bool retire_previous);
  // The next ID token issued is faulty in this way (once).
  void SetNextTokenFault(TokenFault fault);

  // What the browser would do at the authorization endpoint: validates the request as the
  // sign-in page does and returns the redirect to the client's callback for `persona_key`
  // (with code and state). INVALID_ARGUMENT for a bad request or unknown persona.
  absl::StatusOr<std::string> Authorize(const std::string& authorization_url,
                                        const std::string& persona_key);

  // End-session calls seen, and whether the last one's id_token_hint was one of our tokens.
  int end_session_calls() const;
  bool last_id_token_hint_valid() const;

 private:
  struct PendingCode {
    const Persona* persona;
    std::string client_id;
    std::string redirect_uri;
    std::string nonce;
    std::string code_challenge;
    absl::Time expires_at;
  };
  struct AuthorizationRequest;

  void AddRoutes();
  absl::StatusOr<AuthorizationRequest> CheckAuthorizationRequest(
      const std::map<std::string, std::string, std::less<>>& fields) const;
  std::string IssueCode(const AuthorizationRequest& request, const Persona& persona);
  std::string IdToken(const PendingCode& code);
  const Persona* FindPersona(absl::string_view key) const;

  Options options_;
  std::string issuer_;
  int port_ = 0;
  SecureRandom random_;
  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<gateway::RequestRecorder> recorder_;
  gateway::Router router_;
  std::unique_ptr<gateway::HttpServer> server_;

  mutable std::mutex mu_;
  std::deque<SigningKey> keys_;                // guarded by mu_; front is current
  int next_kid_ = 1;                           // guarded by mu_
  TokenFault next_fault_ = TokenFault::kNone;  // guarded by mu_
  std::map<std::string, PendingCode> codes_;   // guarded by mu_; by code
  std::set<std::string> issued_;               // guarded by mu_; ID token digests
  int end_session_calls_ = 0;                  // guarded by mu_
  bool last_hint_valid_ = false;               // guarded by mu_
};

}  // namespace rect::fakes::dsi
