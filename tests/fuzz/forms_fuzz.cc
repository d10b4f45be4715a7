// Fuzz target: the gateway's urlencoded form-body parser and the query fields of a request
// target.
#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "gateway/http/forms.h"
#include "gateway/http/target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text(reinterpret_cast<const char*>(data), size);

  const rect::gateway::FormFields form = rect::gateway::ParseForm(text);
  for (const auto& [name, value] : form) {
    if (&rect::gateway::Field(form, name) != &value) __builtin_trap();
  }
  (void)rect::gateway::Field(form, "authenticity_token");

  if (const auto target = rect::gateway::ParseRequestTarget(text)) {
    const rect::gateway::FormFields query = rect::gateway::QueryFields(*target);
    (void)rect::gateway::Field(query, "page");
  }
  return 0;
}
