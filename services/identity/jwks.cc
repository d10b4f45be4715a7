#include "services/identity/jwks.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "absl/strings/escaping.h"

namespace rect::identity {
namespace {

std::string StringField(const boost::json::object& object, const char* name) {
  const boost::json::value* value = object.if_contains(name);
  if (value == nullptr || !value->is_string()) return "";
  return std::string(value->get_string());
}

}  // namespace

absl::StatusOr<PublicKey> RsaPublicKeyFromJwk(absl::string_view n, absl::string_view e) {
  std::string modulus, exponent;
  if (!absl::WebSafeBase64Unescape(n, &modulus) || !absl::WebSafeBase64Unescape(e, &exponent) ||
      modulus.size() < 256 || exponent.empty()) {
    return absl::InvalidArgumentError("JWK needs a base64url modulus of at least 2048 bits");
  }
  using Bn = std::unique_ptr<BIGNUM, decltype(&BN_free)>;
  Bn bn_n(BN_bin2bn(reinterpret_cast<const unsigned char*>(modulus.data()),
                    static_cast<int>(modulus.size()), nullptr),
          &BN_free);
  Bn bn_e(BN_bin2bn(reinterpret_cast<const unsigned char*>(exponent.data()),
                    static_cast<int>(exponent.size()), nullptr),
          &BN_free);
  std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)> builder(OSSL_PARAM_BLD_new(),
                                                                          &OSSL_PARAM_BLD_free);
  if (!bn_n || !bn_e || !builder ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1) {
    return absl::InternalError("cannot build RSA key parameters");
  }
  std::unique_ptr<OSSL_PARAM, decltype(&OSSL_PARAM_free)> params(
      OSSL_PARAM_BLD_to_param(builder.get()), &OSSL_PARAM_free);
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr), &EVP_PKEY_CTX_free);
  EVP_PKEY* key = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return absl::InvalidArgumentError("JWK is not a usable RSA public key");
  }
  return PublicKey(key, &EVP_PKEY_free);
}

absl::StatusOr<JsonWebKeySet> JsonWebKeySet::Parse(absl::string_view json) {
  boost::system::error_code error;
  boost::json::value document =
      boost::json::parse(boost::json::string_view(json.data(), json.size()), error);
  const boost::json::object* object = error ? nullptr : document.if_object();
  const boost::json::value* keys = object == nullptr ? nullptr : object->if_contains("keys");
  if (keys == nullptr || !keys->is_array()) {
    return absl::InvalidArgumentError("JWKS document has no \"keys\" array");
  }
  JsonWebKeySet set;
  for (const boost::json::value& entry : keys->get_array()) {
    const boost::json::object* jwk = entry.if_object();
    if (jwk == nullptr || StringField(*jwk, "kty") != "RSA") continue;
    const std::string use = StringField(*jwk, "use");
    const std::string alg = StringField(*jwk, "alg");
    if ((!use.empty() && use != "sig") || (!alg.empty() && alg != "RS256")) continue;
    absl::StatusOr<PublicKey> key =
        RsaPublicKeyFromJwk(StringField(*jwk, "n"), StringField(*jwk, "e"));
    if (!key.ok()) continue;
    set.keys_.emplace_back(StringField(*jwk, "kid"), *std::move(key));
  }
  return set;
}

PublicKey JsonWebKeySet::Find(absl::string_view kid) const {
  if (kid.empty()) return keys_.size() == 1 ? keys_.front().second : nullptr;
  for (const auto& [id, key] : keys_) {
    if (id == kid) return key;
  }
  return nullptr;
}

absl::Status VerifyRs256(EVP_PKEY* key, absl::string_view signing_input,
                         absl::string_view signature) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (ctx == nullptr || key == nullptr ||
      EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1) {
    return absl::InternalError("cannot start RS256 verification");
  }
  const int verified = EVP_DigestVerify(
      ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
      reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size());
  if (verified != 1) return absl::UnauthenticatedError("ID token signature does not verify");
  return absl::OkStatus();
}

}  // namespace rect::identity
