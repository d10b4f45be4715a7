#include "services/notifications/service.h"

#include <google/protobuf/util/message_differencer.h>
#include <grpcpp/client_context.h>
#include <gtest/gtest.h>

#include <atomic>
#include <pqxx/pqxx>
#include <set>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "services/common/testing/service_fixture.h"
#include "services/notifications/migrations.h"

namespace rect::notifications {
namespace {

constexpr char kSignInUrl[] = "https://rect.test/users/confirm_sign_in?login_token=abc123";

v1::EnqueueEmailRequest SignInEmail(const std::string& key) {
  v1::EnqueueEmailRequest request;
  request.set_template_("sign_in_link");
  request.set_recipient("ann.lee@example.com");
  (*request.mutable_personalisation())["full_name"] = "Ann Lee";
  (*request.mutable_personalisation())["sign_in"] = kSignInUrl;
  (*request.mutable_personalisation())["token_expiry"] = "5 March 2026, 2:30 PM";
  request.set_idempotency_key(key);
  return request;
}

class NotificationsServiceTest : public ::testing::Test {
 protected:
  NotificationsServiceTest()
      : db_(Migrations(), /*pool_size=*/8),
        sealer_(std::string(PersonalisationSealer::kKeySize, 'k'), random_),
        store_(db_.pool(), sealer_),
        service_(store_),
        server_(service_),
        stub_(v1::NotificationsService::NewStub(server_.channel())) {}

  grpc::Status Enqueue(const v1::EnqueueEmailRequest& request, v1::EnqueueEmailResponse* response) {
    grpc::ClientContext context;
    return stub_->EnqueueEmail(&context, request, response);
  }

  grpc::Status Get(const std::string& id, v1::Email* email) {
    grpc::ClientContext context;
    v1::GetEmailRequest request;
    request.set_id(id);
    return stub_->GetEmail(&context, request, email);
  }

  int CountEmails() {
    pqxx::connection c(db_.conninfo());
    pqxx::nontransaction txn(c);
    return txn.exec1("SELECT count(*) FROM emails")[0].as<int>();
  }

  testing::MigratedDatabase db_;
  SecureRandom random_;
  PersonalisationSealer sealer_;
  PgNotificationsStore store_;
  NotificationsServiceImpl service_;
  testing::InProcessServer server_;
  std::unique_ptr<v1::NotificationsService::Stub> stub_;
};

TEST_F(NotificationsServiceTest, EnqueuedEmailIsPendingAndDueNow) {
  v1::EnqueueEmailResponse response;
  ASSERT_TRUE(Enqueue(SignInEmail("sign-in:1"), &response).ok());
  EXPECT_TRUE(response.created());
  const v1::Email& email = response.email();
  EXPECT_EQ(email.id().size(), 36u);
  EXPECT_EQ(email.template_(), "sign_in_link");
  EXPECT_EQ(email.recipient(), "ann.lee@example.com");
  EXPECT_EQ(email.personalisation().at("sign_in"), kSignInUrl);
  EXPECT_EQ(email.idempotency_key(), "sign-in:1");
  EXPECT_EQ(email.status(), v1::Email::PENDING);
  EXPECT_EQ(email.attempts(), 0);
  EXPECT_EQ(email.notify_id(), "");
  EXPECT_GT(email.created_at().seconds(), 0);
  EXPECT_TRUE(email.has_next_attempt_at());
  EXPECT_LE(email.next_attempt_at().seconds(), email.created_at().seconds());
  EXPECT_FALSE(email.has_sent_at());

  v1::Email fetched;
  ASSERT_TRUE(Get(email.id(), &fetched).ok());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(fetched, email))
      << fetched.DebugString();
}

TEST_F(NotificationsServiceTest, PersonalisationIsSealedAtRestAndOpensOnRead) {
  v1::EnqueueEmailResponse response;
  v1::EnqueueEmailRequest request = SignInEmail("sign-in:json");
  (*request.mutable_personalisation())["full_name"] = "Siân \"Nia\" O'Brien\\";
  ASSERT_TRUE(Enqueue(request, &response).ok());
  pqxx::connection c(db_.conninfo());
  pqxx::nontransaction txn(c);
  pqxx::row row = txn.exec1(
      "SELECT personalisation IS NULL, get_byte(personalisation_sealed, 0), "
      "octet_length(personalisation_sealed) FROM emails");
  EXPECT_TRUE(row[0].as<bool>());
  EXPECT_EQ(row[1].as<int>(), 1) << "version";
  EXPECT_GT(row[2].as<int>(), 29 + 60);
  EXPECT_EQ(response.email().personalisation().at("full_name"), "Siân \"Nia\" O'Brien\\");
  v1::Email fetched;
  ASSERT_TRUE(Get(response.email().id(), &fetched).ok());
  EXPECT_EQ(fetched.personalisation().at("full_name"), "Siân \"Nia\" O'Brien\\");
  EXPECT_EQ(fetched.personalisation().at("sign_in"), kSignInUrl);
}

// The rule: no token, session id or secret in any database column in clear.
TEST_F(NotificationsServiceTest, NoColumnHoldsTheSignInTokenInClear) {
  const std::string token = "Xk3vQ9tL2mWp8RzT4yNc6HbJ1sGd5FeA7uVo0iKqYwE";
  v1::EnqueueEmailRequest request = SignInEmail("sign-in:at-rest");
  (*request.mutable_personalisation())["sign_in"] =
      "https://rect.test/users/confirm_sign_in?login_token=" + token;
  v1::EnqueueEmailResponse response;
  ASSERT_TRUE(Enqueue(request, &response).ok());
  ASSERT_NE(response.email().personalisation().at("sign_in").find(token), std::string::npos);

  pqxx::connection c(db_.conninfo());
  pqxx::nontransaction txn(c);
  const pqxx::result columns = txn.exec(
      "SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns "
      "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') "
      "AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea')");
  std::set<std::string> scanned;
  for (const pqxx::row& column : columns) {
    const std::string table = txn.quote_name(column[0].as<std::string>()) + "." +
                              txn.quote_name(column[1].as<std::string>());
    const std::string name = txn.quote_name(column[2].as<std::string>());
    const std::string as_text =
        column[3].as<std::string>() == "bytea" ? "encode(" + name + ", 'escape')" : name + "::text";
    const int holding = txn.exec_params1("SELECT count(*) FROM " + table +
                                             " WHERE position($1 IN " + as_text + ") > 0",
                                         token)[0]
                            .as<int>();
    EXPECT_EQ(holding, 0) << table << "." << name << " holds the token in clear";
    scanned.insert(column[1].as<std::string>() + "." + column[2].as<std::string>());
  }
  EXPECT_EQ(scanned.count("emails.personalisation_sealed"), 1u);
  EXPECT_EQ(scanned.count("emails.personalisation"), 1u);
}

TEST_F(NotificationsServiceTest, RowsFromBeforeSealingAreStillRead) {
  std::string id;
  {
    pqxx::connection c(db_.conninfo());
    pqxx::work txn(c);
    id = txn.exec1(
                "INSERT INTO emails (template, recipient, personalisation, idempotency_key) "
                "VALUES ('sign_in_link', 'ann.lee@example.com', "
                "'{\"full_name\": \"Ann Lee\", \"sign_in\": \"https://rect.test/old\"}', "
                "'sign-in:old') RETURNING id")[0]
             .as<std::string>();
    txn.commit();
  }
  v1::Email email;
  ASSERT_TRUE(Get(id, &email).ok());
  EXPECT_EQ(email.personalisation().at("sign_in"), "https://rect.test/old");
}

TEST_F(NotificationsServiceTest, AlteredOrMovedSealedPersonalisationIsAnError) {
  v1::EnqueueEmailResponse first, second;
  ASSERT_TRUE(Enqueue(SignInEmail("sign-in:a"), &first).ok());
  ASSERT_TRUE(Enqueue(SignInEmail("sign-in:b"), &second).ok());
  {
    pqxx::connection c(db_.conninfo());
    pqxx::work txn(c);
    // b's sealed value on a's row: bound to b's idempotency key, so it does not open there.
    txn.exec_params(
        "UPDATE emails SET personalisation_sealed = "
        "(SELECT personalisation_sealed FROM emails WHERE id = $2) WHERE id = $1",
        first.email().id(), second.email().id());
    txn.exec_params(
        "UPDATE emails SET personalisation_sealed = set_byte(personalisation_sealed, 20, "
        "get_byte(personalisation_sealed, 20) # 1) WHERE id = $1",
        second.email().id());
    txn.commit();
  }
  v1::Email email;
  const grpc::Status moved = Get(first.email().id(), &email);
  EXPECT_EQ(moved.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(moved.error_message().find("rect.test"), std::string::npos);
  EXPECT_EQ(Get(second.email().id(), &email).error_code(), grpc::StatusCode::INTERNAL);
}

TEST_F(NotificationsServiceTest, SameKeyTwiceReturnsTheFirstEmail) {
  v1::EnqueueEmailResponse first, second;
  ASSERT_TRUE(Enqueue(SignInEmail("sign-in:2"), &first).ok());
  ASSERT_TRUE(Enqueue(SignInEmail("sign-in:2"), &second).ok());
  EXPECT_TRUE(first.created());
  EXPECT_FALSE(second.created());
  EXPECT_EQ(second.email().id(), first.email().id());
  EXPECT_EQ(second.email().created_at().seconds(), first.email().created_at().seconds());
  EXPECT_EQ(CountEmails(), 1);

  v1::EnqueueEmailResponse other;
  ASSERT_TRUE(Enqueue(SignInEmail("sign-in:3"), &other).ok());
  EXPECT_TRUE(other.created());
  EXPECT_NE(other.email().id(), first.email().id());
  EXPECT_EQ(CountEmails(), 2);
}

TEST_F(NotificationsServiceTest, SameKeyForADifferentEmailIsAlreadyExists) {
  v1::EnqueueEmailResponse response;
  ASSERT_TRUE(Enqueue(SignInEmail("sign-in:4"), &response).ok());

  v1::EnqueueEmailRequest other_recipient = SignInEmail("sign-in:4");
  other_recipient.set_recipient("bob@example.com");
  v1::EnqueueEmailRequest other_link = SignInEmail("sign-in:4");
  (*other_link.mutable_personalisation())["sign_in"] = "https://rect.test/other";
  v1::EnqueueEmailRequest other_template;
  other_template.set_template_("lead_provider_welcome");
  other_template.set_recipient("ann.lee@example.com");
  (*other_template.mutable_personalisation())["name"] = "Ann Lee";
  (*other_template.mutable_personalisation())["lead_provider_name"] = "Ambition Institute";
  (*other_template.mutable_personalisation())["start_url"] = "https://rect.test/";
  other_template.set_idempotency_key("sign-in:4");

  for (const v1::EnqueueEmailRequest& request : {other_recipient, other_link, other_template}) {
    grpc::Status status = Enqueue(request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
    EXPECT_NE(status.error_message().find("idempotency_key was already used for a different "
                                          "email"),
              std::string::npos);
    EXPECT_EQ(status.error_message().find("rect.test"), std::string::npos);
  }
  EXPECT_EQ(CountEmails(), 1);
}

TEST_F(NotificationsServiceTest, ConcurrentEnqueuesWithOneKeyStoreOneEmail) {
  constexpr int kCallers = 12;
  std::atomic<int> created{0};
  std::atomic<int> failures{0};
  std::vector<std::string> ids(kCallers);
  std::vector<std::thread> callers;
  for (int i = 0; i < kCallers; ++i) {
    callers.emplace_back([&, i] {
      v1::EnqueueEmailResponse response;
      if (!Enqueue(SignInEmail("sign-in:race"), &response).ok()) ++failures;
      if (response.created()) ++created;
      ids[i] = response.email().id();
    });
  }
  for (std::thread& caller : callers) caller.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(created, 1);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 1u);
  EXPECT_EQ(CountEmails(), 1);
}

TEST_F(NotificationsServiceTest, InvalidEmailsAreRefusedAndNotStored) {
  v1::EnqueueEmailResponse response;
  v1::EnqueueEmailRequest unknown = SignInEmail("k1");
  unknown.set_template_("magic_link");
  v1::EnqueueEmailRequest missing = SignInEmail("k2");
  missing.mutable_personalisation()->erase("token_expiry");
  v1::EnqueueEmailRequest bad_address = SignInEmail("k3");
  bad_address.set_recipient("ann lee@example.com");
  v1::EnqueueEmailRequest no_key = SignInEmail("");
  const std::vector<std::pair<v1::EnqueueEmailRequest, std::string>> cases = {
      {unknown, "unknown template 'magic_link'"},
      {missing, "personalisation field 'token_expiry' is required by template 'sign_in_link'"},
      {bad_address,
       "recipient must be one email address in the correct format, like name@example.com"},
      {no_key, "idempotency_key is required"},
  };
  for (const auto& [request, message] : cases) {
    grpc::Status status = Enqueue(request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << message;
    EXPECT_EQ(status.error_message(), message);
  }
  EXPECT_EQ(CountEmails(), 0);
}

TEST_F(NotificationsServiceTest, UnknownAndMalformedIdsAreNotFound) {
  v1::Email email;
  EXPECT_EQ(Get("6f0c2d4e-8a3b-4c1d-9e2f-0123456789ab", &email).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Get("not-a-uuid", &email).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Get("", &email).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(NotificationsServiceTest, GetShowsDeliveryProgress) {
  v1::EnqueueEmailResponse response;
  ASSERT_TRUE(Enqueue(SignInEmail("sign-in:5"), &response).ok());
  {
    // As the delivery worker will record a send.
    pqxx::connection c(db_.conninfo());
    pqxx::work txn(c);
    txn.exec_params(
        "UPDATE emails SET status = 'sent', attempts = 2, next_attempt_at = NULL, "
        "sent_at = '2026-03-05 14:30:00+00', notify_id = '740e5834-3a29-46b4-9a6f-16142fde533a', "
        "last_error = 'Notify 500', updated_at = now() WHERE id = $1",
        response.email().id());
    txn.commit();
  }
  v1::Email email;
  ASSERT_TRUE(Get(response.email().id(), &email).ok());
  EXPECT_EQ(email.status(), v1::Email::SENT);
  EXPECT_EQ(email.attempts(), 2);
  EXPECT_EQ(email.notify_id(), "740e5834-3a29-46b4-9a6f-16142fde533a");
  EXPECT_EQ(email.sent_at().seconds(), 1772721000);
  EXPECT_FALSE(email.has_next_attempt_at());
  EXPECT_EQ(email.last_error(), "Notify 500");
}

class ListEmailsTest : public NotificationsServiceTest {
 protected:
  grpc::Status List(const v1::ListEmailsRequest& request, v1::ListEmailsResponse* response) {
    grpc::ClientContext context;
    return stub_->ListEmails(&context, request, response);
  }

  // Enqueues an email created `age` ago, with `status`.
  std::string Add(const std::string& key, const std::string& recipient, const std::string& age,
                  const std::string& status = "pending") {
    v1::EnqueueEmailRequest request = SignInEmail(key);
    request.set_recipient(recipient);
    v1::EnqueueEmailResponse response;
    EXPECT_TRUE(Enqueue(request, &response).ok());
    pqxx::connection c(db_.conninfo());
    pqxx::work txn(c);
    txn.exec_params(
        "UPDATE emails SET created_at = now() - $2::interval, status = $3, "
        "next_attempt_at = CASE WHEN $3 = 'failed' THEN NULL ELSE next_attempt_at END, "
        "last_error = CASE WHEN $3 = 'failed' THEN 'Notify 400' END WHERE id = $1",
        response.email().id(), age, status);
    txn.commit();
    return response.email().id();
  }

  static std::vector<std::string> Keys(const v1::ListEmailsResponse& response) {
    std::vector<std::string> keys;
    for (const v1::Email& email : response.emails()) keys.push_back(email.idempotency_key());
    return keys;
  }
};

TEST_F(ListEmailsTest, FiltersNewestFirstWithoutPersonalisation) {
  Add("k1", "ann@example.com", "3 hours");
  Add("k2", "Ann@Example.com", "2 hours", "failed");
  Add("k3", "bob@example.com", "1 hour", "failed");
  Add("k4", "ann@example.com", "1 minute");

  v1::ListEmailsResponse all;
  ASSERT_TRUE(List({}, &all).ok());
  EXPECT_EQ(Keys(all), (std::vector<std::string>{"k4", "k3", "k2", "k1"}));
  EXPECT_TRUE(all.next_page_token().empty());
  for (const v1::Email& email : all.emails()) {
    EXPECT_TRUE(email.personalisation().empty());
    EXPECT_EQ(email.template_(), "sign_in_link");
  }

  v1::ListEmailsRequest ann;
  ann.set_recipient("ANN@example.COM");
  v1::ListEmailsResponse response;
  ASSERT_TRUE(List(ann, &response).ok());
  EXPECT_EQ(Keys(response), (std::vector<std::string>{"k4", "k2", "k1"}));

  ann.set_status(v1::Email::FAILED);
  response.Clear();
  ASSERT_TRUE(List(ann, &response).ok());
  EXPECT_EQ(Keys(response), (std::vector<std::string>{"k2"}));
  EXPECT_EQ(response.emails(0).last_error(), "Notify 400");

  v1::ListEmailsRequest window;
  const absl::Time now = absl::Now();
  window.mutable_created_after()->set_seconds(absl::ToUnixSeconds(now - absl::Minutes(150)));
  window.mutable_created_before()->set_seconds(absl::ToUnixSeconds(now - absl::Minutes(30)));
  response.Clear();
  ASSERT_TRUE(List(window, &response).ok());
  EXPECT_EQ(Keys(response), (std::vector<std::string>{"k3", "k2"}));

  v1::ListEmailsRequest by_key;
  by_key.set_idempotency_key("k3");
  by_key.set_template_("sign_in_link");
  response.Clear();
  ASSERT_TRUE(List(by_key, &response).ok());
  EXPECT_EQ(Keys(response), (std::vector<std::string>{"k3"}));
  by_key.set_template_("mentor_registered");
  response.Clear();
  ASSERT_TRUE(List(by_key, &response).ok());
  EXPECT_EQ(response.emails_size(), 0);
}

TEST_F(ListEmailsTest, PagesThroughEmailsCreatedAtTheSameInstant) {
  for (int i = 0; i < 7; ++i) Add("same:" + std::to_string(i), "ann@example.com", "1 hour");
  {
    pqxx::connection c(db_.conninfo());
    pqxx::work txn(c);
    txn.exec("UPDATE emails SET created_at = '2026-03-05 14:30:00.123456+00'");
    txn.commit();
  }
  v1::ListEmailsRequest request;
  request.set_page_size(3);
  std::vector<std::string> seen;
  int pages = 0;
  do {
    v1::ListEmailsResponse response;
    ASSERT_TRUE(List(request, &response).ok());
    for (const std::string& key : Keys(response)) seen.push_back(key);
    request.set_page_token(response.next_page_token());
    ++pages;
  } while (!request.page_token().empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 7u);
  EXPECT_EQ(seen.size(), 7u);
}

TEST_F(ListEmailsTest, RefusesBadArguments) {
  v1::ListEmailsResponse response;
  v1::ListEmailsRequest request;
  request.set_page_size(501);
  EXPECT_EQ(List(request, &response).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  request = {};
  request.set_page_token("not-a-token");
  EXPECT_EQ(List(request, &response).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  request = {};
  request.set_template_("magic_link");
  EXPECT_EQ(List(request, &response).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  request = {};
  request.set_status(static_cast<v1::Email::Status>(42));
  EXPECT_EQ(List(request, &response).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(NotificationsServiceTest, NewEmailsWakeTheWorker) {
  int wakes = 0;
  NotificationsServiceImpl service(store_, [&] { ++wakes; });
  testing::InProcessServer server(service);
  auto stub = v1::NotificationsService::NewStub(server.channel());
  for (const char* key : {"wake:1", "wake:1", "wake:2"}) {
    grpc::ClientContext context;
    v1::EnqueueEmailResponse response;
    ASSERT_TRUE(stub->EnqueueEmail(&context, SignInEmail(key), &response).ok());
  }
  EXPECT_EQ(wakes, 2) << "a repeated key stores nothing new";
}

}  // namespace
}  // namespace rect::notifications
