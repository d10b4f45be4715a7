// Prometheus metrics for a process: one registry, a /metrics listener, build info, and a
// gRPC server interceptor counting requests by method and code with a latency histogram.
#pragma once

#include <memory>
#include <string>

#include <grpcpp/support/client_interceptor.h>
#include <grpcpp/support/server_interceptor.h>
#include <prometheus/registry.h>

#include "absl/status/status.h"

namespace prometheus {
class Exposer;
class Counter;
class Histogram;
template <typename T>
class Family;
}  // namespace prometheus

namespace rect {

class Metrics {
 public:
  // `component` names the process in the build-info series (e.g. "identity", "gateway").
  explicit Metrics(std::string component);
  ~Metrics();

  prometheus::Registry& registry() { return *registry_; }
  const std::shared_ptr<prometheus::Registry>& shared_registry() const { return registry_; }

  // Serves GET /metrics on `address` ("host:port"). Fails when the port cannot be bound.
  absl::Status Serve(const std::string& address);

  // Creates the interceptor factory to pass to ServerBuilder; logs one line per RPC (health
  // checks excepted) with the caller's x-request-id.
  std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
  MakeServerInterceptorFactory();

  // Creates an interceptor factory for a client channel: calls by method and status code
  // (rect_grpc_client_requests_total) and their latency. Create one per channel.
  std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>
  MakeClientInterceptorFactory();

 private:
  std::string component_;
  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<prometheus::Exposer> exposer_;
  prometheus::Family<prometheus::Counter>* client_requests_ = nullptr;
  prometheus::Family<prometheus::Histogram>* client_latency_ = nullptr;
};

// "OK", "NOT_FOUND", ... as gRPC spells them (metric label values and log fields).
const char* GrpcCodeName(int code);

// Latency buckets in seconds shared by every request histogram, from 1 ms to 10 s.
const std::vector<double>& LatencyBuckets();

}  // namespace rect
