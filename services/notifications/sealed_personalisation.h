// Email personalisation sealed for the outbox with AES-256-GCM, so the sign-in links and other
// secrets it carries never sit in the notifications database in clear.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/tokens.h"

namespace rect::notifications {

// The personalisation key local mode uses when none is configured (base64): NOT SECRET, it is
// in the source; for local development and tests only, and refused in notify mode.
inline constexpr char kLocalPersonalisationKey[] =
    "cmVjdCBMT0NBTCBERVZFTE9QTUVOVCBrZXkgb25seSE=";  // "rect LOCAL DEVELOPMENT key only!"

// Seals and opens personalisation under one 256-bit key. A sealed value is
//   version (1 byte, 1) || nonce (12 random bytes) || ciphertext || GCM tag (16 bytes),
// and authenticates `bound_to` (the row's idempotency key) too, so a sealed value copied onto
// another row does not open. Thread-safe if `random` is.
class PersonalisationSealer {
 public:
  static constexpr size_t kKeySize = 32;

  // `key` is kKeySize raw bytes (checked by ParsePersonalisationKey); `random` makes the nonces
  // and must outlive the sealer.
  PersonalisationSealer(std::string key, RandomSource& random);

  std::string Seal(absl::string_view plaintext, absl::string_view bound_to) const;
  // DATA_LOSS when `sealed` is malformed, altered, bound to something else or sealed under
  // another key; the message never quotes the contents.
  absl::StatusOr<std::string> Open(absl::string_view sealed, absl::string_view bound_to) const;

 private:
  std::string key_;
  RandomSource& random_;
};

// The raw key from its configured form (standard base64 of kKeySize bytes); the error never
// quotes `base64`.
absl::StatusOr<std::string> ParsePersonalisationKey(absl::string_view base64);

}  // namespace rect::notifications
