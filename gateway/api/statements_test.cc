// The statement routes over real HTTP against fake identity and registration services: the
// resource's attributes, filters sent on, scoping by the caller's token, and 404s.
#include "gateway/api/statements.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gateway/api/participants_fake_backend.h"
#include "gateway/api/testing/api_test_server.h"

namespace rect::gateway::api {
namespace {

constexpr char kS1[] = "cccccccc-0000-4000-8000-000000000001";
constexpr char kS3[] = "cccccccc-0000-4000-8000-000000000003";

class StatementsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<testing::ApiTestServer>(
        registration_, [](Router& router, Backends& backends, ApiAuthenticator& api) {
          return AddStatementRoutes(router, backends, api);
        });
    ASSERT_TRUE(server_->ok());
  }

  testing::FakeRegistrationApi registration_;
  std::unique_ptr<testing::ApiTestServer> server_;
};

TEST_F(StatementsTest, ShowsTheStatement) {
  HttpClientResponse response = server_->Get(absl::StrCat("/api/v3/statements/", kS1));
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.body,
            absl::StrCat(R"({"data":{"id":")", kS1,
                         R"(","type":"statement","attributes":{"month":"October","year":"2025",)",
                         R"("cohort":"2025","cut_off_date":"2025-10-30",)",
                         R"("payment_date":"2025-11-25","paid":true,)",
                         R"("created_at":"2025-09-01T10:00:00Z",)",
                         R"("updated_at":"2025-09-01T10:00:00Z"}}})"));
}

TEST_F(StatementsTest, EachProviderSeesOnlyItsOwn) {
  EXPECT_EQ(server_->Ids("/api/v3/statements"), "12");
  EXPECT_EQ(server_->Ids("/api/v3/statements", "lp2-token"), "3");
  EXPECT_EQ(server_->Get(absl::StrCat("/api/v3/statements/", kS3)).status, 404);
  EXPECT_EQ(server_->Get(absl::StrCat("/api/v3/statements/", kS1), "lp2-token").status, 404);
  EXPECT_EQ(server_->Get("/api/v3/statements/not-a-uuid").status, 404);
  EXPECT_EQ(server_->Get("/api/v3/statements", "").status, 401);
}

TEST_F(StatementsTest, SendsFilters) {
  server_->Ids("/api/v3/statements?filter[cohort]=2025&filter[updated_since]=2025-01-01T00:00:00Z");
  const auto request = registration_.last_statements_request();
  EXPECT_TRUE(request.filter_cohorts());
  EXPECT_EQ(request.cohorts(0), 2025);
  EXPECT_EQ(request.updated_since().seconds(), 1735689600);
  EXPECT_EQ(server_->Get("/api/v3/statements?filter=abc").status, 400);
  EXPECT_EQ(server_->Get("/api/v3/statements?filter[cohort]=abc").body, R"({"data":[]})");
}

}  // namespace
}  // namespace rect::gateway::api
