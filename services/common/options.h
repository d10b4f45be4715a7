// Command-line parsing with environment fallbacks: every flag named in `env_flags` may also
// be set by the variable <prefix><FLAG_NAME_IN_UPPER_CASE>; a command-line value wins.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace rect {

// Applies environment values for `env_flags` from `prefix` (e.g. "RECT_IDENTITY_"), then the
// command line. On a bad value prints one line naming the flag and exits with status 2.
std::vector<char*> ParseFlagsWithEnvironment(int argc, char** argv, absl::string_view prefix,
                                             const std::vector<std::string>& env_flags);

// The environment variable consulted for `flag` ("database_url" -> "RECT_X_DATABASE_URL").
std::string EnvironmentName(absl::string_view prefix, absl::string_view flag);

// Applies environment values only; the testable half of ParseFlagsWithEnvironment.
absl::Status ApplyEnvironment(absl::string_view prefix, const std::vector<std::string>& env_flags);

// Stops start-up with a one-line message when `status` is not OK.
void ExitOnError(const absl::Status& status);

}  // namespace rect
