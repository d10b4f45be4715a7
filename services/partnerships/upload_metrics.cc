#include "services/partnerships/upload_metrics.h"

namespace rect::partnerships {

UploadMetrics::UploadMetrics(prometheus::Registry& registry)
    : uploads_(prometheus::BuildCounter()
                   .Name("rect_csv_uploads_total")
                   .Help("Confirm-your-schools CSV uploads, by outcome of the check")
                   .Register(registry)),
      confirmed_(prometheus::BuildCounter()
                     .Name("rect_schools_confirmed_total")
                     .Help("Partnerships saved by lead providers confirming their schools")
                     .Register(registry)
                     .Add({})) {
  // Every outcome is exported from the start, so rates work before the first upload.
  for (const char* outcome : {"refused", "with_errors", "all_valid"}) {
    uploads_.Add({{"outcome", outcome}});
  }
}

void UploadMetrics::Uploaded(Outcome outcome) {
  const char* label = outcome == Outcome::kRefused      ? "refused"
                      : outcome == Outcome::kWithErrors ? "with_errors"
                                                        : "all_valid";
  uploads_.Add({{"outcome", label}}).Increment();
}

void UploadMetrics::Confirmed(int schools) {
  if (schools > 0) confirmed_.Increment(schools);
}

}  // namespace rect::partnerships
