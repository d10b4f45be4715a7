// DfE Sign-in ID tokens: the compact JWS form, RS256 only, and the OIDC claim checks (iss, aud,
// exp, nonce, ...) against an injected time. The claims RECT reads are returned typed.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/identity/jwks.h"

namespace rect::identity {

// A compact JWS split into its parts, header checked: "alg" must be RS256 (so "none", HS256
// with a public key as secret, and every other algorithm are refused before any crypto).
struct CompactJws {
  std::string kid;            // "" when the header has none
  std::string signing_input;  // base64url(header) "." base64url(payload)
  std::string signature;      // raw bytes
  boost::json::object payload;
};

// UNAUTHENTICATED naming the problem (never quoting the token).
absl::StatusOr<CompactJws> ParseCompactJws(absl::string_view token);

// The organisation picked at sign-in (the "organisation" claim).
struct Organisation {
  std::string id;   // DfE Sign-in organisation UUID
  std::string urn;  // "" for organisations that are not schools
  std::string name;
};

struct IdTokenClaims {
  std::string subject;  // DfE Sign-in user UUID
  std::string email;
  std::string given_name;
  std::string family_name;
  std::optional<Organisation> organisation;  // nullopt when the account has none
};

struct IdTokenExpectations {
  std::string issuer;    // exactly as the discovery document states it
  std::string audience;  // our client id
  std::string nonce;     // from the sign-in attempt
  absl::Time now;
  absl::Duration leeway = absl::Seconds(60);  // clock skew allowed on exp, iat and nbf
};

// OIDC Core 3.1.3.7 checks on a verified token's payload: iss equal; aud equal or containing
// the client id (with azp equal to it when there are several audiences); exp in the future;
// iat and nbf not in the future; nonce equal; sub present. UNAUTHENTICATED naming the claim.
absl::StatusOr<IdTokenClaims> CheckIdTokenClaims(const boost::json::object& payload,
                                                 const IdTokenExpectations& expected);

// ParseCompactJws, the signature against the key named by its kid in `keys`, then
// CheckIdTokenClaims. UNAUTHENTICATED for an unknown key (the caller may refresh and retry:
// see IsUnknownKeyError).
absl::StatusOr<IdTokenClaims> VerifyIdToken(absl::string_view token, const JsonWebKeySet& keys,
                                            const IdTokenExpectations& expected);

// True for VerifyIdToken's "no key with that kid" error.
bool IsUnknownKeyError(const absl::Status& status);

}  // namespace rect::identity
