// A JSON Web Key Set (RFC 7517) of the identity provider's RSA signing keys, parsed into
// OpenSSL public keys, and RS256 signature verification against one of them.
#pragma once

#include <openssl/evp.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace rect::identity {

using PublicKey = std::shared_ptr<EVP_PKEY>;

class JsonWebKeySet {
 public:
  // Keeps RSA keys meant for signatures (no "use" or "use":"sig"; no "alg" or "alg":"RS256");
  // others are skipped. INVALID_ARGUMENT when the document is not a key set.
  static absl::StatusOr<JsonWebKeySet> Parse(absl::string_view json);

  // The key named `kid`; for an empty kid, the only key of the set. Null when there is none.
  PublicKey Find(absl::string_view kid) const;
  size_t size() const { return keys_.size(); }

 private:
  std::vector<std::pair<std::string, PublicKey>> keys_;
};

// An RSA public key from the base64url big-endian modulus and exponent of a JWK.
absl::StatusOr<PublicKey> RsaPublicKeyFromJwk(absl::string_view n, absl::string_view e);

// RSASSA-PKCS1-v1_5 with SHA-256 over `signing_input`. UNAUTHENTICATED when it does not verify.
absl::Status VerifyRs256(EVP_PKEY* key, absl::string_view signing_input,
                         absl::string_view signature);

}  // namespace rect::identity
