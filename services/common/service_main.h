// The standard start-up of a service binary: flags (with RECT_<SERVICE>_* environment
// fallbacks), database pool, metrics, migrations applied before serving, and the server loop.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/impl/codegen/service_type.h>

#include "services/common/metrics.h"
#include "services/common/migrations.h"
#include "services/common/pg_pool.h"
#include "services/common/server.h"

namespace rect {

struct ServiceConfig {
  ServerOptions server;
  PgPool::Options database;
};

// Parses the standard flags; defaults listen on 127.0.0.1 at the given ports and use database
// rect_<service> on localhost. `extra_env_flags` are the binary's own flags that also take
// environment values. Exits with a one-line message on a bad value.
ServiceConfig ParseServiceConfig(int argc, char** argv, const std::string& service,
                                 int default_grpc_port, int default_metrics_port,
                                 const std::vector<std::string>& extra_env_flags = {});

using ServiceFactory =
    std::function<std::vector<std::unique_ptr<grpc::Service>>(PgPool& pool, Metrics& metrics)>;

// What a service with background work hands to RunServiceWithJobs.
struct ServiceParts {
  std::vector<std::unique_ptr<grpc::Service>> services;
  std::vector<std::unique_ptr<BackgroundJob>> jobs;  // started once migrations are applied
};
using ServicePartsFactory = std::function<ServiceParts(PgPool& pool, Metrics& metrics)>;

// Builds the pool and services, applies `migrations` once the database answers, serves until
// SIGTERM/SIGINT. Returns the process exit code.
int RunService(const ServiceConfig& config, std::vector<Migration> migrations,
               const ServiceFactory& make_services);

// As RunService, for services that also run background jobs.
int RunServiceWithJobs(const ServiceConfig& config, std::vector<Migration> migrations,
                       const ServicePartsFactory& make_parts);

}  // namespace rect
