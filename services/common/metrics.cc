#include "services/common/metrics.h"

#include <chrono>

#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/log.h"

namespace rect {
namespace {

struct ServerRpcMetrics {
  prometheus::Family<prometheus::Counter>* requests;
  prometheus::Family<prometheus::Histogram>* latency;
};

class MetricsInterceptor : public grpc::experimental::Interceptor {
 public:
  MetricsInterceptor(grpc::experimental::ServerRpcInfo* info, ServerRpcMetrics metrics)
      : method_(info->method()),
        metrics_(metrics),
        start_(std::chrono::steady_clock::now()),
        quiet_(absl::StartsWith(method_, "/grpc.health.")) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    using grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      auto* metadata = methods->GetRecvInitialMetadata();
      if (metadata != nullptr) {
        auto it = metadata->find("x-request-id");
        if (it != metadata->end()) request_id_.assign(it->second.data(), it->second.size());
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      Record(methods->GetSendStatus());
    }
    methods->Proceed();
  }

 private:
  void Record(const grpc::Status& status) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const char* code = GrpcCodeName(status.error_code());
    metrics_.requests->Add({{"method", method_}, {"code", code}}).Increment();
    metrics_.latency->Add({{"method", method_}}, LatencyBuckets()).Observe(seconds);
    if (quiet_) return;
    log::Fields fields = {{"method", method_},
                          {"status", code},
                          {"duration_ms", seconds * 1000.0}};
    if (!request_id_.empty()) fields.emplace_back("request_id", request_id_);
    if (!status.ok() && status.error_code() != grpc::StatusCode::NOT_FOUND) {
      fields.emplace_back("error", status.error_message());
    }
    log::Write(status.error_code() == grpc::StatusCode::INTERNAL ||
                       status.error_code() == grpc::StatusCode::UNKNOWN
                   ? log::Level::kError
                   : log::Level::kInfo,
               "rpc", fields);
  }

  std::string method_;
  ServerRpcMetrics metrics_;
  std::chrono::steady_clock::time_point start_;
  bool quiet_;
  std::string request_id_;
};

class MetricsInterceptorFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit MetricsInterceptorFactory(ServerRpcMetrics metrics) : metrics_(metrics) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new MetricsInterceptor(info, metrics_);
  }

 private:
  ServerRpcMetrics metrics_;
};

// Counts one client call when its status arrives.
class ClientMetricsInterceptor : public grpc::experimental::Interceptor {
 public:
  ClientMetricsInterceptor(grpc::experimental::ClientRpcInfo* info,
                           prometheus::Family<prometheus::Counter>* requests,
                           prometheus::Family<prometheus::Histogram>* latency)
      : method_(info->method() != nullptr ? info->method() : "unknown"),
        requests_(requests),
        latency_(latency),
        start_(std::chrono::steady_clock::now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::POST_RECV_STATUS)) {
      const grpc::Status* status = methods->GetRecvStatus();
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
      const char* code = GrpcCodeName(status != nullptr ? status->error_code() : 2);
      requests_->Add({{"method", method_}, {"code", code}}).Increment();
      latency_->Add({{"method", method_}}, LatencyBuckets()).Observe(seconds);
    }
    methods->Proceed();
  }

 private:
  std::string method_;
  prometheus::Family<prometheus::Counter>* requests_;
  prometheus::Family<prometheus::Histogram>* latency_;
  std::chrono::steady_clock::time_point start_;
};

class ClientMetricsInterceptorFactory
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  ClientMetricsInterceptorFactory(prometheus::Family<prometheus::Counter>* requests,
                                  prometheus::Family<prometheus::Histogram>* latency)
      : requests_(requests), latency_(latency) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* info) override {
    return new ClientMetricsInterceptor(info, requests_, latency_);
  }

 private:
  prometheus::Family<prometheus::Counter>* requests_;
  prometheus::Family<prometheus::Histogram>* latency_;
};

}  // namespace

const char* GrpcCodeName(int code) {
  static const char* const kNames[] = {
      "OK",          "CANCELLED",         "UNKNOWN",           "INVALID_ARGUMENT",
      "DEADLINE_EXCEEDED", "NOT_FOUND",   "ALREADY_EXISTS",    "PERMISSION_DENIED",
      "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",  "OUT_OF_RANGE",
      "UNIMPLEMENTED", "INTERNAL",        "UNAVAILABLE",       "DATA_LOSS",
      "UNAUTHENTICATED"};
  if (code < 0 || code >= static_cast<int>(sizeof(kNames) / sizeof(kNames[0]))) return "UNKNOWN";
  return kNames[code];
}

const std::vector<double>& LatencyBuckets() {
  static const std::vector<double> buckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                              0.1,   0.25,   0.5,   1.0,  2.5,   5.0, 10.0};
  return buckets;
}

Metrics::Metrics(std::string component)
    : component_(std::move(component)), registry_(std::make_shared<prometheus::Registry>()) {
  prometheus::BuildGauge()
      .Name("rect_build_info")
      .Help("Always 1; labels name the component")
      .Register(*registry_)
      .Add({{"component", component_}})
      .Set(1);
}

Metrics::~Metrics() = default;

absl::Status Metrics::Serve(const std::string& address) {
  try {
    exposer_ = std::make_unique<prometheus::Exposer>(address, /*num_threads=*/1);
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat("cannot serve metrics on ", address, ": ", e.what()));
  }
  exposer_->RegisterCollectable(registry_);
  return absl::OkStatus();
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
Metrics::MakeServerInterceptorFactory() {
  ServerRpcMetrics m;
  m.requests = &prometheus::BuildCounter()
                    .Name("rect_grpc_server_requests_total")
                    .Help("gRPC requests handled, by method and status code")
                    .Register(*registry_);
  m.latency = &prometheus::BuildHistogram()
                   .Name("rect_grpc_server_request_duration_seconds")
                   .Help("gRPC request latency, by method")
                   .Register(*registry_);
  return std::make_unique<MetricsInterceptorFactory>(m);
}

std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>
Metrics::MakeClientInterceptorFactory() {
  if (client_requests_ == nullptr) {
    client_requests_ = &prometheus::BuildCounter()
                            .Name("rect_grpc_client_requests_total")
                            .Help("gRPC calls made, by method and status code")
                            .Register(*registry_);
    client_latency_ = &prometheus::BuildHistogram()
                           .Name("rect_grpc_client_request_duration_seconds")
                           .Help("gRPC call latency seen by the caller, by method")
                           .Register(*registry_);
  }
  return std::make_unique<ClientMetricsInterceptorFactory>(client_requests_, client_latency_);
}

}  // namespace rect
