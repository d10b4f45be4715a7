#include "services/notifications/notify_auth.h"

#include <jwt/jwt.hpp>

#include "services/common/tokens.h"

namespace rect::notifications {

absl::StatusOr<NotifyApiKey> ParseNotifyApiKey(absl::string_view api_key) {
  // "-" + 36-character service id + "-" + 36-character secret, after a non-empty key name.
  constexpr size_t kUuid = 36;
  if (api_key.size() < 2 * kUuid + 3) {
    return absl::InvalidArgumentError(
        "the Notify API key must look like {key_name}-{service_id}-{secret}");
  }
  const absl::string_view secret = api_key.substr(api_key.size() - kUuid);
  const absl::string_view service_id = api_key.substr(api_key.size() - 2 * kUuid - 1, kUuid);
  if (api_key[api_key.size() - kUuid - 1] != '-' ||
      api_key[api_key.size() - 2 * kUuid - 2] != '-' || !IsUuid(secret) || !IsUuid(service_id)) {
    return absl::InvalidArgumentError(
        "the Notify API key must end with two UUIDs: {key_name}-{service_id}-{secret}");
  }
  return NotifyApiKey{std::string(service_id), std::string(secret)};
}

absl::StatusOr<std::string> NotifyBearerToken(const NotifyApiKey& key, absl::Time now) {
  try {
    jwt::jwt_object token{jwt::params::algorithm("HS256"), jwt::params::secret(key.secret),
                          jwt::params::payload({{"iss", key.service_id}})};
    token.add_claim("iat", absl::ToUnixSeconds(now));
    std::error_code error;
    std::string signed_token = token.signature(error);
    if (error) return absl::InternalError("cannot sign the Notify token: " + error.message());
    return signed_token;
  } catch (const std::exception& e) {
    return absl::InternalError(std::string("cannot sign the Notify token: ") + e.what());
  }
}

}  // namespace rect::notifications
