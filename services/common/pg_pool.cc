#include "services/common/pg_pool.h"

#include <chrono>

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>
#include <pqxx/except>
#include <pqxx/pqxx>

#include "services/common/pg_status.h"

namespace rect {

PgPool::PgPool(Options options, prometheus::Registry* registry)
    : options_(std::move(options)), slots_(options_.size > 0 ? options_.size : 1) {
  if (registry == nullptr) return;
  in_use_ = &prometheus::BuildGauge()
                 .Name("rect_db_pool_connections_in_use")
                 .Help("Database connections currently lent out")
                 .Register(*registry)
                 .Add({});
  prometheus::BuildGauge()
      .Name("rect_db_pool_size")
      .Help("Database connections the pool may hold")
      .Register(*registry)
      .Add({})
      .Set(size());
  auto& events = prometheus::BuildCounter()
                     .Name("rect_db_pool_events_total")
                     .Help("Pool events: waits for a free connection, timeouts, failures")
                     .Register(*registry);
  waits_ = &events.Add({{"event", "wait"}});
  timeouts_ = &events.Add({{"event", "acquire_timeout"}});
  connect_errors_ = &events.Add({{"event", "connect_error"}});
  connection_failures_ = &events.Add({{"event", "connection_failure"}});
}

PgPool::~PgPool() = default;

absl::StatusOr<int> PgPool::Acquire() {
  std::unique_lock<std::mutex> lock(mu_);
  auto free_slot = [&]() -> int {
    for (size_t i = 0; i < slots_.size(); ++i) {
      if (!slots_[i].busy) return static_cast<int>(i);
    }
    return -1;
  };
  int slot = free_slot();
  if (slot < 0) {
    if (waits_) waits_->Increment();
    const auto deadline =
        std::chrono::steady_clock::now() + absl::ToChronoMilliseconds(options_.acquire_timeout);
    if (!available_.wait_until(lock, deadline, [&] { return (slot = free_slot()) >= 0; })) {
      if (timeouts_) timeouts_->Increment();
      return absl::UnavailableError("database pool exhausted: no free connection in time");
    }
  }
  Slot& s = slots_[slot];
  s.busy = true;
  const bool stale = s.connection == nullptr || s.generation < generation_;
  const int generation = generation_;
  if (in_use_) in_use_->Increment();
  lock.unlock();

  if (stale) {
    try {
      s.connection.reset();
      s.connection = std::make_unique<pqxx::connection>(options_.conninfo);
      s.generation = generation;
    } catch (const std::exception& e) {
      if (connect_errors_) connect_errors_->Increment();
      Release(slot, /*broken=*/true);
      return StatusFromException(e);
    }
  }
  return slot;
}

void PgPool::Release(int slot, bool broken) {
  std::lock_guard<std::mutex> lock(mu_);
  Slot& s = slots_[slot];
  if (broken) {
    s.connection.reset();
    ++generation_;
  }
  s.busy = false;
  if (in_use_) in_use_->Decrement();
  available_.notify_one();
}

absl::Status PgPool::RunOnConnection(absl::FunctionRef<void(pqxx::connection&)> fn) {
  absl::Status last;
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto slot = Acquire();
    if (!slot.ok()) return slot.status();
    try {
      fn(*slots_[*slot].connection);
      Release(*slot, false);
      return absl::OkStatus();
    } catch (const pqxx::in_doubt_error& e) {
      // The commit may have happened: never run the work again.
      Release(*slot, true);
      if (connection_failures_) connection_failures_->Increment();
      return StatusFromException(e);
    } catch (const std::exception& e) {
      const bool broken = IsConnectionFailure(e);
      Release(*slot, broken);
      last = StatusFromException(e);
      if (!broken) return last;
      if (connection_failures_) connection_failures_->Increment();
    }
  }
  return last;
}

absl::Status PgPool::Ping() {
  return Run([](pqxx::connection& c) {
    pqxx::nontransaction txn(c);
    txn.exec("SELECT 1");
    return absl::OkStatus();
  });
}

}  // namespace rect
