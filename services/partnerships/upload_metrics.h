// Business counters for operators: Confirm-your-schools CSV uploads and the schools confirmed.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/registry.h>

namespace rect::partnerships {

class UploadMetrics {
 public:
  enum class Outcome { kRefused, kWithErrors, kAllValid };

  // rect_csv_uploads_total{outcome="refused"|"with_errors"|"all_valid"} and
  // rect_schools_confirmed_total.
  explicit UploadMetrics(prometheus::Registry& registry);

  // An uploaded file: refused outright (type, size, empty), or checked with or without rows in
  // error.
  void Uploaded(Outcome outcome);
  // Partnerships saved by confirming an upload.
  void Confirmed(int schools);

 private:
  prometheus::Family<prometheus::Counter>& uploads_;
  prometheus::Counter& confirmed_;
};

}  // namespace rect::partnerships
