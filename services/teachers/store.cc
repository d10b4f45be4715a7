#include "services/teachers/store.h"

#include <algorithm>
#include <cstdint>
#include <limits>
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

const char* PurposeName(LookupRecord::Purpose purpose) {
  switch (purpose) {
    case LookupRecord::Purpose::kFind:
      return "find";
    case LookupRecord::Purpose::kFindByNino:
      return "find_by_nino";
    case LookupRecord::Purpose::kRefresh:
      return "refresh";
  }
  return "find";
}

const char* OutcomeName(LookupRecord::Outcome outcome) {
  switch (outcome) {
    case LookupRecord::Outcome::kFound:
      return "found";
    case LookupRecord::Outcome::kDateOfBirthMismatch:
      return "date_of_birth_mismatch";
    case LookupRecord::Outcome::kNotFound:
      return "not_found";
    case LookupRecord::Outcome::kDeactivated:
      return "deactivated";
    case LookupRecord::Outcome::kMerged:
      return "merged";
    case LookupRecord::Outcome::kUnavailable:
      return "unavailable";
    case LookupRecord::Outcome::kError:
      return "error";
  }
  return "error";
}

const char* TrsResponseName(TrsResponse response) {
  switch (response) {
    case TrsResponse::kFound:
      return "found";
    case TrsResponse::kNotFound:
      return "not_found";
    case TrsResponse::kDeactivated:
      return "deactivated";
    case TrsResponse::kMerged:
      return "merged";
    case TrsResponse::kNotYetRefreshed:
      break;
  }
  return nullptr;
}

// A nullable date parameter: "YYYY-MM-DD", or null. The caller keeps the string alive.
std::optional<std::string> IsoDay(const std::optional<absl::CivilDay>& day) {
  if (!day) return std::nullopt;
  return absl::FormatCivilTime(*day);
}

const char* Nullable(const std::optional<std::string>& value) {
  return value ? value->c_str() : nullptr;
}

const char* NullIfEmpty(const std::string& value) {
  return value.empty() ? nullptr : value.c_str();
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

absl::Status PgTeacherStore::RecordLookup(const LookupRecord& lookup) {
  const int64_t latency_ms = std::max<int64_t>(0, absl::ToInt64Milliseconds(lookup.latency));
  return pool_.Transact([&](pqxx::work& txn) -> absl::Status {
    txn.exec_params(
        "INSERT INTO trs_lookups (trn, purpose, outcome, latency_ms) VALUES ($1, $2, $3, $4)",
        lookup.trn, PurposeName(lookup.purpose), OutcomeName(lookup.outcome),
        std::min<int64_t>(latency_ms, std::numeric_limits<int32_t>::max()));
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<std::string>> PgTeacherStore::ClaimSnapshotsDue(int limit,
                                                                           absl::Duration lease) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<std::vector<std::string>> {
    // SKIP LOCKED lets replicas claim disjoint batches at the same moment.
    const pqxx::result rows = txn.exec_params(
        "WITH due AS ("
        "  SELECT trn FROM teacher_snapshots"
        "  WHERE next_refresh_at IS NOT NULL AND next_refresh_at <= now()"
        "  ORDER BY refreshed_at ASC NULLS FIRST, trn LIMIT $1 FOR UPDATE SKIP LOCKED), "
        "claimed AS ("
        "  UPDATE teacher_snapshots s"
        "  SET next_refresh_at = now() + $2::float8 * interval '1 second'"
        "  FROM due WHERE s.trn = due.trn RETURNING s.trn, s.refreshed_at) "
        "SELECT trn FROM claimed ORDER BY refreshed_at ASC NULLS FIRST, trn",
        limit, absl::ToInt64Seconds(lease));
    std::vector<std::string> trns;
    for (const pqxx::row& row : rows) trns.push_back(row[0].as<std::string>());
    return trns;
  });
}

absl::Status PgTeacherStore::SaveRefreshFound(const TeacherFacts& facts,
                                              absl::Duration refresh_after) {
  const std::optional<std::string> start = IsoDay(facts.induction_start_date);
  const std::optional<std::string> completed = IsoDay(facts.induction_completed_date);
  const std::optional<std::string> qts = IsoDay(facts.qts_awarded_on);
  return pool_.Transact([&](pqxx::work& txn) -> absl::Status {
    // Values are cut to the columns' limits so that an unusual TRS record cannot fail a refresh.
    txn.exec_params(
        "UPDATE teacher_snapshots SET "
        "first_name = coalesce(nullif(left(btrim($2), 100), ''), first_name), "
        "last_name = coalesce(nullif(left(btrim($3), 100), ''), last_name), "
        "induction_status = left($4, 50), induction_start_date = $5::date, "
        "induction_completed_date = $6::date, qts_awarded_on = $7::date, "
        "qts_status_description = left($8, 200), prohibited_from_teaching = $9, "
        "trs_response = 'found', merged_into_trn = NULL, refreshed_at = now(), "
        "next_refresh_at = now() + $10::float8 * interval '1 second', refresh_failures = 0, "
        "last_refresh_error = NULL "
        "WHERE trn = $1",
        facts.trn, facts.first_name, facts.last_name, NullIfEmpty(facts.induction_status_name),
        Nullable(start), Nullable(completed), Nullable(qts),
        NullIfEmpty(facts.qts_status_description), facts.prohibited_from_teaching,
        absl::ToInt64Seconds(refresh_after));
    return absl::OkStatus();
  });
}

absl::Status PgTeacherStore::SaveRefreshGone(const std::string& trn, TrsResponse response,
                                             const std::string& merged_into_trn) {
  const char* name = TrsResponseName(response);
  if (name == nullptr || response == TrsResponse::kFound) {
    return absl::InvalidArgumentError("a refresh that found the teacher is not gone");
  }
  if ((response == TrsResponse::kMerged) == merged_into_trn.empty()) {
    return absl::InvalidArgumentError("a merged TRN goes with a merged answer, and only then");
  }
  return pool_.Transact([&](pqxx::work& txn) -> absl::Status {
    txn.exec_params(
        "UPDATE teacher_snapshots SET trs_response = $2, merged_into_trn = $3, "
        "refreshed_at = now(), next_refresh_at = NULL, refresh_failures = 0, "
        "last_refresh_error = NULL WHERE trn = $1",
        trn, name, NullIfEmpty(merged_into_trn));
    return absl::OkStatus();
  });
}

absl::Status PgTeacherStore::SaveRefreshFailed(const std::string& trn, absl::string_view error,
                                               int max_backoff_exponent) {
  const std::string message(error);
  return pool_.Transact([&](pqxx::work& txn) -> absl::Status {
    txn.exec_params(
        "UPDATE teacher_snapshots SET refresh_failures = refresh_failures + 1, "
        "next_refresh_at = now() + "
        "  power(2.0::float8, least(refresh_failures + 1, $3::int)) * interval '1 second', "
        "last_refresh_error = left($2, 500) WHERE trn = $1",
        trn, message, max_backoff_exponent);
    return absl::OkStatus();
  });
}

}  // namespace rect::teachers
