// Static assets under /assets/...: files from one directory with their content types and a
// caching header. Paths that could leave the directory ("..", hidden files) are refused.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gateway/http/router.h"

namespace rect::gateway {

// "text/css; charset=utf-8" for "app.css"; application/octet-stream for unknown extensions.
absl::string_view ContentTypeFor(absl::string_view file_name);

// The file for `relative` (the decoded path after "/assets/") under `root`. NOT_FOUND unless
// every "/"-separated segment is non-empty, does not start with "." (so no ".." and no hidden
// files) and has no backslash or control character. Lexical only: does not touch the disk.
absl::StatusOr<std::string> ResolveStaticPath(absl::string_view root, absl::string_view relative);

// Registers GET /assets/{path...} serving regular files under `root`.
absl::Status AddStaticFileRoutes(Router& router, std::string root);

}  // namespace rect::gateway
