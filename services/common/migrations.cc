#include "services/common/migrations.h"

#include <algorithm>
#include <map>

#include <pqxx/pqxx>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "services/common/pg_status.h"

namespace rect {
namespace {

// Arbitrary constant shared by every service: each service has its own database, so the
// lock only serialises replicas of one service.
constexpr int64_t kMigrationLockKey = 0x52454354'4d494752;  // "RECTMIGR"

}  // namespace

absl::StatusOr<Migration> MakeMigration(std::string file_name, std::string sql) {
  std::string base = file_name.substr(file_name.find_last_of('/') + 1);
  const size_t underscore = base.find('_');
  int version = 0;
  if (underscore == 0 || underscore == std::string::npos || !absl::EndsWith(base, ".sql") ||
      !std::all_of(base.begin(), base.begin() + underscore, absl::ascii_isdigit) ||
      !absl::SimpleAtoi(base.substr(0, underscore), &version) || version <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("migration file name must look like 001_description.sql: ", base));
  }
  return Migration{version, base, std::move(sql)};
}

absl::StatusOr<int> ApplyMigrations(pqxx::connection& connection,
                                    std::vector<Migration> migrations) {
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (size_t i = 1; i < migrations.size(); ++i) {
    if (migrations[i].version == migrations[i - 1].version) {
      return absl::InvalidArgumentError(absl::StrCat("two migrations with version ",
                                                     migrations[i].version, ": ",
                                                     migrations[i - 1].name, ", ",
                                                     migrations[i].name));
    }
  }
  try {
    pqxx::work txn(connection);
    txn.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLockKey);
    txn.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "  version integer PRIMARY KEY,"
        "  name text NOT NULL,"
        "  applied_at timestamptz NOT NULL DEFAULT now())");
    std::map<int, std::string> applied;
    for (const auto& row : txn.exec("SELECT version, name FROM schema_migrations")) {
      applied[row[0].as<int>()] = row[1].as<std::string>();
    }
    int count = 0;
    for (const Migration& m : migrations) {
      auto it = applied.find(m.version);
      if (it != applied.end()) {
        if (it->second != m.name) {
          return absl::FailedPreconditionError(absl::StrCat(
              "migration ", m.version, " was applied as ", it->second, " but is now ", m.name));
        }
        continue;
      }
      try {
        txn.exec(m.sql);
      } catch (const std::exception& e) {
        absl::Status s = StatusFromException(e);
        return absl::Status(s.code(), absl::StrCat("migration ", m.name, ": ", s.message()));
      }
      txn.exec_params("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", m.version,
                      m.name);
      ++count;
    }
    txn.commit();
    return count;
  } catch (const std::exception& e) {
    return StatusFromException(e);
  }
}

}  // namespace rect
