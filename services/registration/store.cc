#include "services/registration/store.h"

#include <pqxx/pqxx>

namespace rect::registration {
namespace {

// The columns TeacherFromRow reads, in order; times as whole microseconds since the epoch.
constexpr char kTeacherColumns[] =
    "id, trn, trs_first_name, trs_last_name, coalesce(corrected_name, ''), "
    "(extract(epoch FROM created_at) * 1000000)::bigint, "
    "(extract(epoch FROM updated_at) * 1000000)::bigint";

TeacherRecord TeacherFromRow(const pqxx::row& row) {
  return TeacherRecord{row[0].as<std::string>(),
                       row[1].as<std::string>(),
                       row[2].as<std::string>(),
                       row[3].as<std::string>(),
                       row[4].as<std::string>(),
                       absl::FromUnixMicros(row[5].as<int64_t>()),
                       absl::FromUnixMicros(row[6].as<int64_t>())};
}

}  // namespace

absl::StatusOr<UpsertedTeacher> PgRegistrationStore::UpsertTeacher(const TeacherDetails& details) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<UpsertedTeacher> {
    // The update branch runs only when a new corrected name differs from the stored one, so a
    // repeat leaves updated_at alone. xmax = 0 marks a freshly inserted row.
    pqxx::result rows = txn.exec_params(
        std::string("INSERT INTO teachers (trn, trs_first_name, trs_last_name, corrected_name) "
                    "VALUES ($1, $2, $3, NULLIF($4, '')) "
                    "ON CONFLICT (trn) DO UPDATE "
                    "SET corrected_name = EXCLUDED.corrected_name, updated_at = now() "
                    "WHERE EXCLUDED.corrected_name IS NOT NULL "
                    "AND teachers.corrected_name IS DISTINCT FROM EXCLUDED.corrected_name "
                    "RETURNING ") +
            kTeacherColumns + ", xmax = 0",
        details.trn, details.trs_first_name, details.trs_last_name, details.corrected_name);
    if (!rows.empty()) return UpsertedTeacher{TeacherFromRow(rows[0]), rows[0][7].as<bool>()};
    // The teacher exists and nothing changed; the conflict check has locked the row.
    pqxx::row row = txn.exec_params1(
        std::string("SELECT ") + kTeacherColumns + " FROM teachers WHERE trn = $1", details.trn);
    return UpsertedTeacher{TeacherFromRow(row), false};
  });
}

absl::StatusOr<TeacherRecord> PgRegistrationStore::GetTeacherByTrn(const std::string& trn) {
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<TeacherRecord> {
    pqxx::read_transaction txn(c);
    pqxx::result rows = txn.exec_params(
        std::string("SELECT ") + kTeacherColumns + " FROM teachers WHERE trn = $1", trn);
    if (rows.empty()) return absl::NotFoundError("no teacher with that TRN");
    return TeacherFromRow(rows[0]);
  });
}

}  // namespace rect::registration
