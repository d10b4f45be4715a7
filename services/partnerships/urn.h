// School URNs: GIAS unique reference numbers, compared as integers ("020006" is 20006).
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace rect::partnerships {

// The URN without leading zeros, as stored. INVALID_ARGUMENT unless 1 to 7 digits (surrounding
// spaces allowed) and not zero.
absl::StatusOr<std::string> NormaliseUrn(absl::string_view urn);

}  // namespace rect::partnerships
