// Schema migrations: numbered SQL files compiled into each service binary (see
// migrations.bzl) and applied at start-up in one transaction under an advisory lock, so
// several replicas starting at once apply each migration exactly once.
#pragma once

#include <string>
#include <vector>

#include <pqxx/connection>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace rect {

struct Migration {
  int version;       // from the file name: 001_create_tokens.sql -> 1
  std::string name;  // the file name without directory
  std::string sql;
};

// Parses "NNN_name.sql" into a Migration; INVALID_ARGUMENT for any other name.
absl::StatusOr<Migration> MakeMigration(std::string file_name, std::string sql);

// Checks versions are unique, then applies those not yet in schema_migrations in version order.
// Fails if an applied version was recorded under another name. Returns how many were applied.
absl::StatusOr<int> ApplyMigrations(pqxx::connection& connection,
                                    std::vector<Migration> migrations);

}  // namespace rect
