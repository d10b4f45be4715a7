// Secrets handed to people and systems (API tokens, magic links, session ids, challenge
// links): random values from an injectable source, stored only as SHA-256 digests.
#pragma once

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace rect {

// Source of random bytes; tests substitute a deterministic one.
class RandomSource {
 public:
  virtual ~RandomSource() = default;
  virtual std::string Bytes(size_t count) = 0;
};

// Cryptographically secure bytes from OpenSSL.
class SecureRandom : public RandomSource {
 public:
  std::string Bytes(size_t count) override;
};

// 32 random bytes as URL-safe base64 without padding (43 characters, 256 bits).
std::string NewUrlToken(RandomSource& random);

// 16 random bytes as 32 lower-case hex characters (128 bits).
std::string NewHexToken(RandomSource& random);

// Raw 32-byte SHA-256 digest of `text` (what is stored and looked up).
std::string Sha256(absl::string_view text);

// A new random (version 4) UUID in lower case.
std::string NewUuid(RandomSource& random);

// True for a lower- or upper-case UUID in 8-4-4-4-12 form.
bool IsUuid(absl::string_view text);

}  // namespace rect
