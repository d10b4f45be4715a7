// The SQL fragments of store_sql.h against PostgreSQL.
#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <string>

#include "services/common/testing/service_fixture.h"
#include "services/registration/api/store_sql.h"
#include "services/registration/migrations.h"

namespace rect::registration::api {
namespace {

// Epoch reads date_part's double: it must give extract's exact whole seconds for every time the
// service stores, even a microsecond before the next second, over the years it claims.
TEST(StoreSqlPg, EpochIsTheWholeSecondsForEveryTimeBeforeTheYear2240) {
  testing::MigratedDatabase db(Migrations());
  pqxx::connection c(db.conninfo());
  pqxx::nontransaction txn(c);
  const std::string times =
      "(SELECT timestamptz '1900-01-01T00:00:00Z' + s * interval '1 second' + f AS t "
      "FROM generate_series(0, 10656000000, 86399 * 3 + 7) s, "
      "unnest(ARRAY[interval '0', interval '0.000001 second', interval '0.5 second', "
      "interval '0.999999 second']) f) x";
  const pqxx::row counts = txn.exec1(absl::StrCat(
      "SELECT count(*), count(*) FILTER (WHERE ", store_sql::Epoch("t"),
      " <> floor(extract(epoch FROM t))::bigint), max(t) >= '2237-01-01' FROM ", times));
  EXPECT_GT(counts[0].as<int>(), 160000);
  EXPECT_EQ(counts[1].as<int>(), 0);
  EXPECT_TRUE(counts[2].as<bool>()) << "the range reaches the years it claims";
}

}  // namespace
}  // namespace rect::registration::api
