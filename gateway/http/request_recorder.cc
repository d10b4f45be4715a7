#include "gateway/http/request_recorder.h"

#include <mutex>
#include <shared_mutex>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "services/common/log.h"
#include "services/common/metrics.h"

namespace rect::gateway {

// Looking a series up in its family takes the family's lock and builds a label map, so each
// one is looked up once and kept here (there are only so many routes, methods and statuses).
struct RequestRecorder::Metrics {
  std::shared_mutex mu;
  absl::flat_hash_map<std::string, prometheus::Counter*> requests;      // guarded by mu
  absl::flat_hash_map<std::string, prometheus::Histogram*> durations;  // guarded by mu
};

namespace {

template <typename Metric, typename Make>
Metric& Find(std::shared_mutex& mu, absl::flat_hash_map<std::string, Metric*>& cache,
             absl::string_view key, Make make) {
  {
    std::shared_lock<std::shared_mutex> lock(mu);
    auto it = cache.find(key);
    if (it != cache.end()) return *it->second;
  }
  std::lock_guard<std::shared_mutex> lock(mu);
  auto [it, inserted] = cache.try_emplace(key, nullptr);
  if (inserted) it->second = &make();
  return *it->second;
}

}  // namespace

RequestRecorder::RequestRecorder(prometheus::Registry& registry)
    : requests_(prometheus::BuildCounter()
                    .Name("rect_http_requests_total")
                    .Help("HTTP requests answered, by route template, method and status")
                    .Register(registry)),
      duration_(prometheus::BuildHistogram()
                    .Name("rect_http_request_duration_seconds")
                    .Help("Time from a request's headers to its response, by route template")
                    .Register(registry)),
      metrics_(std::make_unique<Metrics>()) {}

RequestRecorder::~RequestRecorder() = default;

void RequestRecorder::Record(const RequestRecord& record) {
  // route, method and status joined by NULs (which none of them contains).
  thread_local std::string key;
  key.assign(record.route);
  key.push_back('\0');
  key.append(record.method);
  const size_t route_and_method = key.size();
  key.push_back('\0');
  absl::StrAppend(&key, record.status);

  Find(metrics_->mu, metrics_->requests, key, [&]() -> prometheus::Counter& {
    return requests_.Add({{"route", record.route},
                          {"method", record.method},
                          {"status", absl::StrCat(record.status)}});
  }).Increment();
  Find(metrics_->mu, metrics_->durations, absl::string_view(key).substr(0, route_and_method),
       [&]() -> prometheus::Histogram& {
         return duration_.Add({{"route", record.route}, {"method", record.method}},
                              LatencyBuckets());
       })
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
