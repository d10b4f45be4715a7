#include "services/common/server.h"

#include <csignal>
#include <malloc.h>
#include <pthread.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/resource_quota.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include "absl/strings/str_cat.h"
#include "services/common/log.h"

namespace rect {
namespace {

sigset_t ShutdownSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

// Follows readiness: runs `prepare` until it succeeds, then pings the database.
class HealthLoop {
 public:
  HealthLoop(const ServerOptions& options, PgPool& pool, grpc::HealthCheckServiceInterface* health,
             std::vector<std::string> names, std::function<absl::Status()> prepare,
             std::function<void()> on_prepared)
      : options_(options),
        pool_(pool),
        health_(health),
        names_(std::move(names)),
        prepare_(std::move(prepare)),
        on_prepared_(std::move(on_prepared)) {}

  void Run() {
    absl::Duration backoff = absl::Milliseconds(200);
    while (!Stopping(prepared_ ? options_.health_interval : backoff)) {
      if (!prepared_) {
        absl::Status s = prepare_ ? prepare_() : absl::OkStatus();
        if (s.ok()) {
          prepared_ = true;
          log::Info("ready to serve");
          on_prepared_();
        } else {
          Report(false, s);
          backoff = std::min(backoff * 2, absl::Seconds(5));
          continue;
        }
      }
      Report(true, pool_.Ping());
    }
  }

  void Stop() {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    cv_.notify_all();
  }

 private:
  // Waits `delay` (the first check runs at once); true when asked to stop.
  bool Stopping(absl::Duration delay) {
    std::unique_lock<std::mutex> lock(mu_);
    if (first_) {
      first_ = false;
      return stopping_;
    }
    return cv_.wait_for(lock, absl::ToChronoMilliseconds(delay), [&] { return stopping_; });
  }

  void Report(bool prepared, const absl::Status& status) {
    const bool serving = prepared && status.ok();
    if (serving != serving_ || first_report_) {
      first_report_ = false;
      serving_ = serving;
      for (const std::string& name : names_) health_->SetServingStatus(name, serving);
      if (serving) {
        log::Info("health: SERVING");
      } else {
        log::Warning("health: NOT_SERVING", {{"error", std::string(status.message())}});
      }
    }
  }

  const ServerOptions& options_;
  PgPool& pool_;
  grpc::HealthCheckServiceInterface* health_;
  std::vector<std::string> names_;
  std::function<absl::Status()> prepare_;
  std::function<void()> on_prepared_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool first_ = true;
  bool prepared_ = false;
  bool serving_ = false;
  bool first_report_ = true;
};

}  // namespace

void BlockShutdownSignals() {
  // A shell starting a process in the background makes it ignore SIGINT, and sigwait never
  // sees an ignored signal: restore the default disposition before blocking.
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  sigset_t set = ShutdownSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int RunServer(const ServerOptions& options, const std::vector<grpc::Service*>& services,
              PgPool& pool, Metrics& metrics, std::function<absl::Status()> prepare,
              const std::vector<BackgroundJob*>& jobs) {
  BlockShutdownSignals();
  log::SetService(options.service_name);
  // Up to max_threads handler threads would otherwise get a malloc arena each (glibc allows
  // 8 per core), every one keeping the memory of the largest answer it built: two arenas keep
  // a service's RSS within bounds at a small cost in contention on two cores. A fixed mmap
  // threshold maps large buffers (a page of thousands of rows, a big upload) and hands them
  // back when freed, instead of letting the threshold grow until they stay in the heap.
  mallopt(M_ARENA_MAX, 2);
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);

  if (absl::Status s = metrics.Serve(options.metrics_address); !s.ok()) {
    log::Error("cannot start metrics listener", {{"error", std::string(s.message())}});
    return 1;
  }

  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  int bound_port = 0;
  builder.AddListeningPort(options.grpc_address, grpc::InsecureServerCredentials(), &bound_port);
  grpc::ResourceQuota quota(absl::StrCat(options.service_name, "-quota"));
  quota.SetMaxThreads(options.max_threads);
  builder.SetResourceQuota(quota);
  // "" is the whole server; the service name lets a caller ask for this service by name.
  const std::vector<std::string> health_names = {"", options.service_name};
  for (grpc::Service* service : services) builder.RegisterService(service);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> creators;
  creators.push_back(metrics.MakeServerInterceptorFactory());
  builder.experimental().SetInterceptorCreators(std::move(creators));

  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || bound_port == 0) {
    log::Error("cannot listen for gRPC", {{"address", options.grpc_address}});
    return 1;
  }
  grpc::HealthCheckServiceInterface* health = server->GetHealthCheckService();
  for (const std::string& name : health_names) health->SetServingStatus(name, false);
  log::Info("listening", {{"grpc", options.grpc_address}, {"metrics", options.metrics_address}});

  bool jobs_started = false;  // touched only by the health thread until it is joined
  HealthLoop loop(options, pool, health, health_names, std::move(prepare), [&] {
    for (BackgroundJob* job : jobs) job->Start();
    jobs_started = true;
  });
  std::thread health_thread([&] { loop.Run(); });

  sigset_t set = ShutdownSignals();
  int signal = 0;
  sigwait(&set, &signal);
  log::Info("shutting down", {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"}});

  loop.Stop();
  health_thread.join();
  if (jobs_started) {
    for (BackgroundJob* job : jobs) job->Stop();
  }
  for (const std::string& name : health_names) health->SetServingStatus(name, false);
  const auto deadline =
      std::chrono::system_clock::now() + absl::ToChronoMilliseconds(options.shutdown_deadline);
  server->Shutdown(deadline);
  server->Wait();
  log::Info("stopped");
  return 0;
}

}  // namespace rect
