// The notifications schema's own rules, checked against PostgreSQL directly.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "services/common/testing/schema_test_base.h"
#include "services/notifications/migrations.h"

namespace rect::notifications {
namespace {

class NotificationsSchema : public testing::SchemaTestBase {
 protected:
  NotificationsSchema() : SchemaTestBase(Migrations()) {}
};

std::string InsertSql(const std::string& key, const std::string& extra_columns = "",
                      const std::string& extra_values = "") {
  return "INSERT INTO emails (template, recipient, personalisation, idempotency_key" +
         extra_columns +
         ") VALUES ('sign_in_link', 'ann@example.com', '{\"full_name\": \"Ann\"}', '" + key + "'" +
         extra_values + ")";
}

TEST_F(NotificationsSchema, OneEmailPerIdempotencyKey) {
  EXPECT_TRUE(Accepts(InsertSql("k1")));
  EXPECT_FALSE(Accepts(InsertSql("k1")));
  EXPECT_FALSE(Accepts(InsertSql("")));
  EXPECT_FALSE(Accepts(InsertSql(std::string(201, 'k'))));
  EXPECT_TRUE(Accepts(InsertSql(std::string(200, 'k'))));
}

// A sealed value as the service writes it: version 1, 12-byte nonce, ciphertext, 16-byte tag.
constexpr char kSealed[] = "'\\x01' || decode(repeat('ab', 40), 'hex')";

TEST_F(NotificationsSchema, PersonalisationIsSealedOrFromBeforeSealingNeverBoth) {
  const char* insert =
      "INSERT INTO emails (template, recipient, idempotency_key, personalisation_sealed, "
      "personalisation) VALUES ('sign_in_link', 'a@b.c', ";
  EXPECT_TRUE(Accepts(std::string(insert) + "'k1', " + kSealed + ", NULL)"));
  EXPECT_TRUE(Accepts(std::string(insert) + "'k2', NULL, '{}')")) << "a row from before 003";
  EXPECT_FALSE(Accepts(std::string(insert) + "'k3', " + kSealed + ", '{}')"));
  EXPECT_FALSE(Accepts(std::string(insert) + "'k4', NULL, NULL)"));
  EXPECT_FALSE(Accepts(std::string(insert) + "'k5', '\\x01abcd', NULL)")) << "too short";
  EXPECT_FALSE(Accepts(std::string(insert) + "'k6', '\\x02' || decode(repeat('ab', 40), "
                                             "'hex'), NULL)"))
      << "unknown version";
}

TEST_F(NotificationsSchema, PersonalisationIsAnObjectAndRecipientsLookLikeAddresses) {
  const char* insert =
      "INSERT INTO emails (template, recipient, personalisation, idempotency_key) VALUES ";
  EXPECT_FALSE(
      Accepts(std::string(insert) + "('sign_in_link', 'a@b.c', '[\"x\"]', 'k1')"));
  EXPECT_FALSE(
      Accepts(std::string(insert) + "('sign_in_link', 'ab.c', '{}', 'k2')"));
  EXPECT_FALSE(
      Accepts(std::string(insert) + "('sign_in_link', 'a b@c.d', '{}', 'k3')"));
  EXPECT_FALSE(Accepts(std::string(insert) + "('Sign In', 'a@b.c', '{}', 'k4')"));
  EXPECT_TRUE(
      Accepts(std::string(insert) + "('sign_in_link', 'a@b.c', '{}', 'k5')"));
}

TEST_F(NotificationsSchema, StatusesAreAClosedSetWithTheirTimestamps) {
  EXPECT_FALSE(Accepts(InsertSql("k1", ", status", ", 'queued'")));
  EXPECT_FALSE(Accepts(InsertSql("k2", ", status", ", 'sent'")))
      << "sent needs sent_at and notify_id";
  EXPECT_FALSE(Accepts(InsertSql("k3", ", status, sent_at, next_attempt_at",
                                                ", 'sent', now(), NULL")))
      << "sent needs notify_id";
  EXPECT_TRUE(
      Accepts(InsertSql("k4", ", status, sent_at, next_attempt_at, notify_id",
                                       ", 'sent', now(), NULL, gen_random_uuid()")));
  EXPECT_FALSE(Accepts(InsertSql("k5", ", status", ", 'failed'")))
      << "a failed email is never due";
  EXPECT_TRUE(
      Accepts(InsertSql("k6", ", status, next_attempt_at", ", 'failed', NULL")));
  EXPECT_FALSE(Accepts(InsertSql("k7", ", next_attempt_at", ", NULL")))
      << "a pending email is due some time";
  EXPECT_FALSE(Accepts(InsertSql("k8", ", attempts", ", -1")));
}

TEST_F(NotificationsSchema, DueRowsHaveAnIndexForClaiming) {
  pqxx::connection c(db_.conninfo());
  pqxx::nontransaction txn(c);
  pqxx::row row = txn.exec1("SELECT indexdef FROM pg_indexes WHERE indexname = 'emails_due'");
  const std::string definition = row[0].as<std::string>();
  EXPECT_NE(definition.find("(next_attempt_at)"), std::string::npos) << definition;
  EXPECT_NE(definition.find("WHERE"), std::string::npos) << definition;
  // Without table statistics the planner may prefer a scan for a tiny table; what matters is
  // that an index path in claim order exists.
  txn.exec("SET enable_seqscan = off");
  std::string plan;
  for (const pqxx::row& line :
       txn.exec("EXPLAIN SELECT id FROM emails WHERE status IN ('pending', 'sending') "
                "AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT 10 FOR UPDATE SKIP "
                "LOCKED")) {
    plan += line[0].as<std::string>() + "\n";
  }
  EXPECT_EQ(plan.find("Sort"), std::string::npos) << "claims read the index in order: " << plan;
}

TEST_F(NotificationsSchema, OnlySendingRowsCarryAClaimToken) {
  EXPECT_FALSE(Accepts(InsertSql("k1", ", status", ", 'sending'")))
      << "a claimed row names its claim";
  EXPECT_TRUE(Accepts(InsertSql("k2", ", status, claim_token", ", 'sending', gen_random_uuid()")));
  EXPECT_FALSE(Accepts(InsertSql("k3", ", claim_token", ", gen_random_uuid()")))
      << "a pending row is nobody's";
  EXPECT_TRUE(Accepts(InsertSql("k4")));
}

TEST_F(NotificationsSchema, WorkersClaimingDueRowsSkipEachOthersRows) {
  ASSERT_TRUE(Accepts(InsertSql("k1")));
  ASSERT_TRUE(Accepts(InsertSql("k2")));
  const std::string claim =
      "SELECT idempotency_key FROM emails WHERE status IN ('pending', 'sending') "
      "AND next_attempt_at <= now() ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED";
  pqxx::connection first_connection(db_.conninfo());
  pqxx::connection second_connection(db_.conninfo());
  pqxx::work first(first_connection);
  pqxx::work second(second_connection);
  const pqxx::result first_claim = first.exec(claim);
  const pqxx::result second_claim = second.exec(claim);
  ASSERT_EQ(first_claim.size(), 1u);
  ASSERT_EQ(second_claim.size(), 1u);
  EXPECT_NE(first_claim[0][0].as<std::string>(), second_claim[0][0].as<std::string>());
}

}  // namespace
}  // namespace rect::notifications
