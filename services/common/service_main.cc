#include "services/common/service_main.h"

#include <algorithm>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/log.h"
#include "services/common/options.h"

ABSL_FLAG(std::string, grpc_address, "", "host:port for gRPC (default 127.0.0.1:<service port>)");
ABSL_FLAG(std::string, metrics_address, "",
          "host:port for GET /metrics (default 127.0.0.1:<metrics port>)");
ABSL_FLAG(std::string, database_url, "",
          "libpq connection string or URI (default: database rect_<service> on localhost)");
ABSL_FLAG(int, db_pool_size, 8, "database connections");
// Callers beyond the database pool queue for a connection (up to --db_acquire_timeout_ms) on
// threads of their own: gRPC answers RESOURCE_EXHAUSTED at once when it has no thread left.
ABSL_FLAG(int, grpc_max_threads, 64,
          "gRPC worker threads (never fewer than --db_pool_size + 4: pollers and health need some)");
ABSL_FLAG(int, db_acquire_timeout_ms, 2000, "how long a request waits for a free connection");
ABSL_FLAG(int, shutdown_deadline_ms, 10000, "how long SIGTERM waits for in-flight requests");
ABSL_FLAG(int, health_interval_ms, 1000, "how often the health status re-checks the database");

namespace rect {
namespace {

absl::Status Validate(const ServiceConfig& config) {
  if (config.server.grpc_address.find(':') == std::string::npos) {
    return absl::InvalidArgumentError("--grpc_address must be host:port");
  }
  if (config.server.metrics_address.find(':') == std::string::npos) {
    return absl::InvalidArgumentError("--metrics_address must be host:port");
  }
  if (config.server.grpc_address == config.server.metrics_address) {
    return absl::InvalidArgumentError("--grpc_address and --metrics_address must differ");
  }
  if (config.database.conninfo.empty()) {
    return absl::InvalidArgumentError("--database_url must not be empty");
  }
  if (config.database.size < 1 || config.database.size > 256) {
    return absl::InvalidArgumentError("--db_pool_size must be between 1 and 256");
  }
  if (config.server.max_threads < 1 || config.server.max_threads > 1024) {
    return absl::InvalidArgumentError("--grpc_max_threads must be between 1 and 1024");
  }
  if (config.database.acquire_timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--db_acquire_timeout_ms must be positive");
  }
  if (config.server.shutdown_deadline < absl::ZeroDuration() ||
      config.server.health_interval <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        "--shutdown_deadline_ms must not be negative and --health_interval_ms must be positive");
  }
  return absl::OkStatus();
}

}  // namespace

ServiceConfig ParseServiceConfig(int argc, char** argv, const std::string& service,
                                 int default_grpc_port, int default_metrics_port,
                                 const std::vector<std::string>& extra_env_flags) {
  std::vector<std::string> env_flags = {"grpc_address",       "metrics_address",
                                        "database_url",       "db_pool_size",
                                        "db_acquire_timeout_ms", "shutdown_deadline_ms",
                                        "health_interval_ms",   "grpc_max_threads"};
  env_flags.insert(env_flags.end(), extra_env_flags.begin(), extra_env_flags.end());
  ParseFlagsWithEnvironment(argc, argv,
                            absl::StrCat("RECT_", absl::AsciiStrToUpper(service), "_"), env_flags);

  ServiceConfig config;
  config.server.service_name = service;
  config.server.grpc_address = absl::GetFlag(FLAGS_grpc_address);
  if (config.server.grpc_address.empty()) {
    config.server.grpc_address = absl::StrCat("127.0.0.1:", default_grpc_port);
  }
  config.server.metrics_address = absl::GetFlag(FLAGS_metrics_address);
  if (config.server.metrics_address.empty()) {
    config.server.metrics_address = absl::StrCat("127.0.0.1:", default_metrics_port);
  }
  config.server.shutdown_deadline = absl::Milliseconds(absl::GetFlag(FLAGS_shutdown_deadline_ms));
  config.server.health_interval = absl::Milliseconds(absl::GetFlag(FLAGS_health_interval_ms));
  config.database.conninfo = absl::GetFlag(FLAGS_database_url);
  if (config.database.conninfo.empty()) {
    config.database.conninfo = absl::StrCat("host=127.0.0.1 user=rect dbname=rect_", service);
  }
  config.database.size = absl::GetFlag(FLAGS_db_pool_size);
  config.database.acquire_timeout =
      absl::Milliseconds(absl::GetFlag(FLAGS_db_acquire_timeout_ms));
  config.server.max_threads = absl::GetFlag(FLAGS_grpc_max_threads);
  ExitOnError(Validate(config));
  config.server.max_threads = std::max(config.server.max_threads, config.database.size + 4);
  return config;
}

int RunService(const ServiceConfig& config, std::vector<Migration> migrations,
               const ServiceFactory& make_services) {
  return RunServiceWithJobs(config, std::move(migrations), [&](PgPool& pool, Metrics& metrics) {
    return ServiceParts{make_services(pool, metrics), {}};
  });
}

int RunServiceWithJobs(const ServiceConfig& config, std::vector<Migration> migrations,
                       const ServicePartsFactory& make_parts) {
  BlockShutdownSignals();
  log::SetService(config.server.service_name);
  Metrics metrics(config.server.service_name);
  PgPool pool(config.database, &metrics.registry());
  ServiceParts parts = make_parts(pool, metrics);
  std::vector<grpc::Service*> services;
  for (auto& s : parts.services) services.push_back(s.get());
  std::vector<BackgroundJob*> jobs;
  for (auto& j : parts.jobs) jobs.push_back(j.get());
  auto prepare = [&pool, migrations = std::move(migrations)]() -> absl::Status {
    absl::StatusOr<int> applied =
        pool.Run([&](pqxx::connection& c) { return ApplyMigrations(c, migrations); });
    if (!applied.ok()) return applied.status();
    log::Info("migrations applied", {{"count", *applied}});
    return absl::OkStatus();
  };
  return RunServer(config.server, services, pool, metrics, prepare, jobs);
}

}  // namespace rect
