// Maps libpqxx exceptions to absl::Status so that no database exception escapes a handler.
#pragma once

#include <exception>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"

namespace rect {

// Keeps only the first line of the server's message: DETAIL lines may quote row values.
absl::Status StatusFromException(const std::exception& e);

// Maps a PostgreSQL SQLSTATE to a status code (e.g. "23505" -> ALREADY_EXISTS).
absl::StatusCode CodeForSqlState(absl::string_view sqlstate);

// True when the exception means the connection is unusable and should be replaced.
bool IsConnectionFailure(const std::exception& e);

}  // namespace rect
