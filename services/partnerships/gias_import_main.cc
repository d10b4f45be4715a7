// gias_import: loads a GIAS establishments extract (ISO-8859-1 CSV) into the partnerships
// database, applying its migrations first. Safe to re-run. Exit status 0 when every row was
// stored, 1 when some rows were invalid (all others stored), 2 on a configuration or file error,
// 3 when the database failed part-way (re-run to finish).
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/flags/flag.h"
#include "services/common/migrations.h"
#include "services/common/options.h"
#include "services/common/pg_pool.h"
#include "services/partnerships/gias_import.h"
#include "services/partnerships/migrations.h"

ABSL_FLAG(std::string, file, "", "GIAS establishments CSV (ISO-8859-1, header row)");
ABSL_FLAG(std::string, database_url, "", "partnerships database (libpq URI or conninfo)");
ABSL_FLAG(int, batch_size, 500, "rows per transaction");

int main(int argc, char** argv) {
  rect::ParseFlagsWithEnvironment(argc, argv, "RECT_PARTNERSHIPS_", {"database_url"});
  const std::string path = absl::GetFlag(FLAGS_file);
  if (path.empty() || absl::GetFlag(FLAGS_database_url).empty()) {
    std::cerr << "usage: gias_import --file=edubase.csv --database_url=postgresql://...\n";
    return 2;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "cannot read " << path << "\n";
    return 2;
  }
  std::ostringstream contents;
  contents << in.rdbuf();

  rect::PgPool pool({absl::GetFlag(FLAGS_database_url), 1, absl::Seconds(10)}, nullptr);
  absl::Status migrated = pool.Run([](pqxx::connection& c) {
    return rect::ApplyMigrations(c, rect::partnerships::Migrations()).status();
  });
  if (!migrated.ok()) {
    std::cerr << "migrations failed: " << migrated.message() << "\n";
    return 3;
  }
  rect::partnerships::PgPartnershipsStore store(pool);
  absl::StatusOr<rect::partnerships::GiasImportReport> report =
      rect::partnerships::ImportGiasExtract(contents.str(), store, absl::GetFlag(FLAGS_batch_size));
  if (!report.ok()) {
    std::cerr << path << ": " << report.status().message() << "\n";
    return absl::IsInvalidArgument(report.status()) ? 2 : 3;
  }
  std::cout << rect::partnerships::FormatGiasImportReport(*report);
  return report->invalid.empty() ? 0 : 1;
}
