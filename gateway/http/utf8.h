// Whether text is well-formed UTF-8: the check protobuf applies to every string field, so text
// that passes can be sent to a backend, and text that fails is refused at the edge with a 4xx
// instead of failing the gRPC call.
#pragma once

#include "absl/strings/string_view.h"

namespace rect::gateway {

bool IsValidUtf8(absl::string_view text);

}  // namespace rect::gateway
