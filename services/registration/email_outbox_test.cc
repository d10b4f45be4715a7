// Confirmation emails written by registrations reach the notifications service once each: handed
// over under their idempotency key and deleted; a refusal backs off and keeps the email; a
// second hand-over of the same key (as after a crash before the delete) sends nothing twice.
#include "services/registration/email_outbox.h"

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <pqxx/pqxx>

#include "services/common/testing/service_fixture.h"
#include "services/registration/migrations.h"

namespace rect::registration {
namespace {

namespace nv1 = notifications::v1;

// The notifications service as far as the outbox sees it: one stored email per key.
class TestNotifications final : public nv1::NotificationsService::Service {
 public:
  grpc::Status EnqueueEmail(grpc::ServerContext*, const nv1::EnqueueEmailRequest* request,
                            nv1::EnqueueEmailResponse* response) override {
    std::lock_guard<std::mutex> lock(mu);
    if (down) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "down");
    response->set_created(by_key.count(request->idempotency_key()) == 0);
    by_key.emplace(request->idempotency_key(), *request);
    ++calls;
    return grpc::Status::OK;
  }
  std::mutex mu;
  bool down = false;
  int calls = 0;
  std::map<std::string, nv1::EnqueueEmailRequest> by_key;
};

class EmailOutboxTest : public ::testing::Test {
 protected:
  EmailOutboxTest()
      : db_(Migrations()), server_(notifications_), outbox_(db_.pool(), server_.channel(),
                                                             absl::Seconds(2)) {}

  void Pend(const std::string& key) {
    Exec("INSERT INTO pending_emails (idempotency_key, template, recipient, personalisation) "
         "VALUES ('" + key + "', 'ect_registered_school_led', 'ect@example.org', "
         "'{\"ect_name\": \"Jamal Price\", \"school_name\": \"Oakfield Primary School\"}')");
  }
  void Exec(const std::string& sql) {
    pqxx::connection c(db_.conninfo());
    pqxx::work txn(c);
    txn.exec(sql);
    txn.commit();
  }
  std::string Query(const std::string& sql) {
    pqxx::connection c(db_.conninfo());
    pqxx::nontransaction txn(c);
    return txn.exec(sql)[0][0].c_str();
  }

  testing::MigratedDatabase db_;
  TestNotifications notifications_;
  testing::InProcessServer server_;
  EmailOutbox outbox_;
};

TEST_F(EmailOutboxTest, HandsEachEmailOverOnceWithItsPersonalisation) {
  Pend("ect-registered:1");
  ASSERT_EQ(*outbox_.HandOverDue(10), 1);
  EXPECT_EQ(Query("SELECT count(*) FROM pending_emails"), "0");
  EXPECT_EQ(*outbox_.HandOverDue(10), 0);
  std::lock_guard<std::mutex> lock(notifications_.mu);
  ASSERT_EQ(notifications_.by_key.size(), 1u);
  const nv1::EnqueueEmailRequest& sent = notifications_.by_key.at("ect-registered:1");
  EXPECT_EQ(sent.template_(), "ect_registered_school_led");
  EXPECT_EQ(sent.recipient(), "ect@example.org");
  EXPECT_EQ(sent.personalisation().at("ect_name"), "Jamal Price");
  EXPECT_EQ(sent.personalisation().at("school_name"), "Oakfield Primary School");
}

TEST_F(EmailOutboxTest, ARefusalKeepsTheEmailAndBacksOff) {
  Pend("ect-registered:2");
  {
    std::lock_guard<std::mutex> lock(notifications_.mu);
    notifications_.down = true;
  }
  EXPECT_EQ(*outbox_.HandOverDue(10), 0);
  EXPECT_EQ(Query("SELECT attempts FROM pending_emails"), "1");
  EXPECT_EQ(Query("SELECT next_attempt_at > now() FROM pending_emails"), "t");
  EXPECT_EQ(*outbox_.HandOverDue(10), 0) << "not due yet";
  {
    std::lock_guard<std::mutex> lock(notifications_.mu);
    notifications_.down = false;
  }
  Exec("UPDATE pending_emails SET next_attempt_at = now()");
  EXPECT_EQ(*outbox_.HandOverDue(10), 1);
  EXPECT_EQ(Query("SELECT count(*) FROM pending_emails"), "0");
}

TEST_F(EmailOutboxTest, HandingTheSameKeyOverAgainSendsNothingTwice) {
  Pend("ect-registered:3");
  ASSERT_EQ(*outbox_.HandOverDue(10), 1);
  // As if the process had died after the hand-over but before the delete.
  Pend("ect-registered:3");
  ASSERT_EQ(*outbox_.HandOverDue(10), 1);
  std::lock_guard<std::mutex> lock(notifications_.mu);
  EXPECT_EQ(notifications_.calls, 2);
  EXPECT_EQ(notifications_.by_key.size(), 1u);
}

}  // namespace
}  // namespace rect::registration
