#include "services/notifications/sealed_personalisation.h"

#include <openssl/evp.h>

#include <cstdlib>
#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace rect::notifications {
namespace {

constexpr char kVersion = 1;
constexpr size_t kNonceSize = 12;
constexpr size_t kTagSize = 16;

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char* Bytes(absl::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

absl::Status Unopenable() {
  return absl::DataLossError("sealed personalisation does not open (altered, or another key)");
}

}  // namespace

PersonalisationSealer::PersonalisationSealer(std::string key, RandomSource& random)
    : key_(std::move(key)), random_(random) {}

std::string PersonalisationSealer::Seal(absl::string_view plaintext,
                                        absl::string_view bound_to) const {
  const std::string nonce = random_.Bytes(kNonceSize);
  std::string sealed = absl::StrCat(absl::string_view(&kVersion, 1), nonce);
  const size_t header = sealed.size();
  sealed.resize(header + plaintext.size() + kTagSize);
  unsigned char* out = reinterpret_cast<unsigned char*>(&sealed[header]);

  CipherContext context(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int length = 0;
  // Failures here mean OpenSSL itself is broken (no memory): nothing sensible to return.
  if (context == nullptr ||
      EVP_EncryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, Bytes(key_), Bytes(nonce)) !=
          1 ||
      EVP_EncryptUpdate(context.get(), nullptr, &length, Bytes(bound_to),
                        static_cast<int>(bound_to.size())) != 1 ||
      EVP_EncryptUpdate(context.get(), out, &length, Bytes(plaintext),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(context.get(), out + length, &length) != 1 ||
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_GET_TAG, kTagSize, out + plaintext.size()) !=
          1) {
    std::abort();
  }
  return sealed;
}

absl::StatusOr<std::string> PersonalisationSealer::Open(absl::string_view sealed,
                                                        absl::string_view bound_to) const {
  if (sealed.size() < 1 + kNonceSize + kTagSize || sealed[0] != kVersion) return Unopenable();
  const absl::string_view nonce = sealed.substr(1, kNonceSize);
  const absl::string_view ciphertext =
      sealed.substr(1 + kNonceSize, sealed.size() - 1 - kNonceSize - kTagSize);
  std::string tag(sealed.substr(sealed.size() - kTagSize));
  std::string plaintext(ciphertext.size(), '\0');
  unsigned char* out = reinterpret_cast<unsigned char*>(plaintext.data());

  CipherContext context(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int length = 0;
  if (context == nullptr ||
      EVP_DecryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, Bytes(key_), Bytes(nonce)) !=
          1 ||
      EVP_DecryptUpdate(context.get(), nullptr, &length, Bytes(bound_to),
                        static_cast<int>(bound_to.size())) != 1 ||
      EVP_DecryptUpdate(context.get(), out, &length, Bytes(ciphertext),
                        static_cast<int>(ciphertext.size())) != 1 ||
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, tag.data()) != 1 ||
      EVP_DecryptFinal_ex(context.get(), out + length, &length) != 1) {
    return Unopenable();
  }
  return plaintext;
}

absl::StatusOr<std::string> ParsePersonalisationKey(absl::string_view base64) {
  std::string key;
  if (!absl::Base64Unescape(base64, &key) || key.size() != PersonalisationSealer::kKeySize) {
    return absl::InvalidArgumentError(
        absl::StrCat("must be ", PersonalisationSealer::kKeySize, " bytes in base64"));
  }
  return key;
}

}  // namespace rect::notifications
