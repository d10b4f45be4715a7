#include "gateway/web/csrf.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "absl/strings/escaping.h"

namespace rect::gateway {

std::string CsrfToken(absl::string_view secret) {
  static constexpr absl::string_view kPurpose = "rect-csrf-v1";
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(kPurpose.data()), kPurpose.size(), digest, &length);
  return absl::WebSafeBase64Escape(
      absl::string_view(reinterpret_cast<const char*>(digest), length));
}

bool CsrfTokenMatches(absl::string_view secret, absl::string_view submitted) {
  if (secret.empty()) return false;
  const std::string expected = CsrfToken(secret);
  return submitted.size() == expected.size() &&
         CRYPTO_memcmp(expected.data(), submitted.data(), expected.size()) == 0;
}

}  // namespace rect::gateway
