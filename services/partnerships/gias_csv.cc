#include "services/partnerships/gias_csv.h"

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "services/partnerships/csv.h"

namespace rect::partnerships {
namespace {

constexpr const char* kRequiredColumns[] = {
    "URN", "EstablishmentName", "TypeOfEstablishment (code)", "EstablishmentStatus (code)"};

// A GIAS integer code; blank is 0 only where `blank_is_zero`.
bool ParseCode(absl::string_view text, bool blank_is_zero, int32_t* code) {
  text = absl::StripAsciiWhitespace(text);
  if (text.empty()) {
    *code = 0;
    return blank_is_zero;
  }
  return absl::SimpleAtoi(text, code);
}

}  // namespace

std::string Latin1ToUtf8(absl::string_view latin1) {
  std::string utf8;
  utf8.reserve(latin1.size());
  for (const char c : latin1) {
    const unsigned char byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      utf8.push_back(c);
    } else {
      utf8.push_back(static_cast<char>(0xC0 | (byte >> 6)));
      utf8.push_back(static_cast<char>(0x80 | (byte & 0x3F)));
    }
  }
  return utf8;
}

absl::StatusOr<GiasExtract> ReadGiasExtract(absl::string_view latin1_csv) {
  // A file re-saved as UTF-8 by a spreadsheet may start with a byte order mark.
  absl::ConsumePrefix(&latin1_csv, "\xEF\xBB\xBF");
  const std::vector<CsvRecord> records = ReadCsv(Latin1ToUtf8(latin1_csv));
  if (records.empty()) return absl::InvalidArgumentError("the file is empty");
  const CsvRecord& header = records.front();
  if (!header.error.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("header row: ", header.error));
  }
  std::map<std::string, size_t> column;
  for (size_t i = 0; i < header.fields.size(); ++i) {
    column.emplace(std::string(absl::StripAsciiWhitespace(header.fields[i])), i);
  }
  std::vector<std::string> missing;
  for (const char* name : kRequiredColumns) {
    if (column.count(name) == 0) missing.push_back(name);
  }
  if (!missing.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the header has no column ", absl::StrJoin(missing, ", ")));
  }

  GiasExtract extract;
  for (size_t r = 1; r < records.size(); ++r) {
    const CsvRecord& record = records[r];
    if (record.fields.size() == 1 && absl::StripAsciiWhitespace(record.fields[0]).empty() &&
        record.error.empty()) {
      continue;
    }
    if (!record.error.empty()) {
      extract.errors.push_back({record.line, record.error});
      continue;
    }
    if (record.fields.size() != header.fields.size()) {
      extract.errors.push_back(
          {record.line, absl::StrCat("has ", record.fields.size(), " fields, the header has ",
                                     header.fields.size())});
      continue;
    }
    auto text = [&](const char* name) -> std::string {
      auto it = column.find(name);
      return it == column.end() ? std::string() : record.fields[it->second];
    };
    v1::GiasEstablishment e;
    std::string bad;
    auto code = [&](const char* name, bool blank_is_zero) {
      int32_t value = 0;
      if (!ParseCode(text(name), blank_is_zero, &value) && bad.empty()) {
        bad = absl::StrCat(name, " is not a number: \"", text(name), "\"");
      }
      return value;
    };
    e.set_urn(text("URN"));
    e.set_name(text("EstablishmentName"));
    e.set_type_code(code("TypeOfEstablishment (code)", false));
    e.set_type_name(text("TypeOfEstablishment (name)"));
    e.set_status_code(code("EstablishmentStatus (code)", false));
    e.set_status_name(text("EstablishmentStatus (name)"));
    e.set_administrative_district_code(text("DistrictAdministrative (code)"));
    e.set_administrative_district_name(text("DistrictAdministrative (name)"));
    e.set_section_41_approved(absl::StripAsciiWhitespace(text("Section41Approved (name)")) ==
                              "Approved");
    e.set_local_authority_code(text("LA (code)"));
    e.set_local_authority_name(text("LA (name)"));
    e.set_ukprn(text("UKPRN"));
    e.set_phase_of_education_code(code("PhaseOfEducation (code)", true));
    e.set_phase_of_education_name(text("PhaseOfEducation (name)"));
    e.set_address_line1(text("Street"));
    e.set_address_line2(text("Locality"));
    e.set_address_line3(text("Town"));
    e.set_postcode(text("Postcode"));
    e.set_school_website(text("SchoolWebsite"));
    e.set_primary_contact_email(text("MainEmail"));
    e.set_secondary_contact_email(text("AlternativeEmail"));
    if (!bad.empty()) {
      extract.errors.push_back({record.line, bad});
      continue;
    }
    extract.rows.push_back({record.line, std::move(e)});
  }
  return extract;
}

}  // namespace rect::partnerships
