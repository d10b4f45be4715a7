// Reading a GIAS establishments extract (partnerships.md §3 "GIAS import format"): ISO-8859-1
// CSV with a header row; the columns we use are found by header name, the rest are ignored.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "protos/partnerships/v1/partnerships.pb.h"

namespace rect::partnerships {

// Every byte is one ISO-8859-1 character, so the conversion cannot fail.
std::string Latin1ToUtf8(absl::string_view latin1);

struct GiasRow {
  int line = 0;  // file line the row starts on
  v1::GiasEstablishment establishment;
};

struct GiasRowError {
  int line = 0;
  std::string reason;
};

struct GiasExtract {
  std::vector<GiasRow> rows;
  std::vector<GiasRowError> errors;  // rows that could not be read, in file order
};

// INVALID_ARGUMENT when the file is empty or the header lacks URN, EstablishmentName,
// TypeOfEstablishment (code) or EstablishmentStatus (code). A row that cannot be read (a CSV
// syntax error, a wrong number of fields, a non-numeric code) becomes an error, not a row.
// Blank lines are skipped. URN and name are checked later, with the rest of the school.
absl::StatusOr<GiasExtract> ReadGiasExtract(absl::string_view latin1_csv);

}  // namespace rect::partnerships
