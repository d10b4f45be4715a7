// Values derived from secrets that only the browser holds, so the database never needs them in
// clear: the state, nonce and PKCE verifier of a DfE Sign-in attempt, and the key that seals a
// session's ID token. Plus AES-256-GCM sealing and a constant-time comparison.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/tokens.h"

namespace rect::identity {

// HMAC-SHA256 keyed by `secret` over `purpose`: 32 raw bytes, independent per purpose.
std::string DeriveKey(absl::string_view secret, absl::string_view purpose);

// The protocol values of one DfE Sign-in attempt, all URL-safe base64 without padding.
struct SignInAttemptSecrets {
  std::string state;           // sent to the provider, checked on the callback
  std::string nonce;           // sent to the provider, must come back in the ID token
  std::string code_verifier;   // PKCE: sent only with the code exchange (43 characters)
  std::string code_challenge;  // PKCE S256: base64url(SHA-256(code_verifier))
};
SignInAttemptSecrets DeriveSignInAttemptSecrets(absl::string_view attempt_token);

// RFC 7636 S256: base64url(SHA-256(verifier)) without padding.
std::string PkceS256Challenge(absl::string_view code_verifier);

// Equality that takes the same time wherever the first difference is.
bool ConstantTimeEquals(absl::string_view a, absl::string_view b);

// AES-256-GCM with a random 12-byte nonce; returns nonce || ciphertext || 16-byte tag.
// `key` must be 32 bytes.
std::string Seal(absl::string_view key, absl::string_view plaintext, RandomSource& random);
// The plaintext, or INVALID_ARGUMENT when `sealed` was not made by Seal with `key`.
absl::StatusOr<std::string> Unseal(absl::string_view key, absl::string_view sealed);

}  // namespace rect::identity
