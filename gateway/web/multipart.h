// A strict reader of multipart/form-data bodies (RFC 7578) for the gateway's file uploads:
// fields and files by name, with limits, and a clear error for anything malformed.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace rect::gateway {

struct MultipartPart {
  std::string name;       // the Content-Disposition name
  bool is_file = false;   // a filename parameter was present (even an empty one)
  std::string filename;   // as sent, without any directory the browser added
  std::string content_type;
  std::string data;
};

struct MultipartLimits {
  size_t max_parts = 16;
  size_t max_header_bytes = 4096;  // of one part's headers
};

// The boundary of a "multipart/form-data; boundary=..." Content-Type (quoted or not).
// INVALID_ARGUMENT for another type or a missing or malformed boundary.
absl::StatusOr<std::string> MultipartBoundary(absl::string_view content_type);

// Every part of `body`, in order. INVALID_ARGUMENT when the body is not well formed: no opening
// or closing delimiter, a part without a form-data Content-Disposition and name, headers
// without their blank line, or more parts or header bytes than `limits` allow.
absl::StatusOr<std::vector<MultipartPart>> ParseMultipart(absl::string_view body,
                                                          absl::string_view boundary,
                                                          const MultipartLimits& limits = {});

// The first part named `name`, or nullptr.
const MultipartPart* FindPart(const std::vector<MultipartPart>& parts, absl::string_view name);

}  // namespace rect::gateway
