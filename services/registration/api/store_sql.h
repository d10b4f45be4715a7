#ifndef SERVICES_REGISTRATION_API_STORE_SQL_H_
#define SERVICES_REGISTRATION_API_STORE_SQL_H_

// SQL fragments and row conversions shared by the Lead Provider API store's translation units
// (store.cc: declarations, statements, unfunded mentors; participants_store.cc: participants,
// their changes, partnerships and schools as registration sees them).

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "protos/common/v1/common.pb.h"
#include "services/common/tokens.h"
#include "services/registration/api/store.h"

namespace rect::registration::api::store_sql {

// Runs `sql` as a statement prepared once per connection (named by a digest of its text), so
// statements run on every request are parsed and planned once rather than per request.
template <typename... Args>
pqxx::result ExecPrepared(pqxx::transaction_base& txn, const std::string& sql, Args&&... args) {
  const std::string name = absl::StrCat("w", absl::BytesToHexString(Sha256(sql)).substr(0, 24));
  txn.conn().prepare(name, sql);  // nothing happens once defined with this text
  return txn.exec_prepared(name, std::forward<Args>(args)...);
}

inline constexpr char kBillable[] =
    "payment_status IN ('no_payment', 'eligible', 'payable', 'paid') "
    "AND clawback_status = 'no_clawback'";

// Whole Unix seconds of a timestamptz. date_part's double rather than extract's numeric: a tenth
// of a 100-record participants page's time in PostgreSQL. The same seconds for every time before
// the year 2240 (store_sql_pg_test): until then the double is close enough that a fraction a
// microsecond short of the next second does not round up to it.
inline std::string Epoch(absl::string_view column) {
  return absl::StrCat("floor(date_part('epoch', ", column, "))::bigint");
}

inline std::string IntArray(const std::vector<int>& values) {
  return absl::StrCat("{", absl::StrJoin(values, ","), "}");
}
// Callers pass only UUIDs, so the literal needs no quoting.
inline std::string UuidArray(const std::vector<std::string>& values) {
  return absl::StrCat("{", absl::StrJoin(values, ","), "}");
}

// ORDER BY for the API's sort (created_at by default), then the id, on the given columns.
inline std::string OrderByColumns(const std::vector<Sort>& sort, absl::string_view created_at,
                                  absl::string_view updated_at, absl::string_view id) {
  std::vector<std::string> terms;
  for (const Sort& s : sort) {
    terms.push_back(
        absl::StrCat(s.by_updated_at ? updated_at : created_at, s.descending ? " DESC" : " ASC"));
  }
  if (terms.empty()) terms.push_back(absl::StrCat(created_at, " ASC"));
  terms.push_back(absl::StrCat(id, " ASC"));
  return absl::StrCat(" ORDER BY ", absl::StrJoin(terms, ", "));
}

inline std::string OrderBy(const std::vector<Sort>& sort, absl::string_view table) {
  return OrderByColumns(sort, absl::StrCat(table, ".created_at"),
                        absl::StrCat(table, ".updated_at"), absl::StrCat(table, ".id"));
}

inline absl::CivilDay LondonDay(absl::Time time) {
  return absl::ToCivilDay(time, LondonTimeZone());
}

inline std::string DayText(absl::CivilDay day) { return absl::FormatCivilTime(day); }

inline std::optional<absl::CivilDay> DayOf(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  absl::CivilDay day;
  if (!absl::ParseCivilTime(field.as<std::string>(), &day)) return std::nullopt;
  return day;
}

inline std::optional<absl::Time> TimeOf(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return absl::FromUnixSeconds(field.as<int64_t>());
}

inline std::string TextOf(const pqxx::field& field) {
  return field.is_null() ? std::string() : field.as<std::string>();
}

inline void SetTime(common::v1::Timestamp* out, absl::Time time) {
  out->set_seconds(absl::ToUnixSeconds(time));
}

inline void SetDay(common::v1::Date* out, absl::CivilDay day) {
  out->set_year(static_cast<int32_t>(day.year()));
  out->set_month(day.month());
  out->set_day(day.day());
}

}  // namespace rect::registration::api::store_sql

#endif  // SERVICES_REGISTRATION_API_STORE_SQL_H_
