// GOV.UK Notify credentials: an API key split into its service id and secret, and the
// short-lived HS256 bearer token (JWT) every Notify request carries. Never log either.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace rect::notifications {

// The key the local stack's Notify fake accepts by default (service id and secret are fixed,
// made-up UUIDs): not a secret, and worthless against the real Notify.
inline constexpr char kLocalNotifyApiKey[] =
    "rect_local-5d5b6a1e-0f0c-4c46-8d44-6a4f5b0c1e01-1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a10";

struct NotifyApiKey {
  std::string service_id;  // a UUID: the token's `iss`
  std::string secret;      // a UUID: the HMAC key
};

// Splits "{key_name}-{service_id}-{secret}" (both UUIDs, so taken from the end: the key name
// may itself contain hyphens). INVALID_ARGUMENT, never quoting the key, when malformed.
absl::StatusOr<NotifyApiKey> ParseNotifyApiKey(absl::string_view api_key);

// A JWT with header {"alg":"HS256","typ":"JWT"} and claims {"iss": service_id, "iat": now},
// signed with the secret. Notify refuses tokens whose iat is more than 30 s from its clock.
absl::StatusOr<std::string> NotifyBearerToken(const NotifyApiKey& key, absl::Time now);

}  // namespace rect::notifications
