// Shared counters behind the lead-provider API's rate limits: requests per key per fixed
// window, added to by every gateway replica so one limit holds across them. Keys arrive as
// SHA-256 digests; what they digest (an Authorization header value, a client address) never
// reaches this service. Windows older than the retention are deleted by the sweeper.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/pg_pool.h"
#include "services/common/server.h"

namespace rect::identity {

struct ApiRequestTally {
  std::string key_digest;  // 32 bytes
  absl::Time bucket_start;
  int64_t requests = 0;
};

// The most tallies one call may carry.
inline constexpr size_t kMaxApiRequestTallies = 1000;

// Checks one call's tallies: digests of 32 bytes, counts and windows not negative, at most
// kMaxApiRequestTallies. INVALID_ARGUMENT naming the first problem.
absl::Status ValidateApiRequestTallies(const std::vector<ApiRequestTally>& tallies);

class ApiRequestCounts {
 public:
  virtual ~ApiRequestCounts() = default;
  // Adds each tally's requests to its (key, window) counter and returns the new totals in the
  // same order. All or nothing.
  virtual absl::StatusOr<std::vector<int64_t>> Add(const std::vector<ApiRequestTally>& tallies) = 0;
  // Deletes the counters of windows starting before `cutoff`; returns how many went.
  virtual absl::StatusOr<int64_t> DeleteBefore(absl::Time cutoff) = 0;
};

class PgApiRequestCounts final : public ApiRequestCounts {
 public:
  explicit PgApiRequestCounts(PgPool& pool) : pool_(pool) {}
  absl::StatusOr<std::vector<int64_t>> Add(const std::vector<ApiRequestTally>& tallies) override;
  absl::StatusOr<int64_t> DeleteBefore(absl::Time cutoff) override;

 private:
  PgPool& pool_;
};

// Deletes windows older than `retention` every `interval`.
class ApiRequestCountSweeper final : public BackgroundJob {
 public:
  ApiRequestCountSweeper(ApiRequestCounts& counts, absl::Duration retention = absl::Minutes(15),
                         absl::Duration interval = absl::Minutes(1));
  ~ApiRequestCountSweeper() override;
  void Start() override;
  void Stop() override;

 private:
  void Run();

  ApiRequestCounts& counts_;
  const absl::Duration retention_;
  const absl::Duration interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace rect::identity
