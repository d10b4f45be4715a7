// The local DfE Sign-in's RSA signing keys: generated at start (and on rotation), published
// as a JWKS, used to sign RS256 ID tokens with cpp-jwt.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace rect::fakes::dsi {

class SigningKey {
 public:
  // A fresh 2048-bit RSA key named `kid`. Throws when OpenSSL fails.
  explicit SigningKey(std::string kid);

  const std::string& kid() const { return kid_; }
  // {"kty":"RSA","kid":...,"use":"sig","alg":"RS256","n":...,"e":...}
  nlohmann::json Jwk() const;
  // A compact RS256 JWS of `claims` with this key's kid in the header.
  std::string Sign(const nlohmann::json& claims) const;
  // As Sign, but naming `kid` in the header (to forge tokens in tests).
  std::string SignAs(const std::string& kid, const nlohmann::json& claims) const;

 private:
  std::string kid_;
  std::string private_pem_;
  std::string n_;  // base64url modulus
  std::string e_;  // base64url exponent
};

}  // namespace rect::fakes::dsi
