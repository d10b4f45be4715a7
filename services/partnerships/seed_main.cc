// seed: applies the partnerships migrations, then the seed data set of partnerships.md §9.
// Safe to re-run. The database comes from --database_url or RECT_PARTNERSHIPS_DATABASE_URL.
#include <iostream>

#include "absl/flags/flag.h"
#include "services/common/migrations.h"
#include "services/common/options.h"
#include "services/common/pg_pool.h"
#include "services/partnerships/migrations.h"
#include "services/partnerships/seed.h"

ABSL_FLAG(std::string, database_url, "", "partnerships database (libpq URI or conninfo)");

int main(int argc, char** argv) {
  rect::ParseFlagsWithEnvironment(argc, argv, "RECT_PARTNERSHIPS_", {"database_url"});
  if (absl::GetFlag(FLAGS_database_url).empty()) {
    std::cerr << "usage: seed --database_url=postgresql://...\n";
    return 2;
  }
  rect::PgPool pool({absl::GetFlag(FLAGS_database_url), 1, absl::Seconds(10)}, nullptr);
  absl::Status migrated = pool.Run([](pqxx::connection& c) {
    return rect::ApplyMigrations(c, rect::partnerships::Migrations()).status();
  });
  if (!migrated.ok()) {
    std::cerr << "migrations failed: " << migrated.message() << "\n";
    return 3;
  }
  absl::StatusOr<rect::partnerships::GiasImportReport> report = rect::partnerships::ApplySeed(pool);
  if (!report.ok()) {
    std::cerr << "seed failed: " << report.status().message() << "\n";
    return 3;
  }
  std::cout << "partnerships seed applied; schools "
            << rect::partnerships::FormatGiasImportReport(*report);
  return 0;
}
