// A small RFC 4180 CSV reader: comma-separated fields, optional double quotes around a field,
// "" for a quote inside quotes, CRLF or LF line ends, line breaks inside quoted fields.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace rect {

// One record with the file line it starts on (1-based). A malformed record (text after a
// closing quote, or a quote never closed) keeps the fields read so far and says why in `error`;
// reading resumes on the next line, so one bad record never hides the rest.
struct CsvRecord {
  int line = 0;
  std::vector<std::string> fields;
  std::string error;
};

// Reads every record of `text`. A final line end is optional; a blank line is a record with one
// empty field (callers decide whether that matters). Bytes are passed through unchanged.
std::vector<CsvRecord> ReadCsv(absl::string_view text);

}  // namespace rect
