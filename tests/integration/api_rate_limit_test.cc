// The lead provider API's rate limit across two gateway replicas: both count into identity's
// shared counters, so 1000 requests per Authorization value per 5-minute window hold in total.
#include <grpcpp/client_context.h>
#include <gtest/gtest.h>

#include <map>
#include <pqxx/pqxx>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "protos/identity/v1/identity.grpc.pb.h"
#include "tests/integration/stack.h"

namespace rect::integration {
namespace {

constexpr char kProvider[] = "0b3c5d7e-1f2a-4b6c-8d9e-abcdefabcdef";

int CountStatus(int port, const std::map<std::string, std::string>& headers, int requests,
                int status) {
  int matching = 0;
  for (int i = 0; i < requests; ++i) {
    matching += Http(port, "GET", "/api/v3/delivery-partners", "", headers).status == status;
  }
  return matching;
}

TEST(ApiRateLimit, TwoGatewayReplicasShareOneLimitPerAuthorizationValue) {
  Stack stack;
  // A second replica that shares its counts often, so the test need not wait long.
  const int a = stack.StartGateway("gateway-b", {{"RECT_GATEWAY_API_RATE_LIMIT_FLUSH_MS", "50"}});
  const int b = stack.gateway_port();
  ASSERT_TRUE(stack.WaitForReadyz(200, absl::Seconds(60))) << stack.Get("/readyz").body;
  for (int i = 0; i < 600 && Http(a, "GET", "/readyz").status != 200; ++i) {
    absl::SleepFor(absl::Milliseconds(100));
  }

  auto stub = identity::v1::IdentityService::NewStub(stack.Channel("identity"));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  identity::v1::CreateApiTokenRequest request;
  identity::v1::CreateApiTokenResponse token;
  request.set_lead_provider_id(kProvider);
  ASSERT_TRUE(stub->CreateApiToken(&context, request, &token).ok());
  const std::map<std::string, std::string> auth = {
      {"Authorization", "Bearer " + token.token()}};

  // Far enough from a window's end that all of it happens in one window.
  const int64_t into_window = absl::ToUnixSeconds(absl::Now()) % 300;
  if (into_window > 240) absl::SleepFor(absl::Seconds(301 - into_window));

  EXPECT_EQ(CountStatus(a, auth, 700, 200), 700);
  absl::SleepFor(absl::Seconds(1));  // both replicas have shared their counts
  EXPECT_EQ(CountStatus(b, auth, 300, 200), 300);
  absl::SleepFor(absl::Seconds(1));

  // The 1001st request, on either replica.
  HttpResponse limited = Http(a, "GET", "/api/v3/delivery-partners", "", auth);
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.body, "Retry later\n");
  EXPECT_EQ(Http(b, "GET", "/api/v3/delivery-partners", "", auth).status, 429);
  // Another spelling of the same token is another Authorization value (as upstream).
  EXPECT_EQ(Http(b, "GET", "/api/v3/delivery-partners", "",
                 {{"Authorization", "Token " + token.token()}})
                .status,
            200);

  // The shared counters hold digests, never the header.
  absl::SleepFor(absl::Seconds(1));
  pqxx::connection db(stack.postgres().Conninfo("rect_identity"));
  pqxx::work txn(db);
  pqxx::result rows =
      txn.exec("SELECT key_digest, requests FROM api_request_counts ORDER BY requests DESC");
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ(rows[0][1].as<int64_t>(), 1002);
  for (const pqxx::row& row : rows) {
    const std::string key = pqxx::binarystring(row[0]).str();
    EXPECT_EQ(key.size(), 32u);
    EXPECT_FALSE(absl::StrContains(key, token.token()));
  }
}

}  // namespace
}  // namespace rect::integration
