#include "gateway/http/utf8.h"

#include <google/protobuf/stubs/common.h>

#include <climits>

namespace rect::gateway {

bool IsValidUtf8(absl::string_view text) {
  if (text.size() > static_cast<size_t>(INT_MAX)) return false;
  return google::protobuf::internal::IsStructurallyValidUTF8(text.data(),
                                                              static_cast<int>(text.size()));
}

}  // namespace rect::gateway
