#include "gateway/http/request_recorder.h"

#include "absl/strings/str_cat.h"
#include "services/common/log.h"
#include "services/common/metrics.h"

namespace rect::gateway {

RequestRecorder::RequestRecorder(prometheus::Registry& registry)
    : requests_(prometheus::BuildCounter()
                    .Name("rect_http_requests_total")
                    .Help("HTTP requests answered, by route template, method and status")
                    .Register(registry)),
      duration_(prometheus::BuildHistogram()
                    .Name("rect_http_request_duration_seconds")
                    .Help("Time from a request's headers to its response, by route template")
                    .Register(registry)) {}

void RequestRecorder::Record(const RequestRecord& record) {
  requests_
      .Add({{"route", record.route},
            {"method", record.method},
            {"status", absl::StrCat(record.status)}})
      .Increment();
  duration_.Add({{"route", record.route}, {"method", record.method}}, LatencyBuckets())
      .Observe(absl::ToDoubleSeconds(record.duration));
  log::Write(record.status >= 500 ? log::Level::kWarning : log::Level::kInfo, "http request",
             {{"method", record.method},
              {"route", record.route},
              {"status", record.status},
              {"duration_ms", absl::ToDoubleMilliseconds(record.duration)},
              {"request_id", record.request_id},
              {"bytes", record.bytes}});
}

}  // namespace rect::gateway
