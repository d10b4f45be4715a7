// The identity schema's own rules, checked against PostgreSQL directly.
#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "services/common/testing/service_fixture.h"
#include "services/identity/migrations.h"

namespace rect::identity {
namespace {

bool Accepts(const std::string& conninfo, const std::string& sql) {
  pqxx::connection c(conninfo);
  pqxx::work txn(c);
  try {
    txn.exec(sql);
    txn.commit();
    return true;
  } catch (const pqxx::sql_error&) {
    return false;
  }
}

TEST(IdentitySchema, LeadProviderUserEmailsAreUniqueIgnoringCase) {
  testing::MigratedDatabase db(Migrations());
  const char* insert =
      "INSERT INTO lead_provider_users (full_name, email, lead_provider_id) VALUES "
      "('Ann', '%s', gen_random_uuid())";
  char sql[256];
  std::snprintf(sql, sizeof sql, insert, "ann@example.com");
  EXPECT_TRUE(Accepts(db.conninfo(), sql));
  std::snprintf(sql, sizeof sql, insert, "ANN@Example.com");
  EXPECT_FALSE(Accepts(db.conninfo(), sql));
}

TEST(IdentitySchema, SessionsBelongToExactlyOneKindOfUser) {
  testing::MigratedDatabase db(Migrations());
  ASSERT_TRUE(Accepts(db.conninfo(),
                      "INSERT INTO dsi_users (dsi_user_id, email) VALUES ('u1', 'a@b.c')"));
  const std::string school_session =
      "INSERT INTO sessions (id_digest, kind, dsi_user_id, school_urn, school_access, expires_at) "
      "SELECT sha256('s1'), 'school', id, '100001', 'full', now() FROM dsi_users";
  EXPECT_TRUE(Accepts(db.conninfo(), school_session));
  EXPECT_FALSE(Accepts(db.conninfo(),
                       "INSERT INTO sessions (id_digest, kind, dsi_user_id, school_access, "
                       "expires_at) SELECT sha256('s2'), 'school', id, 'full', now() "
                       "FROM dsi_users"))
      << "a school session needs a school";
  EXPECT_FALSE(Accepts(db.conninfo(),
                       "INSERT INTO sessions (id_digest, kind, dsi_user_id, school_urn, "
                       "expires_at) SELECT sha256('s4'), 'school', id, '100001', now() "
                       "FROM dsi_users"))
      << "a school session says what access it grants";
  EXPECT_FALSE(Accepts(db.conninfo(),
                       "INSERT INTO sessions (id_digest, kind, expires_at) "
                       "VALUES (sha256('s3'), 'admin', now())"));
}

TEST(IdentitySchema, TokenDigestsMustBeSha256Sized) {
  testing::MigratedDatabase db(Migrations());
  EXPECT_FALSE(Accepts(db.conninfo(),
                       "INSERT INTO api_tokens (lead_provider_id, token_digest) "
                       "VALUES (gen_random_uuid(), 'short')"));
  EXPECT_TRUE(Accepts(db.conninfo(),
                      "INSERT INTO api_tokens (lead_provider_id, token_digest) "
                      "VALUES (gen_random_uuid(), sha256('token'))"));
}

}  // namespace
}  // namespace rect::identity
