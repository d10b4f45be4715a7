// A fixed-size pool of PostgreSQL connections. Each connection is used by one thread at a
// time; connections are opened lazily and replaced after a failure (e.g. a server restart).
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <pqxx/connection>
#include <pqxx/transaction>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace prometheus {
class Registry;
template <typename T>
class Family;
class Counter;
class Gauge;
}  // namespace prometheus

namespace rect {

class PgPool {
 public:
  struct Options {
    std::string conninfo;  // libpq connection string or URI
    int size = 4;
    absl::Duration acquire_timeout = absl::Seconds(2);
  };

  // `registry` may be null (no metrics). Does not connect: the database may be down at start.
  PgPool(Options options, prometheus::Registry* registry);
  ~PgPool();
  PgPool(const PgPool&) = delete;
  PgPool& operator=(const PgPool&) = delete;

  // Runs `fn(connection)`, which returns absl::Status or absl::StatusOr<T>. Exceptions become
  // a Status. A connection failure before commit is retried once on a fresh connection.
  template <typename Fn>
  auto Run(Fn&& fn) -> std::invoke_result_t<Fn&, pqxx::connection&> {
    using Result = std::invoke_result_t<Fn&, pqxx::connection&>;
    std::optional<Result> result;
    absl::Status status = RunOnConnection([&](pqxx::connection& c) { result.emplace(fn(c)); });
    if (!status.ok()) return Result(status);
    return std::move(*result);
  }

  // Runs `fn(transaction)` in one read-write transaction, committed only when `fn` succeeds.
  template <typename Fn>
  auto Transact(Fn&& fn) -> std::invoke_result_t<Fn&, pqxx::work&> {
    return Run([&](pqxx::connection& c) {
      pqxx::work txn(c);
      auto result = fn(txn);
      if (result.ok()) txn.commit();
      return result;
    });
  }

  // SELECT 1 on a pooled connection; OK when the database answers.
  absl::Status Ping();

  int size() const { return static_cast<int>(slots_.size()); }

 private:
  struct Slot {
    std::unique_ptr<pqxx::connection> connection;
    bool busy = false;
    int generation = 0;
  };

  absl::Status RunOnConnection(absl::FunctionRef<void(pqxx::connection&)> fn);
  absl::StatusOr<int> Acquire();
  void Release(int slot, bool broken);

  Options options_;
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<Slot> slots_;
  // Bumped when any connection fails, so connections opened before are replaced on next use.
  int generation_ = 0;

  prometheus::Gauge* in_use_ = nullptr;
  prometheus::Counter* waits_ = nullptr;
  prometheus::Counter* timeouts_ = nullptr;
  prometheus::Counter* connect_errors_ = nullptr;
  prometheus::Counter* connection_failures_ = nullptr;
};

}  // namespace rect
