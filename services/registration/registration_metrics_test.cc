#include "services/registration/registration_metrics.h"

#include <gtest/gtest.h>
#include <prometheus/registry.h>

#include <map>
#include <string>
#include <vector>

namespace rect::registration {
namespace {

// Every series of rect_registrations_total as "role/training_programme" → value.
std::map<std::string, double> Series(prometheus::Registry& registry) {
  std::map<std::string, double> series;
  for (const auto& family : registry.Collect()) {
    if (family.name != "rect_registrations_total") continue;
    for (const auto& metric : family.metric) {
      std::map<std::string, std::string> labels;
      for (const auto& label : metric.label) labels[label.name] = label.value;
      series[labels["role"] + "/" + labels["training_programme"]] = metric.counter.value;
    }
  }
  return series;
}

TEST(RegistrationMetricsTest, LabelsStayWithinTheKnownValues) {
  prometheus::Registry registry;
  RegistrationMetrics metrics(registry);
  struct Case {
    std::string role, programme;
  };
  for (const Case& c : std::vector<Case>{{"ect", "provider_led"},
                                         {"ect", "provider_led"},
                                         {"ect", "school_led"},
                                         {"mentor", ""},
                                         {"mentor", "provider_led"},
                                         {"teacher", "weekend_led"}}) {
    metrics.Registered(c.role, c.programme);
  }
  const std::map<std::string, double> expected = {{"ect/provider_led", 2},
                                                  {"ect/school_led", 1},
                                                  {"mentor/none", 1},
                                                  {"mentor/provider_led", 1},
                                                  {"ect/none", 1}};
  EXPECT_EQ(Series(registry), expected);
}

}  // namespace
}  // namespace rect::registration
