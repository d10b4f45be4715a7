// The declaration routes over real HTTP against fake identity and registration services: the
// resource's attributes, POST body parsing and its 400, refusals as 422, void, filters sent on,
// scoping by the caller's token, and 404s.
#include "gateway/api/declarations.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gateway/api/participants_fake_backend.h"
#include "gateway/api/testing/api_test_server.h"

namespace rect::gateway::api {
namespace {

constexpr char kD1[] = "dddddddd-0000-4000-8000-000000000001";
constexpr char kD3[] = "dddddddd-0000-4000-8000-000000000003";
constexpr char kBodyShape[] =
    R"({"errors":[{"title":"Bad request","detail":"Correct json data structure required. See API docs for reference."}]})";

class DeclarationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<testing::ApiTestServer>(
        registration_, [](Router& router, Backends& backends, ApiAuthenticator& api) {
          return AddDeclarationRoutes(router, backends, api);
        });
    ASSERT_TRUE(server_->ok());
  }

  HttpClientResponse Post(const std::string& body, const std::string& token = "lp1-token") {
    return server_->Send("POST", "/api/v3/participant-declarations", body, token);
  }

  testing::FakeRegistrationApi registration_;
  std::unique_ptr<testing::ApiTestServer> server_;
};

TEST_F(DeclarationsTest, ShowsTheDeclaration) {
  HttpClientResponse response =
      server_->Get(absl::StrCat("/api/v3/participant-declarations/", kD1));
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(
      response.body,
      absl::StrCat(
          R"({"data":{"id":")", kD1, R"(","type":"participant-declaration","attributes":{)",
          R"("participant_id":"aaaaaaaa-0000-4000-8000-000000000001","declaration_type":"started",)",
          R"("declaration_date":"2025-10-01T09:30:00Z","course_identifier":"ecf-induction",)",
          R"("state":"eligible","updated_at":"2025-10-01T09:30:00Z",)",
          R"("created_at":"2025-10-01T09:30:00Z",)",
          R"("delivery_partner_id":"22222222-0000-4000-8000-000000000001",)",
          R"("statement_id":"cccccccc-0000-4000-8000-000000000001","clawback_statement_id":null,)",
          R"("ineligible_for_funding_reason":null,"mentor_id":null,"uplift_paid":false,)",
          R"("evidence_held":"training-event-attended",)",
          R"("lead_provider_name":"Northern Teaching Trust"}}})"));
}

TEST_F(DeclarationsTest, EachProviderSeesOnlyItsOwn) {
  EXPECT_EQ(server_->Ids("/api/v3/participant-declarations"), "12");
  EXPECT_EQ(server_->Ids("/api/v3/participant-declarations", "lp2-token"), "3");
  EXPECT_EQ(server_->Get(absl::StrCat("/api/v3/participant-declarations/", kD3)).status, 404);
  EXPECT_EQ(server_->Get("/api/v3/participant-declarations/not-a-uuid").status, 404);
  EXPECT_EQ(server_
                ->Send("PUT", absl::StrCat("/api/v3/participant-declarations/", kD1, "/void"), "",
                       "lp2-token")
                .status,
            404);
  EXPECT_EQ(server_->Get("/api/v3/participant-declarations", "").status, 401);
  EXPECT_EQ(Post(R"({"data":{"attributes":{"participant_id":"x"}}})", "").status, 401);
}

TEST_F(DeclarationsTest, SendsFiltersAndDropsNonUuids) {
  server_->Ids(
      "/api/v3/participant-declarations?filter[cohort]=2025&filter[participant_id]=x,"
      "aaaaaaaa-0000-4000-8000-000000000001&filter[delivery_partner_id]="
      "&filter[updated_since]=2025-01-01T00:00:00Z&page[per_page]=10");
  const auto request = registration_.last_declarations_request();
  EXPECT_TRUE(request.filter_cohorts());
  EXPECT_TRUE(request.filter_participant_ids());
  ASSERT_EQ(request.participant_ids_size(), 1);
  EXPECT_FALSE(request.filter_delivery_partner_ids());
  EXPECT_EQ(request.updated_since().seconds(), 1735689600);
  EXPECT_EQ(request.page().per_page(), 10);
  EXPECT_EQ(server_->Get("/api/v3/participant-declarations?filter[participant_id]=x").body,
            R"({"data":[]})");
}

TEST_F(DeclarationsTest, PostSendsTheAttributes) {
  HttpClientResponse response = Post(
      R"({"data":{"type":"anything","attributes":{"participant_id":"aaaaaaaa-0000-4000-8000-000000000001",)"
      R"("course_identifier":"ecf-induction","declaration_type":"started",)"
      R"("declaration_date":"2025-10-01T09:30:00Z","evidence_held":"other","extra":1}}})");
  EXPECT_EQ(response.status, 200) << response.body;
  const auto request = registration_.last_create_request();
  EXPECT_EQ(request.lead_provider_id(), testing::kLp1);
  EXPECT_EQ(request.participant_id(), "aaaaaaaa-0000-4000-8000-000000000001");
  EXPECT_EQ(request.course_identifier(), "ecf-induction");
  EXPECT_EQ(request.declaration_type(), "started");
  EXPECT_EQ(request.declaration_date(), "2025-10-01T09:30:00Z");
  EXPECT_EQ(request.evidence_held(), "other");
}

TEST_F(DeclarationsTest, RefusalsAre422WithTheAttribute) {
  HttpClientResponse response = Post(R"({"data":{"attributes":{"participant_id":null}}})");
  EXPECT_EQ(response.status, 422);
  EXPECT_EQ(response.body,
            R"({"errors":[{"title":"participant_id","detail":"Enter a '#/participant_id'."}]})");
}

TEST_F(DeclarationsTest, BadBodiesAre400) {
  for (const char* body :
       {"", "not json", "[]", R"({})", R"({"data":{}})", R"({"data":{"type":"x"}})",
        R"({"data":{"attributes":{}}})", R"({"data":{"attributes":{"unknown":"x"}}})",
        R"({"data":{"attributes":"x"}})"}) {
    HttpClientResponse response = Post(body);
    EXPECT_EQ(response.status, 400) << body;
    EXPECT_EQ(response.body, kBodyShape) << body;
  }
}

TEST_F(DeclarationsTest, VoidAnswersTheVoidedDeclaration) {
  HttpClientResponse response =
      server_->Send("PUT", absl::StrCat("/api/v3/participant-declarations/", kD1, "/void"), "");
  ASSERT_EQ(response.status, 200);
  const auto body = boost::json::parse(response.body);
  EXPECT_EQ(body.at("data").at("attributes").at("state").as_string(), "voided");
  EXPECT_TRUE(body.at("data").at("attributes").at("statement_id").is_null());
}

TEST(ParseDeclarationBodyTest, NonStringValuesBecomeTheirText) {
  registration::v1::CreateDeclarationRequest request;
  ASSERT_TRUE(ParseDeclarationBody(R"({"data":{"attributes":{"participant_id":123}}})", &request));
  EXPECT_EQ(request.participant_id(), "123");
}

}  // namespace
}  // namespace rect::gateway::api
