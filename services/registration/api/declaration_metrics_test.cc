#include "services/registration/api/declaration_metrics.h"

#include <gtest/gtest.h>
#include <prometheus/registry.h>

#include <string>

namespace rect::registration::api {
namespace {

double Value(prometheus::Registry& registry, const std::string& action, const std::string& type,
             const std::string& outcome) {
  for (const auto& family : registry.Collect()) {
    if (family.name != "rect_declarations_total") continue;
    for (const auto& metric : family.metric) {
      std::map<std::string, std::string> labels;
      for (const auto& label : metric.label) labels[label.name] = label.value;
      if (labels["action"] == action && labels["declaration_type"] == type &&
          labels["outcome"] == outcome) {
        return metric.counter.value;
      }
    }
  }
  return 0;
}

TEST(DeclarationMetricsTest, CountsByActionTypeAndOutcome) {
  prometheus::Registry registry;
  DeclarationMetrics metrics(registry);
  metrics.Record("create", "started", true);
  metrics.Record("create", "started", true);
  metrics.Record("create", "retained-1", false);
  metrics.Record("void", "completed", true);
  EXPECT_EQ(Value(registry, "create", "started", "accepted"), 2);
  EXPECT_EQ(Value(registry, "create", "retained-1", "refused"), 1);
  EXPECT_EQ(Value(registry, "void", "completed", "accepted"), 1);
}

TEST(DeclarationMetricsTest, TypesOutsideTheNineShareOneLabel) {
  struct Case {
    std::string type;
    std::string label;
  };
  for (const Case& c : std::vector<Case>{{"started", "started"},
                                         {"extended-3", "extended-3"},
                                         {"retained-5", "other"},
                                         {"STARTED", "other"},
                                         {"", "other"},
                                         {std::string(5000, 'x'), "other"}}) {
    EXPECT_EQ(DeclarationTypeLabel(c.type), c.label) << c.type.substr(0, 20);
  }
}

}  // namespace
}  // namespace rect::registration::api
