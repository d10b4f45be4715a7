// Records every finished HTTP request: one JSON access-log line (written in batches; none for a
// successful GET /healthz) and the request counter and latency histogram, labelled by route
// template (never the raw path) and method.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <cstdint>
#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace rect::gateway {

// The route label of requests that matched no route template.
inline constexpr char kUnmatchedRoute[] = "unmatched";

struct RequestRecord {
  std::string method;  // "GET", ...; "OTHER" for methods outside the HTTP registry
  std::string route;   // the route template, or kUnmatchedRoute
  int status = 0;
  absl::Duration duration;
  std::string request_id;
  uint64_t bytes = 0;  // response body size
};

class RequestRecorder {
 public:
  // Registers rect_http_requests_total{route,method,status} and
  // rect_http_request_duration_seconds{route,method} in `registry`.
  explicit RequestRecorder(prometheus::Registry& registry);
  ~RequestRecorder();

  // Thread-safe. Writes no query string and no header values (they may carry tokens).
  void Record(const RequestRecord& record);

 private:
  struct Metrics;

  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& duration_;
  std::unique_ptr<Metrics> metrics_;  // the series already looked up, by labels
};

}  // namespace rect::gateway
