#include "services/identity/secrets.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <memory>
#include <stdexcept>

#include "absl/strings/escaping.h"

namespace rect::identity {
namespace {

constexpr size_t kNonceBytes = 12;
constexpr size_t kTagBytes = 16;

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char* Bytes(absl::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

std::string Base64Url(absl::string_view bytes) { return absl::WebSafeBase64Escape(bytes); }

}  // namespace

std::string DeriveKey(absl::string_view secret, absl::string_view purpose) {
  std::string out(EVP_MAX_MD_SIZE, '\0');
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()), Bytes(purpose), purpose.size(),
       reinterpret_cast<unsigned char*>(out.data()), &length);
  out.resize(length);
  return out;
}

SignInAttemptSecrets DeriveSignInAttemptSecrets(absl::string_view attempt_token) {
  SignInAttemptSecrets secrets;
  secrets.state = Base64Url(DeriveKey(attempt_token, "rect-dsi-state-v1"));
  secrets.nonce = Base64Url(DeriveKey(attempt_token, "rect-dsi-nonce-v1"));
  secrets.code_verifier = Base64Url(DeriveKey(attempt_token, "rect-dsi-pkce-v1"));
  secrets.code_challenge = PkceS256Challenge(secrets.code_verifier);
  return secrets;
}

std::string PkceS256Challenge(absl::string_view code_verifier) {
  return Base64Url(Sha256(code_verifier));
}

bool ConstantTimeEquals(absl::string_view a, absl::string_view b) {
  if (a.size() != b.size()) return false;
  return a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string Seal(absl::string_view key, absl::string_view plaintext, RandomSource& random) {
  if (key.size() != 32) throw std::invalid_argument("Seal needs a 32-byte key");
  const std::string nonce = random.Bytes(kNonceBytes);
  std::string out = nonce;
  out.resize(kNonceBytes + plaintext.size() + kTagBytes);
  unsigned char* cipher = reinterpret_cast<unsigned char*>(out.data()) + kNonceBytes;
  CipherContext ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  int length = 0;
  if (ctx == nullptr ||
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, Bytes(key), Bytes(nonce)) != 1 ||
      EVP_EncryptUpdate(ctx.get(), cipher, &length, Bytes(plaintext),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), cipher + length, &length) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, cipher + plaintext.size()) !=
          1) {
    throw std::runtime_error("AES-256-GCM encryption failed");
  }
  return out;
}

absl::StatusOr<std::string> Unseal(absl::string_view key, absl::string_view sealed) {
  if (key.size() != 32 || sealed.size() < kNonceBytes + kTagBytes) {
    return absl::InvalidArgumentError("not a sealed value");
  }
  const absl::string_view nonce = sealed.substr(0, kNonceBytes);
  const absl::string_view cipher =
      sealed.substr(kNonceBytes, sealed.size() - kNonceBytes - kTagBytes);
  std::string tag(sealed.substr(sealed.size() - kTagBytes));
  std::string plain(cipher.size(), '\0');
  CipherContext ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  int length = 0;
  unsigned char* out = reinterpret_cast<unsigned char*>(plain.data());
  if (ctx == nullptr ||
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, Bytes(key), Bytes(nonce)) != 1 ||
      EVP_DecryptUpdate(ctx.get(), out, &length, Bytes(cipher), static_cast<int>(cipher.size())) !=
          1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), out + length, &length) != 1) {
    return absl::InvalidArgumentError("not a sealed value");
  }
  return plain;
}

}  // namespace rect::identity
