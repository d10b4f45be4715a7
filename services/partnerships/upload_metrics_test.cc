#include "services/partnerships/upload_metrics.h"

#include <gtest/gtest.h>
#include <prometheus/registry.h>

#include <map>
#include <string>

namespace rect::partnerships {
namespace {

// "family{label}" → value for the two upload families.
std::map<std::string, double> Series(prometheus::Registry& registry) {
  std::map<std::string, double> series;
  for (const auto& family : registry.Collect()) {
    for (const auto& metric : family.metric) {
      std::string labels;
      for (const auto& label : metric.label) labels += label.value;
      series[family.name + "{" + labels + "}"] = metric.counter.value;
    }
  }
  return series;
}

TEST(UploadMetricsTest, CountsUploadsByOutcomeAndConfirmedSchools) {
  prometheus::Registry registry;
  UploadMetrics metrics(registry);
  // Exported at zero before anything happens.
  EXPECT_EQ(Series(registry), (std::map<std::string, double>{
                                  {"rect_csv_uploads_total{refused}", 0},
                                  {"rect_csv_uploads_total{with_errors}", 0},
                                  {"rect_csv_uploads_total{all_valid}", 0},
                                  {"rect_schools_confirmed_total{}", 0}}));
  metrics.Uploaded(UploadMetrics::Outcome::kRefused);
  metrics.Uploaded(UploadMetrics::Outcome::kWithErrors);
  metrics.Uploaded(UploadMetrics::Outcome::kWithErrors);
  metrics.Uploaded(UploadMetrics::Outcome::kAllValid);
  metrics.Confirmed(6);
  metrics.Confirmed(0);
  metrics.Confirmed(-3);
  EXPECT_EQ(Series(registry), (std::map<std::string, double>{
                                  {"rect_csv_uploads_total{refused}", 1},
                                  {"rect_csv_uploads_total{with_errors}", 2},
                                  {"rect_csv_uploads_total{all_valid}", 1},
                                  {"rect_schools_confirmed_total{}", 6}}));
}

}  // namespace
}  // namespace rect::partnerships
