// The business counter for operators: declarations lead providers post and void, by
// declaration type and outcome.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/registry.h>

#include "absl/strings/string_view.h"

namespace rect::registration::api {

// rect_declarations_total{action="create"|"void", declaration_type, outcome="accepted"|"refused"}.
// declaration_type is one of the nine types, or "other" for anything a provider sent that is
// not one, so the label stays bounded whatever the input.
class DeclarationMetrics {
 public:
  explicit DeclarationMetrics(prometheus::Registry& registry);

  void Record(absl::string_view action, absl::string_view declaration_type, bool accepted);

 private:
  prometheus::Family<prometheus::Counter>& family_;
};

// The label value for a declaration type: the type itself when it is one of the nine.
absl::string_view DeclarationTypeLabel(absl::string_view declaration_type);

}  // namespace rect::registration::api
