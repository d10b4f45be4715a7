#include "services/identity/service.h"

#include <grpcpp/client_context.h>
#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "services/common/testing/service_fixture.h"
#include "services/identity/migrations.h"

namespace rect::identity {
namespace {

constexpr char kProvider[] = "6f0c2d4e-8a3b-4c1d-9e2f-0123456789ab";

class IdentityServiceTest : public ::testing::Test {
 protected:
  IdentityServiceTest()
      : db_(Migrations()),
        store_(db_.pool()),
        service_(store_, random_),
        server_(service_),
        stub_(v1::IdentityService::NewStub(server_.channel())) {}

  grpc::Status Create(const std::string& provider, v1::CreateApiTokenResponse* response,
                      const std::string& description = "") {
    grpc::ClientContext context;
    v1::CreateApiTokenRequest request;
    request.set_lead_provider_id(provider);
    request.set_description(description);
    return stub_->CreateApiToken(&context, request, response);
  }

  grpc::Status Authenticate(const std::string& token, v1::AuthenticateApiTokenResponse* response) {
    grpc::ClientContext context;
    v1::AuthenticateApiTokenRequest request;
    request.set_token(token);
    return stub_->AuthenticateApiToken(&context, request, response);
  }

  grpc::Status Revoke(const std::string& id) {
    grpc::ClientContext context;
    v1::RevokeApiTokenRequest request;
    v1::RevokeApiTokenResponse response;
    request.set_token_id(id);
    return stub_->RevokeApiToken(&context, request, &response);
  }

  testing::MigratedDatabase db_;
  PgIdentityStore store_;
  SecureRandom random_;
  IdentityServiceImpl service_;
  testing::InProcessServer server_;
  std::unique_ptr<v1::IdentityService::Stub> stub_;
};

TEST_F(IdentityServiceTest, CreatedTokenAuthenticatesAsItsProvider) {
  v1::CreateApiTokenResponse created;
  ASSERT_TRUE(Create(kProvider, &created, "production").ok());
  EXPECT_EQ(created.token().size(), 43u);

  v1::AuthenticateApiTokenResponse who;
  ASSERT_TRUE(Authenticate(created.token(), &who).ok());
  EXPECT_EQ(who.lead_provider_id(), kProvider);
  EXPECT_EQ(who.token_id(), created.token_id());
  EXPECT_GT(who.last_used_at().seconds(), 0);
}

TEST_F(IdentityServiceTest, OnlyTheDigestIsStored) {
  v1::CreateApiTokenResponse created;
  ASSERT_TRUE(Create(kProvider, &created).ok());
  pqxx::connection c(db_.conninfo());
  pqxx::nontransaction txn(c);
  pqxx::row row = txn.exec1("SELECT encode(token_digest, 'hex') FROM api_tokens");
  const std::string stored = row[0].as<std::string>();
  EXPECT_EQ(stored.size(), 64u);
  EXPECT_EQ(stored.find(created.token()), std::string::npos);
}

TEST_F(IdentityServiceTest, UnknownEmptyAndRevokedTokensAreUnauthenticated) {
  v1::AuthenticateApiTokenResponse who;
  EXPECT_EQ(Authenticate("ambition-institute", &who).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Authenticate("", &who).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Authenticate(std::string(300, 'x'), &who).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  v1::CreateApiTokenResponse created;
  ASSERT_TRUE(Create(kProvider, &created).ok());
  ASSERT_TRUE(Revoke(created.token_id()).ok());
  EXPECT_EQ(Authenticate(created.token(), &who).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Revoke(created.token_id()).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Revoke("not-a-uuid").error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(IdentityServiceTest, BadCreateRequestsAreRefusedWithReasons) {
  v1::CreateApiTokenResponse created;
  grpc::Status status = Create("ambition", &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "lead_provider_id must be a UUID");
  EXPECT_EQ(Create(kProvider, &created, std::string(201, 'd')).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(IdentityServiceTest, ProvidersHaveSeveralIndependentTokens) {
  v1::CreateApiTokenResponse first, second;
  ASSERT_TRUE(Create(kProvider, &first).ok());
  ASSERT_TRUE(Create(kProvider, &second).ok());
  EXPECT_NE(first.token(), second.token());
  ASSERT_TRUE(Revoke(first.token_id()).ok());
  v1::AuthenticateApiTokenResponse who;
  EXPECT_TRUE(Authenticate(second.token(), &who).ok());
}

}  // namespace
}  // namespace rect::identity
