#include "services/identity/api_request_counts.h"

#include <algorithm>
#include <numeric>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "services/common/log.h"

namespace rect::identity {

absl::Status ValidateApiRequestTallies(const std::vector<ApiRequestTally>& tallies) {
  if (tallies.size() > kMaxApiRequestTallies) {
    return absl::InvalidArgumentError(
        absl::StrCat("at most ", kMaxApiRequestTallies, " counts may be sent at once"));
  }
  for (const ApiRequestTally& tally : tallies) {
    if (tally.key_digest.size() != 32) {
      return absl::InvalidArgumentError("key_digest must be a SHA-256 digest (32 bytes)");
    }
    if (tally.requests < 0) return absl::InvalidArgumentError("requests must not be negative");
    if (tally.bucket_start < absl::UnixEpoch()) {
      return absl::InvalidArgumentError("bucket_start must not be negative");
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<int64_t>> PgApiRequestCounts::Add(
    const std::vector<ApiRequestTally>& tallies) {
  // Rows are locked in one order (key, window), so replicas flushing overlapping keys at the
  // same time cannot deadlock.
  std::vector<size_t> order(tallies.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::tie(tallies[a].key_digest, tallies[a].bucket_start) <
           std::tie(tallies[b].key_digest, tallies[b].bucket_start);
  });
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<std::vector<int64_t>> {
    std::vector<int64_t> totals(tallies.size());
    for (size_t i : order) {
      const ApiRequestTally& tally = tallies[i];
      pqxx::result rows = txn.exec_params(
          "INSERT INTO api_request_counts (key_digest, bucket_start, requests) "
          "VALUES ($1, timestamptz 'epoch' + $2::bigint * interval '1 second', $3) "
          "ON CONFLICT (key_digest, bucket_start) "
          "DO UPDATE SET requests = api_request_counts.requests + EXCLUDED.requests "
          "RETURNING requests",
          pqxx::binarystring(tally.key_digest), absl::ToUnixSeconds(tally.bucket_start),
          tally.requests);
      totals[i] = rows[0][0].as<int64_t>();
    }
    return totals;
  });
}

absl::StatusOr<int64_t> PgApiRequestCounts::DeleteBefore(absl::Time cutoff) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<int64_t> {
    pqxx::result rows = txn.exec_params(
        "DELETE FROM api_request_counts "
        "WHERE bucket_start < timestamptz 'epoch' + $1::bigint * interval '1 second'",
        absl::ToUnixSeconds(cutoff));
    return static_cast<int64_t>(rows.affected_rows());
  });
}

ApiRequestCountSweeper::ApiRequestCountSweeper(ApiRequestCounts& counts, absl::Duration retention,
                                               absl::Duration interval)
    : counts_(counts), retention_(retention), interval_(interval) {}

ApiRequestCountSweeper::~ApiRequestCountSweeper() {
  if (thread_.joinable()) Stop();
}

void ApiRequestCountSweeper::Start() {
  thread_ = std::thread([this] { Run(); });
}

void ApiRequestCountSweeper::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ApiRequestCountSweeper::Run() {
  bool failing = false;
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    lock.unlock();
    absl::StatusOr<int64_t> deleted = counts_.DeleteBefore(absl::Now() - retention_);
    if (deleted.ok()) {
      failing = false;
    } else if (!failing) {  // once per outage, not every interval
      failing = true;
      log::Warning("cannot delete old API request counts",
                   {{"error", std::string(deleted.status().message())}});
    }
    lock.lock();
    cv_.wait_for(lock, absl::ToChronoMilliseconds(interval_), [this] { return stopping_; });
  }
}

}  // namespace rect::identity
