// Teachers' storage: the SQL behind tracked teachers' TRS snapshots, their background refresh
// and the audit of TRS look-ups. The interface lets service tests substitute a failing store.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/common/pg_pool.h"
#include "services/teachers/trs_rules.h"

namespace rect::teachers {

struct TrackResult {
  bool newly_tracked = false;
  absl::Time tracked_at;
};

// What TRS answered at the last refresh.
enum class TrsResponse { kNotYetRefreshed, kFound, kNotFound, kDeactivated, kMerged };

struct TeacherSnapshotRecord {
  std::string trn;
  std::string first_name;
  std::string last_name;
  std::string induction_status;  // empty when unknown
  std::optional<absl::CivilDay> induction_start_date;
  std::optional<absl::CivilDay> induction_completed_date;
  std::optional<absl::CivilDay> qts_awarded_on;
  std::string qts_status_description;  // empty when unknown
  bool prohibited_from_teaching = false;
  TrsResponse trs_response = TrsResponse::kNotYetRefreshed;
  std::string merged_into_trn;  // empty unless merged
  absl::Time tracked_at;
  std::optional<absl::Time> refreshed_at;
};

// One TRS look-up as audited: the TRN and what happened, never the date of birth or NINO
// that went with it (there is no column for one).
struct LookupRecord {
  enum class Purpose { kFind, kFindByNino, kRefresh };
  enum class Outcome {
    kFound,
    kDateOfBirthMismatch,
    kNotFound,
    kDeactivated,
    kMerged,
    kUnavailable,  // TRS did not answer, answered 429/5xx, or the circuit was open
    kError,        // TRS answered something unusable
  };
  std::string trn;
  Purpose purpose = Purpose::kFind;
  Outcome outcome = Outcome::kUnavailable;
  absl::Duration latency;
};

class TeacherStore {
 public:
  virtual ~TeacherStore() = default;
  // Inserts a snapshot for `trn` unless there is one; an existing snapshot is left unchanged.
  virtual absl::StatusOr<TrackResult> TrackTeacher(const std::string& trn,
                                                   const std::string& first_name,
                                                   const std::string& last_name) = 0;
  // NOT_FOUND when the TRN is not tracked.
  virtual absl::StatusOr<TeacherSnapshotRecord> GetTeacherSnapshot(const std::string& trn) = 0;

  virtual absl::Status RecordLookup(const LookupRecord& lookup) = 0;

  // Claims up to `limit` snapshots due for refresh, least recently refreshed first, and makes
  // them not due for `lease` so that other replicas skip them meanwhile. Returns their TRNs.
  virtual absl::StatusOr<std::vector<std::string>> ClaimSnapshotsDue(int limit,
                                                                     absl::Duration lease) = 0;
  // TRS found the teacher: stores the facts (keeping the old names when TRS gave none), clears
  // the failures and makes the snapshot due again after `refresh_after`.
  virtual absl::Status SaveRefreshFound(const TeacherFacts& facts,
                                        absl::Duration refresh_after) = 0;
  // TRS answered 404, 410 or 308 (with `merged_into_trn`): recorded, and never refreshed again.
  virtual absl::Status SaveRefreshGone(const std::string& trn, TrsResponse response,
                                       const std::string& merged_into_trn) = 0;
  // The refresh failed: counts the failure and backs off 2^failures seconds, the exponent
  // capped at `max_backoff_exponent`. `error` (no personal data) is kept for operators.
  virtual absl::Status SaveRefreshFailed(const std::string& trn, absl::string_view error,
                                         int max_backoff_exponent) = 0;
};

class PgTeacherStore : public TeacherStore {
 public:
  explicit PgTeacherStore(PgPool& pool) : pool_(pool) {}
  absl::StatusOr<TrackResult> TrackTeacher(const std::string& trn, const std::string& first_name,
                                           const std::string& last_name) override;
  absl::StatusOr<TeacherSnapshotRecord> GetTeacherSnapshot(const std::string& trn) override;
  absl::Status RecordLookup(const LookupRecord& lookup) override;
  absl::StatusOr<std::vector<std::string>> ClaimSnapshotsDue(int limit,
                                                             absl::Duration lease) override;
  absl::Status SaveRefreshFound(const TeacherFacts& facts, absl::Duration refresh_after) override;
  absl::Status SaveRefreshGone(const std::string& trn, TrsResponse response,
                               const std::string& merged_into_trn) override;
  absl::Status SaveRefreshFailed(const std::string& trn, absl::string_view error,
                                 int max_backoff_exponent) override;

 private:
  PgPool& pool_;
};

}  // namespace rect::teachers
