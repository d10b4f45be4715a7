#include "services/partnerships/csv.h"

namespace rect {
namespace {

// Consumes a line end at `i` ("\r\n", "\n" or a lone "\r"); returns false when there is none.
bool ConsumeLineEnd(absl::string_view text, size_t& i, int& line) {
  if (i >= text.size()) return false;
  if (text[i] == '\n') {
    ++i;
  } else if (text[i] == '\r') {
    ++i;
    if (i < text.size() && text[i] == '\n') ++i;
  } else {
    return false;
  }
  ++line;
  return true;
}

}  // namespace

std::vector<CsvRecord> ReadCsv(absl::string_view text) {
  std::vector<CsvRecord> records;
  size_t i = 0;
  int line = 1;
  while (i < text.size()) {
    CsvRecord record;
    record.line = line;
    bool record_done = false;
    while (!record_done) {
      std::string field;
      if (i < text.size() && text[i] == '"') {
        ++i;
        bool closed = false;
        while (i < text.size()) {
          const char c = text[i];
          if (c == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              field.push_back('"');
              i += 2;
              continue;
            }
            ++i;
            closed = true;
            break;
          }
          if (c == '\n' || (c == '\r' && !(i + 1 < text.size() && text[i + 1] == '\n'))) ++line;
          field.push_back(c);
          ++i;
        }
        if (!closed) {
          record.fields.push_back(std::move(field));
          record.error = "a quoted field is not closed";
          records.push_back(std::move(record));
          return records;
        }
        if (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
          record.fields.push_back(std::move(field));
          record.error = "unexpected text after a closing quote";
          while (i < text.size() && !ConsumeLineEnd(text, i, line)) ++i;
          record_done = true;
          continue;
        }
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
          field.push_back(text[i]);
          ++i;
        }
      }
      record.fields.push_back(std::move(field));
      if (i < text.size() && text[i] == ',') {
        ++i;
        continue;
      }
      ConsumeLineEnd(text, i, line);
      record_done = true;
    }
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace rect
