#include "services/common/testing/schema_test_base.h"

#include <pqxx/pqxx>

namespace rect::testing {

::testing::AssertionResult SchemaTestBase::Accepts(const std::string& sql) {
  pqxx::connection c(db_.conninfo());
  pqxx::work txn(c);
  try {
    txn.exec(sql);
    txn.commit();
    return ::testing::AssertionSuccess();
  } catch (const pqxx::sql_error& e) {
    last_error_ = e.what();
    return ::testing::AssertionFailure() << "refused: " << last_error_;
  }
}

::testing::AssertionResult SchemaTestBase::Refuses(const std::string& sql,
                                                   const std::string& reason) {
  if (Accepts(sql)) return ::testing::AssertionFailure() << "accepted: " << sql;
  if (last_error_.find(reason) == std::string::npos) {
    return ::testing::AssertionFailure() << "refused for another reason: " << last_error_;
  }
  return ::testing::AssertionSuccess();
}

void SchemaTestBase::Require(const std::string& sql) { ASSERT_TRUE(Accepts(sql)) << sql; }

int SchemaTestBase::Count(const std::string& sql) {
  pqxx::connection c(db_.conninfo());
  pqxx::nontransaction txn(c);
  return txn.exec1(sql)[0].as<int>();
}

}  // namespace rect::testing
