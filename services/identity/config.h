// The identity binary's own settings beyond the standard service flags: the public URL users
// see, DfE Sign-in (optional: without an issuer, school sign-in answers FAILED_PRECONDITION),
// and the services it calls. Flags with RECT_IDENTITY_* environment fallbacks.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/identity/dsi_client.h"

namespace rect::identity {

struct IdentityOptions {
  std::string public_url = "http://127.0.0.1:8080";  // no trailing slash
  DsiOptions dsi;
  std::string partnerships_address = "127.0.0.1:50054";
  std::string notifications_address = "127.0.0.1:50055";
  absl::Duration dependency_deadline = absl::Seconds(3);
};

// The flags read from the environment too (for ParseServiceConfig).
std::vector<std::string> IdentityEnvironmentFlags();

// Reads the flags (already parsed) into options; secrets may come from *_file flags.
absl::StatusOr<IdentityOptions> IdentityOptionsFromFlags();

// INVALID_ARGUMENT naming the first bad setting.
absl::Status ValidateIdentityOptions(const IdentityOptions& options);

}  // namespace rect::identity
