#include "gateway/http/request_recorder.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <climits>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <shared_mutex>
#include <thread>

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

// Writes `text` (whole lines) to stderr in calls of whole lines and at most PIPE_BUF bytes
// where it can, so on a pipe no other writer's line lands inside one of these.
void WriteLines(const std::string& text) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.size();
    if (end - start > PIPE_BUF) {
      const size_t cut = text.rfind('\n', start + PIPE_BUF - 1);
      end = cut != std::string::npos && cut >= start ? cut + 1 : text.find('\n', start) + 1;
      if (end == 0) end = text.size();
    }
    while (start < end) {
      const ssize_t n = ::write(STDERR_FILENO, text.data() + start, end - start);
      if (n < 0) {
        if (errno == EINTR) continue;
        return;  // nowhere else to report it
      }
      start += static_cast<size_t>(n);
    }
  }
}

// The access log: one line per request, so it is written by a background thread in batches
// (one system call for many lines) rather than by the io threads. Nothing is dropped: when
// the batch grows too large the caller writes it, and at exit what is left is written and
// later lines are written directly.
class AccessLog {
 public:
  static AccessLog& Get() {
    static AccessLog* const log = new AccessLog();  // never destroyed: stopped at exit
    return *log;
  }

  void Add(std::string line) {
    std::unique_lock<std::mutex> lock(mu_);
    const bool was_empty = pending_.empty();
    pending_.append(line);
    if (stopped_ || pending_.size() >= kMaxPending) return WriteLocked(lock);
    if (was_empty && idle_) {
      lock.unlock();
      wake_.notify_one();
    }
  }

 private:
  static constexpr size_t kMaxPending = 1 << 20;
  // How long lines gather before the writer writes them in one go.
  static constexpr auto kBatchWindow = std::chrono::milliseconds(2);

  AccessLog() {
    // The writer takes no signals, whenever it starts: the gateway waits for its with sigwait.
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    thread_ = std::thread([this] { Run(); });
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    std::atexit([] { Get().Stop(); });
  }

  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopped_ = true;
    }
    wake_.notify_all();
    thread_.join();
    std::unique_lock<std::mutex> lock(mu_);
    WriteLocked(lock);
  }

  // Writes what is pending; `io_mu_` is taken before `mu_` is released, so batches reach
  // stderr in the order they were taken. Returns with `mu_` released.
  void WriteLocked(std::unique_lock<std::mutex>& lock) {
    std::string batch;
    batch.swap(pending_);
    std::lock_guard<std::mutex> io(io_mu_);
    lock.unlock();
    WriteLines(batch);
  }

  void Run() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      idle_ = true;
      wake_.wait(lock, [this] { return stopped_ || !pending_.empty(); });
      idle_ = false;
      if (stopped_) return;
      lock.unlock();
      std::this_thread::sleep_for(kBatchWindow);
      lock.lock();
      WriteLocked(lock);
      lock.lock();
    }
  }

  std::mutex mu_;
  std::condition_variable wake_;
  std::string pending_;   // guarded by mu_
  bool idle_ = false;     // guarded by mu_: the writer waits for lines
  bool stopped_ = false;  // guarded by mu_: at exit; callers write themselves
  std::mutex io_mu_;      // held while writing a batch
  std::thread thread_;
};

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
  // Successful liveness probes are counted above but not written: a probe every second or so
  // per replica (and a benchmark's tens of thousands) would drown the access log and cost the
  // gateway a JSON line each. Failures, and /readyz, are written as usual.
  if (record.route == "/healthz" && record.status < 300) return;
  const log::Fields fields = {{"method", record.method},
                              {"route", record.route},
                              {"status", record.status},
                              {"duration_ms", absl::ToDoubleMilliseconds(record.duration)},
                              {"request_id", record.request_id},
                              {"bytes", record.bytes}};
  // Server errors are written at once, with the other warnings; the rest go in batches.
  if (record.status >= 500) return log::Write(log::Level::kWarning, "http request", fields);
  std::string line = log::Format(log::Level::kInfo, "http request", fields);
  line.push_back('\n');
  AccessLog::Get().Add(std::move(line));
}

}  // namespace rect::gateway
