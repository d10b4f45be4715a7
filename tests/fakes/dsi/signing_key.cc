#include "tests/fakes/dsi/signing_key.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <jwt/jwt.hpp>
#include <memory>
#include <stdexcept>

#include "absl/strings/escaping.h"

namespace rect::fakes::dsi {
namespace {

std::string Base64UrlOf(EVP_PKEY* key, const char* name) {
  BIGNUM* value = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &value) != 1) throw std::runtime_error("RSA parameter");
  std::string bytes(BN_num_bytes(value), '\0');
  BN_bn2bin(value, reinterpret_cast<unsigned char*>(bytes.data()));
  BN_free(value);
  return absl::WebSafeBase64Escape(bytes);
}

}  // namespace

SigningKey::SigningKey(std::string kid) : kid_(std::move(kid)) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_RSA_gen(2048), &EVP_PKEY_free);
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  if (!key || !bio ||
      PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    throw std::runtime_error("cannot generate an RSA signing key");
  }
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  private_pem_.assign(data, static_cast<size_t>(length));
  n_ = Base64UrlOf(key.get(), OSSL_PKEY_PARAM_RSA_N);
  e_ = Base64UrlOf(key.get(), OSSL_PKEY_PARAM_RSA_E);
}

nlohmann::json SigningKey::Jwk() const {
  return {{"kty", "RSA"}, {"kid", kid_}, {"use", "sig"}, {"alg", "RS256"}, {"n", n_}, {"e", e_}};
}

std::string SigningKey::Sign(const nlohmann::json& claims) const { return SignAs(kid_, claims); }

std::string SigningKey::SignAs(const std::string& kid, const nlohmann::json& claims) const {
  jwt::jwt_object token{jwt::params::algorithm("RS256"), jwt::params::secret(private_pem_)};
  token.header().add_header("kid", kid);
  for (const auto& [name, value] : claims.items()) token.payload().add_claim(name, value);
  return token.signature();
}

}  // namespace rect::fakes::dsi
