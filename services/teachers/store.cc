#include "services/teachers/store.h"

#include <pqxx/pqxx>

#include "services/common/status.h"

namespace rect::teachers {
namespace {

absl::Time TimeFrom(const pqxx::field& epoch_seconds) {
  return absl::FromUnixSeconds(epoch_seconds.as<int64_t>());
}

// Dates are selected as to_char(d, 'YYYY-MM-DD'), so they parse whatever the DateStyle.
absl::StatusOr<std::optional<absl::CivilDay>> DayFrom(const pqxx::field& iso_date) {
  if (iso_date.is_null()) return std::nullopt;
  absl::CivilDay day;
  if (!absl::ParseCivilTime(iso_date.as<std::string>(), &day)) {
    return absl::InternalError("database: unreadable date in teacher_snapshots");
  }
  return day;
}

absl::StatusOr<TrsResponse> TrsResponseFrom(const pqxx::field& field) {
  if (field.is_null()) return TrsResponse::kNotYetRefreshed;
  const std::string value = field.as<std::string>();
  if (value == "found") return TrsResponse::kFound;
  if (value == "not_found") return TrsResponse::kNotFound;
  if (value == "deactivated") return TrsResponse::kDeactivated;
  if (value == "merged") return TrsResponse::kMerged;
  return absl::InternalError("database: unknown trs_response in teacher_snapshots");
}

}  // namespace

absl::StatusOr<TrackResult> PgTeacherStore::TrackTeacher(const std::string& trn,
                                                         const std::string& first_name,
                                                         const std::string& last_name) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<TrackResult> {
    // A concurrent insert of the same TRN makes this wait for it, then do nothing; the SELECT
    // (a new snapshot under READ COMMITTED) then sees the winner's row.
    pqxx::result inserted = txn.exec_params(
        "INSERT INTO teacher_snapshots (trn, first_name, last_name) VALUES ($1, $2, $3) "
        "ON CONFLICT (trn) DO NOTHING "
        "RETURNING floor(extract(epoch FROM tracked_at))::bigint",
        trn, first_name, last_name);
    if (!inserted.empty()) return TrackResult{true, TimeFrom(inserted[0][0])};
    pqxx::result existing = txn.exec_params(
        "SELECT floor(extract(epoch FROM tracked_at))::bigint FROM teacher_snapshots "
        "WHERE trn = $1",
        trn);
    if (existing.empty()) return absl::AbortedError("teacher snapshot removed meanwhile; retry");
    return TrackResult{false, TimeFrom(existing[0][0])};
  });
}

absl::StatusOr<TeacherSnapshotRecord> PgTeacherStore::GetTeacherSnapshot(const std::string& trn) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<TeacherSnapshotRecord> {
    pqxx::result rows = txn.exec_params(
        "SELECT trn, first_name, last_name, coalesce(induction_status, ''), "
        "to_char(induction_start_date, 'YYYY-MM-DD'), "
        "to_char(induction_completed_date, 'YYYY-MM-DD'), "
        "to_char(qts_awarded_on, 'YYYY-MM-DD'), coalesce(qts_status_description, ''), "
        "prohibited_from_teaching, trs_response, coalesce(merged_into_trn, ''), "
        "floor(extract(epoch FROM tracked_at))::bigint, "
        "floor(extract(epoch FROM refreshed_at))::bigint "
        "FROM teacher_snapshots WHERE trn = $1",
        trn);
    if (rows.empty()) return absl::NotFoundError("no teacher snapshot for that TRN");
    const pqxx::row row = rows[0];
    TeacherSnapshotRecord record;
    record.trn = row[0].as<std::string>();
    record.first_name = row[1].as<std::string>();
    record.last_name = row[2].as<std::string>();
    record.induction_status = row[3].as<std::string>();
    ASSIGN_OR_RETURN(record.induction_start_date, DayFrom(row[4]));
    ASSIGN_OR_RETURN(record.induction_completed_date, DayFrom(row[5]));
    ASSIGN_OR_RETURN(record.qts_awarded_on, DayFrom(row[6]));
    record.qts_status_description = row[7].as<std::string>();
    record.prohibited_from_teaching = row[8].as<bool>();
    ASSIGN_OR_RETURN(record.trs_response, TrsResponseFrom(row[9]));
    record.merged_into_trn = row[10].as<std::string>();
    record.tracked_at = TimeFrom(row[11]);
    if (!row[12].is_null()) record.refreshed_at = TimeFrom(row[12]);
    return record;
  });
}

}  // namespace rect::teachers
