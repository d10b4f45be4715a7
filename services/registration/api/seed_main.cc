// api_seed: applies the registration migrations, then the Lead Provider API demo data
// (participants, declarations, statements for the seeded lead providers). Safe to re-run. The
// database comes from --database_url or RECT_REGISTRATION_DATABASE_URL.
#include <iostream>

#include "absl/flags/flag.h"
#include "services/common/migrations.h"
#include "services/common/options.h"
#include "services/common/pg_pool.h"
#include "services/registration/api/seed.h"
#include "services/registration/migrations.h"

ABSL_FLAG(std::string, database_url, "", "registration database (libpq URI or conninfo)");

int main(int argc, char** argv) {
  rect::ParseFlagsWithEnvironment(argc, argv, "RECT_REGISTRATION_", {"database_url"});
  if (absl::GetFlag(FLAGS_database_url).empty()) {
    std::cerr << "usage: api_seed --database_url=postgresql://...\n";
    return 2;
  }
  rect::PgPool pool({absl::GetFlag(FLAGS_database_url), 1, absl::Seconds(10)}, nullptr);
  absl::Status migrated = pool.Run([](pqxx::connection& c) {
    return rect::ApplyMigrations(c, rect::registration::Migrations()).status();
  });
  if (!migrated.ok()) {
    std::cerr << "migrations failed: " << migrated.message() << "\n";
    return 3;
  }
  if (absl::Status seeded = rect::registration::api::ApplySeed(pool); !seeded.ok()) {
    std::cerr << "seed failed: " << seeded.message() << "\n";
    return 3;
  }
  std::cout << "lead provider API seed applied\n";
  return 0;
}
