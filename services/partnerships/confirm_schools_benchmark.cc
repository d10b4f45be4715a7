// How long checking a 10,000-row "Confirm your schools" CSV takes: extracting the URNs, one
// batched look-up of every school's facts in a real PostgreSQL database of 10,000 schools (a
// tenth of them partnered), and categorising each row. The page needs this well under a second.
//
//   bazel test //services/partnerships:confirm_schools_benchmark --test_output=all \
//     --test_env=RECT_TEST_PG="host=127.0.0.1 port=35393 user=rect"
#include <benchmark/benchmark.h>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "services/common/testing/service_fixture.h"
#include "services/partnerships/confirm_schools.h"
#include "services/partnerships/confirm_store.h"
#include "services/partnerships/migrations.h"
#include "services/partnerships/seed.h"

namespace rect::partnerships {
namespace {

constexpr int kRows = 10000;
constexpr char kLp1[] = "11111111-1111-4111-8111-000000000001";
constexpr char kLp2[] = "11111111-1111-4111-8111-000000000002";

// The seed data plus 10,000 schools with URNs 200000.., every tenth partnered by LP2 in 2021.
testing::MigratedDatabase& Database() {
  static testing::MigratedDatabase* db = [] {
    auto* database = new testing::MigratedDatabase(Migrations());
    if (!ApplySeed(database->pool()).ok()) std::abort();
    pqxx::connection c(database->conninfo());
    pqxx::work txn(c);
    txn.exec0(
        "INSERT INTO gias_schools (urn, name, type_code, status_code, open, in_england, "
        "eligible, cip_only) SELECT (200000 + n)::text, 'School ' || n, 1, 1, true, true, true, "
        "false FROM generate_series(0, 9999) AS n");
    txn.exec_params0(
        "INSERT INTO partnerships (school_id, lead_provider_id, delivery_partner_id, "
        "contract_period_year) SELECT id, $1, '22222222-2222-4222-8222-000000000003', 2021 "
        "FROM gias_schools WHERE urn::int >= 200000 AND urn::int % 10 = 0",
        kLp2);
    txn.commit();
    return database;
  }();
  return *db;
}

std::string TenThousandRowCsv() {
  std::string csv = "URN\n";
  for (int i = 0; i < kRows; ++i) absl::StrAppend(&csv, 200000 + i, "\n");
  return csv;
}

void BM_CheckTenThousandRowUpload(benchmark::State& state) {
  PgConfirmSchoolsStore store(Database().pool());
  const std::string csv = TenThousandRowCsv();
  for (auto _ : state) {
    const UrnUpload upload = ExtractUrns(csv);
    std::vector<std::string> urns;
    urns.reserve(upload.rows.size());
    for (const UploadedUrn& row : upload.rows) {
      if (!row.urn.empty()) urns.push_back(row.urn);
    }
    absl::StatusOr<std::map<std::string, SchoolFacts>> facts = store.LookupSchoolFacts(urns, 2021);
    if (!facts.ok()) {
      state.SkipWithError(std::string(facts.status().message()).c_str());
      break;
    }
    const UploadCheck check = CheckUpload(
        upload,
        [&](const std::string& urn) {
          auto found = facts->find(urn);
          return found == facts->end() ? SchoolFacts{} : found->second;
        },
        kLp1);
    if (check.rows.size() != kRows + 1 || check.rows_with_errors != kRows / 10 + 1) {
      state.SkipWithError("unexpected check result");
      break;
    }
    benchmark::DoNotOptimize(check);
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}
BENCHMARK(BM_CheckTenThousandRowUpload)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace rect::partnerships

BENCHMARK_MAIN();
