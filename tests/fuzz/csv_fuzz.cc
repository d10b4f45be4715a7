// Fuzz target: the partnerships CSV reader, the GIAS extract loader and the "Confirm your
// schools" upload checks (URN extraction, file checks, per-row URN rules) on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "services/partnerships/confirm_schools.h"
#include "services/partnerships/csv.h"
#include "services/partnerships/gias_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text(reinterpret_cast<const char*>(data), size);

  for (const rect::CsvRecord& record : rect::ReadCsv(text)) {
    if (record.line < 1) __builtin_trap();
  }
  (void)rect::partnerships::Latin1ToUtf8(text);
  (void)rect::partnerships::ReadGiasExtract(text);

  // The first line doubles as an upload's file name.
  const absl::string_view name = text.substr(0, text.find('\n'));
  (void)rect::partnerships::CheckUploadedFile(name, size);

  const rect::partnerships::UrnUpload upload = rect::partnerships::ExtractUrns(text);
  // A deterministic stand-in for the database, so every URN rule is reached.
  auto lookup = [](const std::string& urn) {
    rect::partnerships::SchoolFacts facts;
    const unsigned char last = urn.empty() ? 0 : static_cast<unsigned char>(urn.back());
    facts.found = last % 7 != 0;
    facts.school_id = "school-" + urn;
    facts.name = "School " + urn;
    facts.eligible = last % 5 != 1;
    facts.cip_only = last % 5 == 2;
    if (last % 3 == 0) facts.lead_providers_in_cohort = {"lp-1"};
    if (last % 3 == 1) facts.lead_providers_in_cohort = {"lp-2"};
    facts.partnered_in_previous_cohort = last % 2 == 0;
    facts.has_school_cohort = last % 4 != 3;
    return facts;
  };
  const rect::partnerships::UploadCheck check =
      rect::partnerships::CheckUpload(upload, lookup, "lp-1");
  (void)rect::partnerships::RowsWithErrorsText(check.rows_with_errors);
  return 0;
}
