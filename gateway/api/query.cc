#include "gateway/api/query.h"

#include <limits>

#include <boost/url/encoding_opts.hpp>
#include <boost/url/params_view.hpp>
#include <boost/url/pct_string_view.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/common/tokens.h"

namespace rect::gateway::api {
namespace {

// "filter[cohort]" -> "cohort"; nullopt for any other shape.
std::optional<std::string> Bracketed(absl::string_view key, absl::string_view prefix) {
  if (!absl::ConsumePrefix(&key, prefix) || !absl::ConsumePrefix(&key, "[") ||
      !absl::ConsumeSuffix(&key, "]") || key.empty()) {
    return std::nullopt;
  }
  return std::string(key);
}

std::vector<SortTerm> ParseSort(absl::string_view value) {
  std::vector<SortTerm> terms;
  for (absl::string_view item : absl::StrSplit(value, ',')) {
    item = absl::StripAsciiWhitespace(item);
    bool descending = false;
    if (absl::ConsumePrefix(&item, "-")) {
      descending = true;
    } else {
      absl::ConsumePrefix(&item, "+");
    }
    if (item == "created_at") terms.push_back({SortKey::kCreatedAt, descending});
    if (item == "updated_at") terms.push_back({SortKey::kUpdatedAt, descending});
  }
  if (terms.empty()) terms.push_back({SortKey::kCreatedAt, false});
  return terms;
}

std::vector<std::string> Items(absl::string_view value) {
  std::vector<std::string> items;
  for (absl::string_view item : absl::StrSplit(value, ',')) {
    item = absl::StripAsciiWhitespace(item);
    if (!item.empty()) items.emplace_back(item);
  }
  return items;
}

// Decodes once more as a form value ('+' is a space), as upstream does for updated_since.
std::optional<std::string> DecodeAgain(const std::string& value) {
  std::string spaced = value;
  for (char& c : spaced) {
    if (c == '+') c = ' ';
  }
  auto encoded = boost::urls::make_pct_string_view(spaced);
  if (!encoded) return std::nullopt;
  std::string decoded;
  encoded->decode({}, boost::urls::string_token::assign_to(decoded));
  return decoded;
}

bool Digits(absl::string_view text, size_t count) {
  if (text.size() < count) return false;
  for (size_t i = 0; i < count; ++i) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

}  // namespace

int64_t LeadingInteger(absl::string_view text) {
  text = absl::StripLeadingAsciiWhitespace(text);
  bool negative = false;
  if (absl::ConsumePrefix(&text, "-")) {
    negative = true;
  } else {
    absl::ConsumePrefix(&text, "+");
  }
  int64_t value = 0;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) break;
    if (value > (std::numeric_limits<int64_t>::max() - 9) / 10) {
      value = std::numeric_limits<int64_t>::max();
      break;
    }
    value = value * 10 + (c - '0');
  }
  return negative ? -value : value;
}

std::optional<absl::Time> ParseIso8601DateTime(absl::string_view text) {
  // Date, 'T', time: the fixed part is checked by hand so that absl's lenient parser never
  // accepts a date alone or single-digit fields.
  if (text.size() < 19 || !Digits(text, 4) || text[4] != '-' || !Digits(text.substr(5), 2) ||
      text[7] != '-' || !Digits(text.substr(8), 2) || text[10] != 'T' ||
      !Digits(text.substr(11), 2) || text[13] != ':' || !Digits(text.substr(14), 2) ||
      text[16] != ':' || !Digits(text.substr(17), 2)) {
    return std::nullopt;
  }
  absl::string_view rest = text.substr(19);
  std::string fraction;
  if (absl::ConsumePrefix(&rest, ".")) {
    size_t n = 0;
    while (n < rest.size() && absl::ascii_isdigit(static_cast<unsigned char>(rest[n]))) ++n;
    if (n == 0) return std::nullopt;
    fraction = std::string(rest.substr(0, n));
    rest.remove_prefix(n);
  }
  int offset_minutes = 0;
  if (rest == "Z" || rest.empty()) {
    offset_minutes = 0;
  } else if (rest[0] == '+' || rest[0] == '-') {
    const int sign = rest[0] == '-' ? -1 : 1;
    absl::string_view zone = rest.substr(1);
    int hours = 0, minutes = 0;
    if (zone.size() == 2 && Digits(zone, 2)) {
      hours = (zone[0] - '0') * 10 + (zone[1] - '0');
    } else if (zone.size() == 5 && Digits(zone, 2) && zone[2] == ':' && Digits(zone.substr(3), 2)) {
      hours = (zone[0] - '0') * 10 + (zone[1] - '0');
      minutes = (zone[3] - '0') * 10 + (zone[4] - '0');
    } else if (zone.size() == 4 && Digits(zone, 4)) {
      hours = (zone[0] - '0') * 10 + (zone[1] - '0');
      minutes = (zone[2] - '0') * 10 + (zone[3] - '0');
    } else {
      return std::nullopt;
    }
    if (hours > 23 || minutes > 59) return std::nullopt;
    offset_minutes = sign * (hours * 60 + minutes);
  } else {
    return std::nullopt;
  }
  int year, month, day, hour, minute, second;
  if (!absl::SimpleAtoi(text.substr(0, 4), &year) || !absl::SimpleAtoi(text.substr(5, 2), &month) ||
      !absl::SimpleAtoi(text.substr(8, 2), &day) || !absl::SimpleAtoi(text.substr(11, 2), &hour) ||
      !absl::SimpleAtoi(text.substr(14, 2), &minute) ||
      !absl::SimpleAtoi(text.substr(17, 2), &second)) {
    return std::nullopt;
  }
  const absl::CivilSecond civil(year, month, day, hour, minute, second);
  if (civil.year() != year || civil.month() != month || civil.day() != day ||
      civil.hour() != hour || civil.minute() != minute || civil.second() != second) {
    return std::nullopt;  // e.g. 2025-02-30 or 25:00 would be normalised: refuse instead
  }
  absl::Time time = absl::FromCivil(civil, absl::UTCTimeZone()) - absl::Minutes(offset_minutes);
  if (!fraction.empty()) {
    fraction.resize(9, '0');
    int64_t nanos = 0;
    absl::SimpleAtoi(fraction, &nanos);
    time += absl::Nanoseconds(nanos);
  }
  return time;
}

QueryResult<ApiQuery> ApiQuery::Parse(boost::urls::url_view target) {
  ApiQuery query;
  std::optional<std::string> page, per_page;
  const boost::urls::encoding_opts form(/*space_as_plus=*/true, false, false);
  for (const auto& param : target.params(form)) {
    const std::string value = param.has_value ? param.value : std::string();
    if (param.key == "filter") {
      return QueryError{"Bad parameter", "Filter must be a hash"};
    } else if (auto name = Bracketed(param.key, "filter")) {
      query.filters_[*name] = value;
    } else if (auto name = Bracketed(param.key, "page")) {
      if (*name == "page") page = value;
      if (*name == "per_page") per_page = value;
    } else if (param.key == "sort") {
      query.sort_ = ParseSort(value);
    }
  }
  if (query.sort_.empty()) query.sort_ = ParseSort("");
  if (page) query.pagination_.page = LeadingInteger(*page);
  if (per_page) query.pagination_.per_page = LeadingInteger(*per_page);
  if (query.pagination_.page < 1 || query.pagination_.per_page < 1) {
    return QueryError{"Bad request", kPaginationError};
  }
  query.pagination_.per_page = std::min(query.pagination_.per_page, kMaxPerPage);
  // Keep offset() from overflowing: such a page is past the end anyway.
  query.pagination_.page =
      std::min<int64_t>(query.pagination_.page, std::numeric_limits<int64_t>::max() / kMaxPerPage);
  return query;
}

std::optional<std::string> ApiQuery::filter(absl::string_view name) const {
  auto it = filters_.find(name);
  if (it == filters_.end()) return std::nullopt;
  return it->second;
}

ListFilter<int> ApiQuery::YearsFilter(absl::string_view name) const {
  ListFilter<int> result;
  auto value = filter(name);
  if (!value || absl::StripAsciiWhitespace(*value).empty()) return result;
  result.present = true;
  for (const std::string& item : Items(*value)) {
    int year = 0;
    if (std::all_of(item.begin(), item.end(), [](char c) { return absl::ascii_isdigit(c); }) &&
        item.size() <= 9 && absl::SimpleAtoi(item, &year)) {
      result.values.push_back(year);
    }
  }
  result.matches_nothing = result.values.empty();
  return result;
}

ListFilter<std::string> ApiQuery::UuidsFilter(absl::string_view name) const {
  ListFilter<std::string> result;
  auto value = filter(name);
  if (!value || absl::StripAsciiWhitespace(*value).empty()) return result;
  result.present = true;
  for (const std::string& item : Items(*value)) {
    if (IsUuid(item)) result.values.push_back(absl::AsciiStrToLower(item));
  }
  result.matches_nothing = result.values.empty();
  return result;
}

ListFilter<std::string> ApiQuery::StringsFilter(absl::string_view name) const {
  ListFilter<std::string> result;
  auto value = filter(name);
  if (!value || absl::StripAsciiWhitespace(*value).empty()) return result;
  result.present = true;
  result.values = Items(*value);
  result.matches_nothing = result.values.empty();
  return result;
}

std::optional<int64_t> ApiQuery::IntegerFilter(absl::string_view name) const {
  auto value = filter(name);
  if (!value || absl::StripAsciiWhitespace(*value).empty()) return std::nullopt;
  absl::string_view text = absl::StripLeadingAsciiWhitespace(*value);
  absl::string_view digits = text;
  absl::ConsumePrefix(&digits, "-") || absl::ConsumePrefix(&digits, "+");
  if (digits.empty() || !absl::ascii_isdigit(static_cast<unsigned char>(digits[0]))) return -1;
  return LeadingInteger(text);
}

QueryResult<std::optional<absl::Time>> ApiQuery::UpdatedSince() const {
  auto value = filter("updated_since");
  if (!value || value->empty()) return std::optional<absl::Time>();
  std::optional<std::string> decoded = DecodeAgain(*value);
  std::optional<absl::Time> time;
  if (decoded) time = ParseIso8601DateTime(*decoded);
  if (!time) return QueryError{"Bad request", kUpdatedSinceError};
  return time;
}

}  // namespace rect::gateway::api
