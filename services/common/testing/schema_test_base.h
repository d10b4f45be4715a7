// Test support for schema tests: a migrated throwaway database and assertions that a statement
// is accepted, or refused for a named reason (so a row refused for another reason fails).
#pragma once

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "services/common/migrations.h"
#include "services/common/testing/service_fixture.h"

namespace rect::testing {

class SchemaTestBase : public ::testing::Test {
 protected:
  explicit SchemaTestBase(std::vector<Migration> migrations) : db_(std::move(migrations)) {}

  // Runs `sql` (one or more statements) in one transaction; success when it commits.
  ::testing::AssertionResult Accepts(const std::string& sql);
  // Refused, and the server's error names `reason` (a constraint name or part of the message).
  ::testing::AssertionResult Refuses(const std::string& sql, const std::string& reason);
  // Fails the test (fatally) unless `sql` commits: for set-up rows.
  void Require(const std::string& sql);
  // The single integer `sql` selects.
  int Count(const std::string& sql);

  MigratedDatabase db_;
  std::string last_error_;
};

}  // namespace rect::testing
