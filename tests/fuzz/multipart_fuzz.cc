// Fuzz target: the gateway's multipart/form-data reader (file uploads). The first line of the
// input is the Content-Type header value, the rest is the body.
#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "gateway/web/multipart.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  if (newline == absl::string_view::npos) return 0;
  const absl::string_view content_type = input.substr(0, newline);
  const absl::string_view body = input.substr(newline + 1);

  const auto boundary = rect::gateway::MultipartBoundary(content_type);
  if (!boundary.ok()) return 0;
  const rect::gateway::MultipartLimits limits;
  const auto parts = rect::gateway::ParseMultipart(body, *boundary, limits);
  if (!parts.ok()) return 0;
  if (parts->size() > limits.max_parts) __builtin_trap();
  size_t data_bytes = 0;
  for (const auto& part : *parts) {
    if (part.name.empty()) __builtin_trap();
    data_bytes += part.data.size();
    if (rect::gateway::FindPart(*parts, part.name) == nullptr) __builtin_trap();
  }
  // Parts are carved out of the body, so they can never hold more than it.
  if (data_bytes > body.size()) __builtin_trap();
  return 0;
}
