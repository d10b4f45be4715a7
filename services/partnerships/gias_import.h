// Importing a GIAS establishments extract into gias_schools: every readable row is upserted
// (closed, Welsh and ineligible schools too), in batches of one transaction each, and counted.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/partnerships/gias_csv.h"
#include "services/partnerships/store.h"

namespace rect::partnerships {

struct GiasImportReport {
  int rows = 0;  // data rows read, blank lines not counted
  int inserted = 0;
  int updated = 0;
  int unchanged = 0;
  std::vector<GiasRowError> invalid;  // by file line; none of these changed stored data
};

// Re-running with the same file changes nothing (every row counts as unchanged). A bad row is
// reported and skipped; a second row with the same URN is reported, the first one is kept.
// An error status (file header unusable, database failure) means later batches were not
// written; batches already committed stay, and re-running completes the import.
absl::StatusOr<GiasImportReport> ImportGiasExtract(absl::string_view latin1_csv,
                                                   PartnershipsStore& store, int batch_size);

// Human-readable summary: the counts, then one line per invalid row.
std::string FormatGiasImportReport(const GiasImportReport& report);

}  // namespace rect::partnerships
