// The Lead Provider API demo data (seed/seed.sql): schedules and milestones, participants of the
// partnerships seed's 2021 partnerships, their declarations and statements. Safe to re-run.
#pragma once

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/common/pg_pool.h"

namespace rect::registration::api {

// seed/seed.sql, compiled in.
absl::string_view SeedSql();

// Applies the seed in one transaction (the schema must be migrated).
absl::Status ApplySeed(PgPool& pool);

}  // namespace rect::registration::api
