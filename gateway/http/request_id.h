// Request ids: a well-formed incoming X-Request-Id is kept (so a caller can trace its own id),
// anything else is replaced by a fresh random id.
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "services/common/tokens.h"

namespace rect::gateway {

inline constexpr size_t kMaxRequestIdLength = 128;

// 1 to kMaxRequestIdLength characters from [A-Za-z0-9._:-], safe in logs and gRPC metadata.
bool IsWellFormedRequestId(absl::string_view id);

// `incoming` when it is well formed, otherwise 32 random hex characters: a fast generator per
// thread (xoshiro256**), seeded from `random` the first time the thread needs one. A request id
// only tells requests apart in logs; it is not a secret, and a system-random draw per request
// cost the gateway about 5 % of its CPU on its cheapest routes.
std::string RequestIdFor(absl::string_view incoming, RandomSource& random);

}  // namespace rect::gateway
