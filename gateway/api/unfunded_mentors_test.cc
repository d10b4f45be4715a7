// The unfunded mentor routes over real HTTP against fake identity and registration services:
// the resource, what is sent on, scoping by the caller's token, and 404s.
#include "gateway/api/unfunded_mentors.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gateway/api/participants_fake_backend.h"
#include "gateway/api/testing/api_test_server.h"

namespace rect::gateway::api {
namespace {

constexpr char kM1[] = "bbbbbbbb-0000-4000-8000-000000000001";
constexpr char kM3[] = "bbbbbbbb-0000-4000-8000-000000000003";

class UnfundedMentorsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<testing::ApiTestServer>(
        registration_, [](Router& router, Backends& backends, ApiAuthenticator& api) {
          return AddUnfundedMentorRoutes(router, backends, api);
        });
    ASSERT_TRUE(server_->ok());
  }

  testing::FakeRegistrationApi registration_;
  std::unique_ptr<testing::ApiTestServer> server_;
};

TEST_F(UnfundedMentorsTest, ShowsTheMentor) {
  HttpClientResponse response = server_->Get(absl::StrCat("/api/v3/unfunded-mentors/", kM1));
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(
      response.body,
      absl::StrCat(R"({"data":{"id":")", kM1,
                   R"(","type":"unfunded-mentor","attributes":{"full_name":"Mentor 1",)",
                   R"("email":"mentor1@school.example","teacher_reference_number":"2000001",)",
                   R"("created_at":"2025-09-01T10:00:00Z",)",
                   R"("updated_at":"2025-10-01T09:30:00Z"}}})"));
}

TEST_F(UnfundedMentorsTest, EachProviderSeesOnlyItsOwn) {
  EXPECT_EQ(server_->Ids("/api/v3/unfunded-mentors"), "12");
  EXPECT_EQ(server_->Ids("/api/v3/unfunded-mentors", "lp2-token"), "3");
  EXPECT_EQ(server_->Get(absl::StrCat("/api/v3/unfunded-mentors/", kM3)).status, 404);
  EXPECT_EQ(server_->Get(absl::StrCat("/api/v3/unfunded-mentors/", kM1), "lp2-token").status, 404);
  EXPECT_EQ(server_->Get("/api/v3/unfunded-mentors/not-a-uuid").status, 404);
  EXPECT_EQ(server_->Get("/api/v3/unfunded-mentors", "").status, 401);
}

TEST_F(UnfundedMentorsTest, SendsUpdatedSinceSortAndPage) {
  server_->Ids(
      "/api/v3/unfunded-mentors?filter[updated_since]=2025-01-01T00:00:00Z&sort=updated_at"
      "&page[per_page]=2");
  const auto request = registration_.last_unfunded_mentors_request();
  EXPECT_EQ(request.updated_since().seconds(), 1735689600);
  ASSERT_EQ(request.sort_size(), 1);
  EXPECT_EQ(request.sort(0).key(), registration::v1::ApiSortTerm::UPDATED_AT);
  EXPECT_EQ(request.page().per_page(), 2);
  EXPECT_EQ(server_->Get("/api/v3/unfunded-mentors?filter=x").status, 400);
}

}  // namespace
}  // namespace rect::gateway::api
