#include "services/partnerships/gias_import.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "services/common/status.h"
#include "services/partnerships/gias_establishment.h"

namespace rect::partnerships {

absl::StatusOr<GiasImportReport> ImportGiasExtract(absl::string_view latin1_csv,
                                                   PartnershipsStore& store, int batch_size) {
  if (batch_size < 1) return absl::InvalidArgumentError("batch size must be at least 1");
  ASSIGN_OR_RETURN(GiasExtract extract, ReadGiasExtract(latin1_csv));
  GiasImportReport report;
  report.rows = static_cast<int>(extract.rows.size() + extract.errors.size());
  report.invalid = std::move(extract.errors);

  std::vector<GiasSchoolWrite> writes;
  std::vector<int> lines;
  std::map<std::string, int> first_line_of_urn;
  for (const GiasRow& row : extract.rows) {
    absl::StatusOr<GiasSchool> school = GiasSchoolFromEstablishment(row.establishment);
    if (!school.ok()) {
      report.invalid.push_back({row.line, std::string(school.status().message())});
      continue;
    }
    auto [it, first] = first_line_of_urn.emplace(school->urn, row.line);
    if (!first) {
      report.invalid.push_back(
          {row.line, absl::StrCat("URN ", school->urn, " repeats line ", it->second)});
      continue;
    }
    const Eligibility eligibility = EligibilityOf(*school);
    writes.push_back({std::move(*school), eligibility});
    lines.push_back(row.line);
  }

  for (size_t start = 0; start < writes.size(); start += batch_size) {
    const size_t end = std::min(writes.size(), start + batch_size);
    const std::vector<GiasSchoolWrite> batch(writes.begin() + start, writes.begin() + end);
    absl::StatusOr<std::vector<UpsertResult>> results = store.UpsertGiasSchools(batch);
    if (!results.ok()) {
      return absl::Status(results.status().code(),
                          absl::StrCat("rows on lines ", lines[start], " to ", lines[end - 1],
                                       " not saved: ", results.status().message()));
    }
    for (size_t i = 0; i < results->size(); ++i) {
      const UpsertResult& result = (*results)[i];
      switch (result.outcome) {
        case UpsertOutcome::kInserted:
          ++report.inserted;
          break;
        case UpsertOutcome::kUpdated:
          ++report.updated;
          break;
        case UpsertOutcome::kUnchanged:
          ++report.unchanged;
          break;
        case UpsertOutcome::kRejected:
          report.invalid.push_back({lines[start + i], result.error});
          break;
      }
    }
  }
  std::stable_sort(report.invalid.begin(), report.invalid.end(),
                   [](const GiasRowError& a, const GiasRowError& b) { return a.line < b.line; });
  return report;
}

std::string FormatGiasImportReport(const GiasImportReport& report) {
  std::string text = absl::StrCat(report.rows, " rows: ", report.inserted, " inserted, ",
                                  report.updated, " updated, ", report.unchanged, " unchanged, ",
                                  report.invalid.size(), " invalid\n");
  for (const GiasRowError& error : report.invalid) {
    absl::StrAppend(&text, "line ", error.line, ": ", error.reason, "\n");
  }
  return text;
}

}  // namespace rect::partnerships
