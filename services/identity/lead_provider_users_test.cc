// LeadProviderUsersService over gRPC against a real PostgreSQL database.
#include "services/identity/lead_provider_users.h"

#include <grpcpp/client_context.h>
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "services/common/testing/service_fixture.h"
#include "services/identity/migrations.h"

namespace rect::identity {
namespace {

constexpr char kLp1[] = "11111111-1111-4111-8111-000000000001";
constexpr char kLp2[] = "11111111-1111-4111-8111-000000000002";

TEST(LeadProviderUsers, ListsEveryUserOfOneLeadProviderOnly) {
  testing::MigratedDatabase db(Migrations());
  {
    pqxx::connection c(db.conninfo());
    pqxx::work txn(c);
    txn.exec_params0("INSERT INTO lead_provider_users (full_name, email, lead_provider_id) VALUES "
                     "('Bob Northern', 'bob@northern.example', $1), "
                     "('Alice Northern', 'alice@northern.example', $1), "
                     "('Carol Southern', 'carol@southern.example', $2)",
                     kLp1, kLp2);
    txn.commit();
  }
  LeadProviderUsersServiceImpl service(db.pool());
  testing::InProcessServer server(service);
  auto stub = v1::LeadProviderUsersService::NewStub(server.channel());

  grpc::ClientContext context;
  v1::ListLeadProviderUsersRequest request;
  request.set_lead_provider_id(kLp1);
  v1::ListLeadProviderUsersResponse response;
  ASSERT_TRUE(stub->ListLeadProviderUsers(&context, request, &response).ok());
  ASSERT_EQ(response.users_size(), 2);
  EXPECT_EQ(response.users(0).full_name(), "Alice Northern");
  EXPECT_EQ(response.users(0).email(), "alice@northern.example");
  EXPECT_EQ(response.users(1).email(), "bob@northern.example");

  grpc::ClientContext bad_context;
  request.set_lead_provider_id("not-a-uuid");
  EXPECT_EQ(stub->ListLeadProviderUsers(&bad_context, request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace rect::identity
