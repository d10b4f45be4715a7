#include "services/common/options.h"

#include <cstdio>
#include <cstdlib>

#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace rect {

std::string EnvironmentName(absl::string_view prefix, absl::string_view flag) {
  return absl::StrCat(prefix, absl::AsciiStrToUpper(flag));
}

absl::Status ApplyEnvironment(absl::string_view prefix, const std::vector<std::string>& env_flags) {
  for (const std::string& name : env_flags) {
    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    if (flag == nullptr) return absl::InternalError(absl::StrCat("no flag named --", name));
    const std::string variable = EnvironmentName(prefix, name);
    const char* value = std::getenv(variable.c_str());
    if (value == nullptr) continue;
    std::string error;
    if (!flag->ParseFrom(value, &error)) {
      return absl::InvalidArgumentError(absl::StrCat(variable, ": ", error));
    }
  }
  return absl::OkStatus();
}

std::vector<char*> ParseFlagsWithEnvironment(int argc, char** argv, absl::string_view prefix,
                                             const std::vector<std::string>& env_flags) {
  ExitOnError(ApplyEnvironment(prefix, env_flags));
  return absl::ParseCommandLine(argc, argv);
}

void ExitOnError(const absl::Status& status) {
  if (status.ok()) return;
  std::fprintf(stderr, "configuration error: %s\n", std::string(status.message()).c_str());
  std::exit(2);
}

}  // namespace rect
