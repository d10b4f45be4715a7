// The background refresh of registered teachers' TRS snapshots: every interval, up to a batch
// of the least recently refreshed snapshots that are due, one TRS request at a time and spaced
// out, so TRS sees a bounded rate (school-journeys.md §5: 50 a minute, 1 s apart).
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/server.h"
#include "services/teachers/store.h"
#include "services/teachers/trs_client.h"

namespace rect::teachers {

class SnapshotRefresher : public BackgroundJob {
 public:
  struct Options {
    int batch_size = 50;                             // snapshots per batch; 0 = never refresh
    absl::Duration interval = absl::Minutes(1);      // from one batch's end to the next start
    absl::Duration spacing = absl::Seconds(1);       // between two teachers of a batch
    absl::Duration refresh_after = absl::Hours(24);  // a found teacher is due again after this
    absl::Duration lease = absl::Minutes(10);        // a claimed snapshot is hidden this long
    int max_backoff_exponent = 15;                   // failures back off 2^n s, n capped here
  };

  // `now` gives "today" for the prohibition rule.
  SnapshotRefresher(
      TeacherStore& store, TrsClient& trs, Options options,
      std::function<absl::Time()> now = [] { return absl::Now(); });
  ~SnapshotRefresher() override;

  // Refreshes up to one batch now and returns how many snapshots it asked TRS about. Stops
  // early when the circuit is open or Stop() was called. Errors only for the database.
  absl::StatusOr<int> RefreshBatch();

  // Start runs RefreshBatch every interval on a thread of its own (the first batch after one
  // interval). Stop wakes it and joins it: a TRS request in flight ends within its timeout.
  void Start() override;
  void Stop() override;

 private:
  // Refreshes one claimed snapshot; sets *trs_failed when TRS could not answer. Errors only
  // for the database.
  absl::Status RefreshOne(const std::string& trn, bool* trs_failed);
  // Sleeps `delay`; false (at once) when stopping.
  bool Wait(absl::Duration delay);

  TeacherStore& store_;
  TrsClient& trs_;
  const Options options_;
  std::function<absl::Time()> now_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace rect::teachers
