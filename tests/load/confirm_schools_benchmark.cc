// "Confirm your schools" on a 10,000-row CSV: the upload checks, URN extraction and the six
// URN rules over an in-memory view of 25,000 schools (the pure functions the upload page and
// the partnerships service run; the database lookups they make are measured separately).
//
//   bazel run --config=opt //tests/load:confirm_schools_benchmark -- --benchmark_format=json
#include <benchmark/benchmark.h>

#include <string>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "services/partnerships/confirm_schools.h"

namespace rect::partnerships {
namespace {

constexpr int kSchools = 25000;
constexpr char kLeadProvider[] = "11111111-1111-4111-8111-000000000001";
constexpr char kOtherProvider[] = "11111111-1111-4111-8111-000000000002";

// Every tenth row has a problem, spread over the rules: unknown URNs, duplicates (also with
// leading zeros), ineligible, CIP-only, already confirmed, another provider's school.
std::string Csv(int rows) {
  std::string csv = "\xEF\xBB\xBFURN\r\n";
  for (int i = 0; i < rows; ++i) {
    const int urn = 200000 + (i % kSchools);
    if (i % 50 == 7) {
      absl::StrAppend(&csv, "9", urn, "\r\n");  // no such school
    } else if (i % 50 == 13) {
      absl::StrAppend(&csv, "00", 200000 + ((i + 1) % kSchools), "\r\n");  // a duplicate
    } else {
      absl::StrAppend(&csv, " ", urn, " ,\r\n");
    }
  }
  return csv;
}

std::unordered_map<std::string, SchoolFacts> Schools() {
  std::unordered_map<std::string, SchoolFacts> schools;
  for (int i = 0; i < kSchools; ++i) {
    SchoolFacts facts;
    facts.found = true;
    facts.school_id = absl::StrCat("00000000-0000-4000-8000-", 100000000000 + i);
    facts.name = absl::StrCat("School ", i);
    facts.eligible = i % 40 != 3;
    facts.cip_only = i % 40 == 3;
    facts.has_school_cohort = i % 30 != 5;
    if (i % 45 == 9) facts.lead_providers_in_cohort.push_back(kLeadProvider);
    if (i % 45 == 11) facts.lead_providers_in_cohort.push_back(kOtherProvider);
    facts.partnered_in_previous_cohort = i % 3 == 0;
    schools.emplace(absl::StrCat(200000 + i), std::move(facts));
  }
  return schools;
}

void BM_ConfirmSchoolsCsv(benchmark::State& state) {
  const std::string csv = Csv(static_cast<int>(state.range(0)));
  const std::unordered_map<std::string, SchoolFacts> schools = Schools();
  const SchoolFacts missing;
  for (auto _ : state) {
    absl::Status file = CheckUploadedFile("schools.csv", csv.size());
    benchmark::DoNotOptimize(file);
    UrnUpload upload = ExtractUrns(csv);
    UploadCheck check = CheckUpload(
        upload,
        [&](const std::string& urn) {
          auto it = schools.find(urn);
          return it == schools.end() ? missing : it->second;
        },
        kLeadProvider);
    benchmark::DoNotOptimize(check);
    state.counters["rows_with_errors"] = check.rows_with_errors;
    state.counters["valid_schools"] = static_cast<double>(check.valid_school_ids.size());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(csv.size()));
}
BENCHMARK(BM_ConfirmSchoolsCsv)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace rect::partnerships

BENCHMARK_MAIN();
