// Server bootstrap shared by every service: gRPC server with the metrics interceptor, the
// standard health service following the database, a /metrics listener, and a graceful
// shutdown on SIGTERM/SIGINT within a deadline.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <grpcpp/impl/codegen/service_type.h>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "services/common/metrics.h"
#include "services/common/pg_pool.h"

namespace rect {

struct ServerOptions {
  std::string service_name;     // e.g. "identity": logs and the health service name
  std::string grpc_address;     // e.g. "127.0.0.1:50051"
  std::string metrics_address;  // e.g. "127.0.0.1:9101"
  absl::Duration shutdown_deadline = absl::Seconds(10);
  absl::Duration health_interval = absl::Seconds(1);
  int max_threads = 8;
};

// Work a service runs beside its RPCs (e.g. outbox delivery, background refreshes). Started
// once `prepare` has succeeded (migrations applied); stopped on shutdown before the server
// drains. Stop() must return promptly and may be called once, after Start().
class BackgroundJob {
 public:
  virtual ~BackgroundJob() = default;
  virtual void Start() = 0;
  virtual void Stop() = 0;
};

// Blocks SIGTERM and SIGINT in the calling thread (and every thread it starts later), so one
// thread can wait for them. Call first thing in main().
void BlockShutdownSignals();

// Runs until SIGTERM/SIGINT, then drains in-flight RPCs within the deadline. `prepare` (e.g.
// apply migrations) is retried with back-off until it succeeds; health reports SERVING only
// once it has and while the database answers. Returns the process exit code.
int RunServer(const ServerOptions& options, const std::vector<grpc::Service*>& services,
              PgPool& pool, Metrics& metrics, std::function<absl::Status()> prepare,
              const std::vector<BackgroundJob*>& jobs = {});

}  // namespace rect
