// Test support: a uniquely named PostgreSQL database on the cluster named by RECT_TEST_PG
// (a libpq connection string), created for one test and dropped afterwards.
#pragma once

#include <string>

namespace rect::testing {

class TestDatabase {
 public:
  // Aborts the test run with a clear message when RECT_TEST_PG is unset or unreachable.
  TestDatabase();
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  // Connection string for the new database.
  const std::string& conninfo() const { return conninfo_; }
  const std::string& name() const { return name_; }

 private:
  std::string admin_conninfo_;
  std::string name_;
  std::string conninfo_;
};

}  // namespace rect::testing
