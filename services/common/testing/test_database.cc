#include "services/common/testing/test_database.h"

#include <cstdio>
#include <cstdlib>
#include <random>

#include <pqxx/connection>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"

namespace rect::testing {

TestDatabase::TestDatabase() {
  const char* base = std::getenv("RECT_TEST_PG");
  if (base == nullptr || *base == '\0') {
    std::fprintf(stderr,
                 "RECT_TEST_PG is not set: run tests/run.sh, which starts a throwaway "
                 "PostgreSQL cluster and passes its address\n");
    std::abort();
  }
  admin_conninfo_ = absl::StrCat(base, " dbname=postgres");
  std::random_device random;
  name_ = absl::StrCat("test_", random(), "_", random());
  conninfo_ = absl::StrCat(base, " dbname=", name_);
  try {
    pqxx::connection admin(admin_conninfo_);
    pqxx::nontransaction txn(admin);
    txn.exec(absl::StrCat("CREATE DATABASE ", name_));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cannot create test database: %s\n", e.what());
    std::abort();
  }
}

TestDatabase::~TestDatabase() {
  try {
    pqxx::connection admin(admin_conninfo_);
    pqxx::nontransaction txn(admin);
    txn.exec(absl::StrCat("DROP DATABASE IF EXISTS ", name_, " WITH (FORCE)"));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cannot drop test database %s: %s\n", name_.c_str(), e.what());
  }
}

}  // namespace rect::testing
