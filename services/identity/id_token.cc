#include "services/identity/id_token.h"

#include <cmath>
#include <limits>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/identity/secrets.h"

namespace rect::identity {
namespace {

constexpr char kUnknownKey[] = "ID token is signed with an unknown key";
constexpr size_t kMaxTokenBytes = 16 * 1024;

absl::Status Reject(absl::string_view why) {
  return absl::UnauthenticatedError(absl::StrCat("ID token rejected: ", why));
}

absl::StatusOr<boost::json::object> DecodeJsonPart(absl::string_view part, const char* what) {
  std::string bytes;
  if (!absl::WebSafeBase64Unescape(part, &bytes)) {
    return Reject(absl::StrCat(what, " is not base64url"));
  }
  boost::system::error_code error;
  boost::json::value value = boost::json::parse(bytes, error);
  if (error || !value.is_object()) return Reject(absl::StrCat(what, " is not a JSON object"));
  return std::move(value.get_object());
}

std::string String(const boost::json::object& object, const char* name) {
  const boost::json::value* value = object.if_contains(name);
  if (value == nullptr) return "";
  if (value->is_string()) return std::string(value->get_string());
  if (value->is_int64()) return std::to_string(value->get_int64());  // e.g. a numeric URN
  if (value->is_uint64()) return std::to_string(value->get_uint64());
  return "";
}

// NumericDate claims may be integers or (rarely) floating point.
std::optional<absl::Time> Time(const boost::json::object& object, const char* name) {
  const boost::json::value* value = object.if_contains(name);
  if (value == nullptr) return std::nullopt;
  if (value->is_int64()) return absl::FromUnixSeconds(value->get_int64());
  if (value->is_uint64()) {
    // Past int64 it is no real time: malformed, like a non-number.
    const uint64_t seconds = value->get_uint64();
    if (seconds > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return absl::InfinitePast();
    }
    return absl::FromUnixSeconds(static_cast<int64_t>(seconds));
  }
  if (value->is_double()) {
    // Casting NaN, infinities or out-of-range doubles to int64 is undefined: refuse them.
    const double seconds = value->get_double();
    if (!std::isfinite(seconds) || std::fabs(seconds) >= 9.0e18) return absl::InfinitePast();
    return absl::FromUnixSeconds(static_cast<int64_t>(seconds));
  }
  return absl::InfinitePast();  // present but not a number: always fails the checks below
}

absl::Status CheckAudience(const boost::json::object& payload, const std::string& client_id) {
  const boost::json::value* aud = payload.if_contains("aud");
  if (aud == nullptr) return Reject("aud is missing");
  if (aud->is_string()) {
    if (aud->get_string() != client_id) return Reject("aud is not this service");
    return absl::OkStatus();
  }
  if (!aud->is_array()) return Reject("aud is malformed");
  bool found = false;
  for (const boost::json::value& entry : aud->get_array()) {
    found = found || (entry.is_string() && entry.get_string() == client_id);
  }
  if (!found) return Reject("aud is not this service");
  if (aud->get_array().size() > 1 && String(payload, "azp") != client_id) {
    return Reject("azp is not this service");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<CompactJws> ParseCompactJws(absl::string_view token) {
  if (token.empty() || token.size() > kMaxTokenBytes) return Reject("empty or too long");
  const std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  if (parts.size() != 3 || parts[0].empty() || parts[1].empty() || parts[2].empty()) {
    return Reject("not a signed JWT");
  }
  absl::StatusOr<boost::json::object> header = DecodeJsonPart(parts[0], "header");
  if (!header.ok()) return header.status();
  if (String(*header, "alg") != "RS256") return Reject("algorithm is not RS256");
  if (header->contains("crit")) return Reject("critical header extensions are not supported");
  absl::StatusOr<boost::json::object> payload = DecodeJsonPart(parts[1], "payload");
  if (!payload.ok()) return payload.status();
  CompactJws jws;
  if (!absl::WebSafeBase64Unescape(parts[2], &jws.signature)) {
    return Reject("signature is not base64url");
  }
  jws.kid = String(*header, "kid");
  jws.signing_input = absl::StrCat(parts[0], ".", parts[1]);
  jws.payload = *std::move(payload);
  return jws;
}

absl::StatusOr<IdTokenClaims> CheckIdTokenClaims(const boost::json::object& payload,
                                                 const IdTokenExpectations& expected) {
  if (String(payload, "iss") != expected.issuer) return Reject("iss is not the provider");
  if (absl::Status status = CheckAudience(payload, expected.audience); !status.ok()) {
    return status;
  }
  const std::optional<absl::Time> exp = Time(payload, "exp");
  if (!exp.has_value()) return Reject("exp is missing");
  if (expected.now >= *exp + expected.leeway) return Reject("it has expired");
  const std::optional<absl::Time> iat = Time(payload, "iat");
  if (iat.has_value() && (*iat == absl::InfinitePast() || *iat > expected.now + expected.leeway)) {
    return Reject("iat is in the future");
  }
  const std::optional<absl::Time> nbf = Time(payload, "nbf");
  if (nbf.has_value() && (*nbf == absl::InfinitePast() || *nbf > expected.now + expected.leeway)) {
    return Reject("it is not valid yet");
  }
  if (expected.nonce.empty() || !ConstantTimeEquals(String(payload, "nonce"), expected.nonce)) {
    return Reject("nonce does not match the sign-in attempt");
  }
  IdTokenClaims claims;
  claims.subject = String(payload, "sub");
  if (claims.subject.empty()) return Reject("sub is missing");
  claims.email = String(payload, "email");
  claims.given_name = String(payload, "given_name");
  claims.family_name = String(payload, "family_name");
  const boost::json::value* organisation = payload.if_contains("organisation");
  if (organisation != nullptr && organisation->is_object()) {
    const boost::json::object& org = organisation->get_object();
    // DfE Sign-in sends an empty object when the account has no organisation.
    if (!String(org, "id").empty()) {
      claims.organisation =
          Organisation{String(org, "id"), String(org, "urn"), String(org, "name")};
    }
  }
  return claims;
}

absl::StatusOr<IdTokenClaims> VerifyIdToken(absl::string_view token, const JsonWebKeySet& keys,
                                            const IdTokenExpectations& expected) {
  absl::StatusOr<CompactJws> jws = ParseCompactJws(token);
  if (!jws.ok()) return jws.status();
  PublicKey key = keys.Find(jws->kid);
  if (key == nullptr) return absl::UnauthenticatedError(kUnknownKey);
  if (absl::Status status = VerifyRs256(key.get(), jws->signing_input, jws->signature);
      !status.ok()) {
    return status;
  }
  return CheckIdTokenClaims(jws->payload, expected);
}

bool IsUnknownKeyError(const absl::Status& status) {
  return absl::IsUnauthenticated(status) && status.message() == kUnknownKey;
}

}  // namespace rect::identity
