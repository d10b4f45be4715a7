// Teachers' storage: the SQL behind tracked teachers' TRS snapshots. The interface lets service
// tests substitute a failing store.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/common/pg_pool.h"

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

class TeacherStore {
 public:
  virtual ~TeacherStore() = default;
  // Inserts a snapshot for `trn` unless there is one; an existing snapshot is left unchanged.
  virtual absl::StatusOr<TrackResult> TrackTeacher(const std::string& trn,
                                                   const std::string& first_name,
                                                   const std::string& last_name) = 0;
  // NOT_FOUND when the TRN is not tracked.
  virtual absl::StatusOr<TeacherSnapshotRecord> GetTeacherSnapshot(const std::string& trn) = 0;
};

class PgTeacherStore : public TeacherStore {
 public:
  explicit PgTeacherStore(PgPool& pool) : pool_(pool) {}
  absl::StatusOr<TrackResult> TrackTeacher(const std::string& trn, const std::string& first_name,
                                           const std::string& last_name) override;
  absl::StatusOr<TeacherSnapshotRecord> GetTeacherSnapshot(const std::string& trn) override;

 private:
  PgPool& pool_;
};

}  // namespace rect::teachers
