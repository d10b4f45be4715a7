#include "services/registration/api/declaration_metrics.h"

#include <string>

#include "services/registration/api/declaration_rules.h"

namespace rect::registration::api {

DeclarationMetrics::DeclarationMetrics(prometheus::Registry& registry)
    : family_(prometheus::BuildCounter()
                  .Name("rect_declarations_total")
                  .Help("Declarations posted and voided by lead providers, by declaration type "
                        "and outcome")
                  .Register(registry)) {}

void DeclarationMetrics::Record(absl::string_view action, absl::string_view declaration_type,
                                bool accepted) {
  family_
      .Add({{"action", std::string(action)},
            {"declaration_type", std::string(DeclarationTypeLabel(declaration_type))},
            {"outcome", accepted ? "accepted" : "refused"}})
      .Increment();
}

absl::string_view DeclarationTypeLabel(absl::string_view declaration_type) {
  return DeclarationTypeRank(declaration_type) < 0 ? "other" : declaration_type;
}

}  // namespace rect::registration::api
