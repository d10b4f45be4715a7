// The seed data set of partnerships.md §9 (schools, lead providers, delivery partners, contract
// periods, relationships, partnerships), compiled into the binary. Safe to apply repeatedly.
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/pg_pool.h"
#include "services/partnerships/gias_import.h"

namespace rect::partnerships {

// seed/gias_schools.csv and seed/seed.sql as they were at build time.
absl::string_view SeedGiasCsv();
absl::string_view SeedSql();

// Imports the seed schools, then the other rows in one transaction. The database must be
// migrated. Returns the school import's counts.
absl::StatusOr<GiasImportReport> ApplySeed(PgPool& pool);

}  // namespace rect::partnerships
