#include "services/common/pg_status.h"

#include <string>

#include <pqxx/except>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace rect {
namespace {

std::string FirstLine(absl::string_view text) {
  absl::string_view line = text.substr(0, text.find('\n'));
  line = absl::StripAsciiWhitespace(line);
  absl::ConsumePrefix(&line, "ERROR:");
  return std::string(absl::StripAsciiWhitespace(line));
}

}  // namespace

absl::StatusCode CodeForSqlState(absl::string_view state) {
  if (state == "23505") return absl::StatusCode::kAlreadyExists;        // unique_violation
  if (state == "23503") return absl::StatusCode::kFailedPrecondition;   // foreign_key_violation
  if (state == "23P01") return absl::StatusCode::kFailedPrecondition;   // exclusion_violation
  if (state == "23514" || state == "23502") return absl::StatusCode::kInvalidArgument;
  if (state == "40001" || state == "40P01") return absl::StatusCode::kAborted;
  if (state == "57014") return absl::StatusCode::kDeadlineExceeded;    // query_canceled
  if (absl::StartsWith(state, "22")) return absl::StatusCode::kInvalidArgument;  // data exception
  if (absl::StartsWith(state, "08") || absl::StartsWith(state, "57P") ||
      absl::StartsWith(state, "53")) {
    return absl::StatusCode::kUnavailable;
  }
  return absl::StatusCode::kInternal;
}

bool IsConnectionFailure(const std::exception& e) {
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) return true;
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    const std::string& state = sql->sqlstate();
    return absl::StartsWith(state, "08") || absl::StartsWith(state, "57P");
  }
  return false;
}

absl::Status StatusFromException(const std::exception& e) {
  if (dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr) {
    return absl::UnavailableError("database connection lost while committing; outcome unknown");
  }
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) {
    return absl::UnavailableError(absl::StrCat("database unavailable: ", FirstLine(e.what())));
  }
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    return absl::Status(CodeForSqlState(sql->sqlstate()),
                        absl::StrCat("database: ", FirstLine(sql->what())));
  }
  return absl::InternalError(absl::StrCat("database: ", FirstLine(e.what())));
}

}  // namespace rect
