// Query-string conventions of the Lead Provider API v3: pagination, sort, filter[...] values
// with their upstream parsing quirks, and updated_since. Pure functions, no I/O.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <boost/url/url_view.hpp>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace rect::gateway::api {

// A 400 answer: title "Bad request" or "Bad parameter" and its detail (see jsonapi.h).
struct QueryError {
  std::string title;
  std::string detail;
  bool operator==(const QueryError& other) const {
    return title == other.title && detail == other.detail;
  }
};

template <typename T>
using QueryResult = std::variant<T, QueryError>;

struct Pagination {
  int64_t page = 1;
  int64_t per_page = 100;
  int64_t offset() const { return (page - 1) * per_page; }
};

enum class SortKey { kCreatedAt, kUpdatedAt };
struct SortTerm {
  SortKey key;
  bool descending;
  bool operator==(const SortTerm& o) const { return key == o.key && descending == o.descending; }
};

// A multi-value filter (cohort, participant_id, ...): absent (no filter), or the surviving
// values, where `matches_nothing` means items were given but none survived (answer []).
template <typename T>
struct ListFilter {
  bool present = false;
  bool matches_nothing = false;
  std::vector<T> values;
};

// The parsed query of one API request.
class ApiQuery {
 public:
  // "Bad parameter / Filter must be a hash" when `filter` is given as a plain value;
  // "Bad request" for pagination below 1. Unknown keys are ignored.
  static QueryResult<ApiQuery> Parse(boost::urls::url_view target);

  const Pagination& pagination() const { return pagination_; }
  // The sort terms (at least one: created_at ascending when nothing valid was given).
  const std::vector<SortTerm>& sort() const { return sort_; }
  // The raw, once-decoded value of filter[name], if given.
  std::optional<std::string> filter(absl::string_view name) const;

  // filter[name] as a comma list of years; non-digit items dropped. Blank = no filter.
  ListFilter<int> YearsFilter(absl::string_view name) const;
  // filter[name] as a comma list of UUIDs (lower-cased); non-UUID items dropped.
  ListFilter<std::string> UuidsFilter(absl::string_view name) const;
  // filter[name] as a comma list of strings, blank items dropped, no other check.
  ListFilter<std::string> StringsFilter(absl::string_view name) const;
  // filter[name] as one leading integer ("2024,2025" -> 2024); nullopt when absent or blank;
  // a value with no leading integer gives -1, which matches nothing.
  std::optional<int64_t> IntegerFilter(absl::string_view name) const;
  // filter[updated_since]: nullopt when absent or blank, else the instant or a Bad request.
  QueryResult<std::optional<absl::Time>> UpdatedSince() const;

 private:
  Pagination pagination_;
  std::vector<SortTerm> sort_;
  std::map<std::string, std::string, std::less<>> filters_;
};

// Ruby's String#to_i: optional spaces and sign, then digits; 0 when there are none. Saturates.
int64_t LeadingInteger(absl::string_view text);

// Parses YYYY-MM-DDTHH:MM:SS[.f][Z|±HH[:MM]|±HHMM]; no offset means UTC.
std::optional<absl::Time> ParseIso8601DateTime(absl::string_view text);

inline constexpr char kPaginationError[] =
    "The '#/page[page]' and '#/page[per_page]' parameter values must be a valid positive number";
inline constexpr char kUpdatedSinceError[] =
    "The filter '#/updated_since' must be a valid ISO 8601 date";
inline constexpr int64_t kMaxPerPage = 3000;

}  // namespace rect::gateway::api
