#include "services/common/pg_status.h"

#include <gtest/gtest.h>
#include <pqxx/except>

namespace rect {
namespace {

TEST(PgStatus, SqlStatesMapToCodes) {
  const struct {
    const char* state;
    absl::StatusCode code;
  } cases[] = {
      {"23505", absl::StatusCode::kAlreadyExists},
      {"23503", absl::StatusCode::kFailedPrecondition},
      {"23P01", absl::StatusCode::kFailedPrecondition},
      {"23514", absl::StatusCode::kInvalidArgument},
      {"23502", absl::StatusCode::kInvalidArgument},
      {"22007", absl::StatusCode::kInvalidArgument},
      {"40001", absl::StatusCode::kAborted},
      {"40P01", absl::StatusCode::kAborted},
      {"57014", absl::StatusCode::kDeadlineExceeded},
      {"57P01", absl::StatusCode::kUnavailable},
      {"08006", absl::StatusCode::kUnavailable},
      {"53300", absl::StatusCode::kUnavailable},
      {"42P01", absl::StatusCode::kInternal},
  };
  for (const auto& c : cases) EXPECT_EQ(CodeForSqlState(c.state), c.code) << c.state;
}

TEST(PgStatus, KeepsOnlyTheFirstLineOfTheServerMessage) {
  pqxx::unique_violation e(
      "ERROR:  duplicate key value violates unique constraint \"x\"\n"
      "DETAIL:  Key (email)=(someone@example.com) already exists.\n",
      "INSERT ...", "23505");
  absl::Status s = StatusFromException(e);
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(s.message(), "database: duplicate key value violates unique constraint \"x\"");
}

TEST(PgStatus, ConnectionFailures) {
  EXPECT_TRUE(IsConnectionFailure(pqxx::broken_connection("gone")));
  EXPECT_TRUE(IsConnectionFailure(pqxx::sql_error("terminating", "", "57P01")));
  EXPECT_FALSE(IsConnectionFailure(pqxx::sql_error("syntax", "", "42601")));
  EXPECT_EQ(StatusFromException(pqxx::broken_connection("gone")).code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(StatusFromException(pqxx::in_doubt_error("?")).code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(StatusFromException(std::runtime_error("x")).code(), absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace rect
