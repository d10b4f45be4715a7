// The participant routes over real HTTP, against fake identity and registration services over
// real gRPC: authentication, the resource's attributes, the filters sent to registration,
// scoping by the caller's token, and the 400/404 bodies.
#include "gateway/api/participants.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gateway/api/participants_fake_backend.h"
#include "gateway/api/testing/api_test_server.h"

namespace rect::gateway::api {
namespace {

constexpr char kNotFound[] =
    R"({"errors":[{"title":"Resource not found","detail":"Nothing could be found for the provided details"}]})";
constexpr char kP1[] = "aaaaaaaa-0000-4000-8000-000000000001";
constexpr char kP3[] = "aaaaaaaa-0000-4000-8000-000000000003";

class ParticipantsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<testing::ApiTestServer>(
        registration_, [](Router& router, Backends& backends, ApiAuthenticator& api) {
          return AddParticipantRoutes(router, backends, api);
        });
    ASSERT_TRUE(server_->ok());
  }

  testing::FakeRegistrationApi registration_;
  std::unique_ptr<testing::ApiTestServer> server_;
};

TEST_F(ParticipantsTest, RefusesMissingAndUnknownTokens) {
  for (const char* path : {"/api/v3/participants", "/api/v3/participants/x"}) {
    for (const char* token : {"", "not-a-token"}) {
      HttpClientResponse response = server_->Get(path, token);
      EXPECT_EQ(response.status, 401) << path;
      EXPECT_EQ(response.body, R"({"error":"HTTP Token: Access denied"})");
    }
  }
}

TEST_F(ParticipantsTest, ShowsTheParticipantWithItsEnrolments) {
  HttpClientResponse response = server_->Get(absl::StrCat("/api/v3/participants/", kP1));
  ASSERT_EQ(response.status, 200) << response.body;
  const boost::json::value body = boost::json::parse(response.body);
  EXPECT_EQ(body.as_object().size(), 1u);
  const auto& data = body.at("data");
  EXPECT_EQ(data.at("id").as_string(), kP1);
  EXPECT_EQ(data.at("type").as_string(), "participant");
  const auto& attributes = data.at("attributes");
  EXPECT_EQ(attributes.at("full_name").as_string(), "Teacher 1");
  EXPECT_EQ(attributes.at("teacher_reference_number").as_string(), "1000001");
  EXPECT_TRUE(attributes.at("participant_id_changes").as_array().empty());
  EXPECT_EQ(attributes.at("updated_at").as_string(), "2025-10-01T09:30:00Z");
  const auto& enrolment = attributes.at("ecf_enrolments").as_array().at(0);
  EXPECT_EQ(enrolment.at("participant_type").as_string(), "ect");
  EXPECT_EQ(enrolment.at("cohort").as_string(), "2025");
  EXPECT_EQ(enrolment.at("training_status").as_string(), "withdrawn");
  EXPECT_EQ(enrolment.at("participant_status").as_string(), "left");
  EXPECT_EQ(enrolment.at("withdrawal").at("reason").as_string(), "moved-school");
  EXPECT_EQ(enrolment.at("withdrawal").at("date").as_string(), "2025-10-01T09:30:00Z");
  EXPECT_TRUE(enrolment.at("deferral").is_null());
  EXPECT_TRUE(enrolment.at("eligible_for_funding").as_bool());
  EXPECT_EQ(enrolment.at("mentor_id").as_string(), "aaaaaaaa-0000-4000-8000-000000000002");
  EXPECT_EQ(enrolment.at("working_pattern").as_string(), "full_time");
  EXPECT_TRUE(enrolment.at("mentor_funding_end_date").is_null());
  EXPECT_TRUE(enrolment.at("induction_end_date").is_null());
  EXPECT_EQ(enrolment.at("created_at").as_string(), "2025-09-01T10:00:00Z");

  const auto mentor = boost::json::parse(
      server_->Get("/api/v3/participants/aaaaaaaa-0000-4000-8000-000000000002").body);
  const auto& mentor_enrolment =
      mentor.at("data").at("attributes").at("ecf_enrolments").as_array().at(0);
  EXPECT_TRUE(mentor_enrolment.at("mentor_id").is_null());
  EXPECT_TRUE(mentor_enrolment.at("working_pattern").is_null());
  EXPECT_TRUE(mentor_enrolment.at("eligible_for_funding").is_null());
}

TEST_F(ParticipantsTest, EachProviderSeesOnlyItsOwn) {
  EXPECT_EQ(server_->Ids("/api/v3/participants"), "12");
  EXPECT_EQ(server_->Ids("/api/v3/participants", "lp2-token"), "3");
  for (const std::string& path :
       {absl::StrCat("/api/v3/participants/", kP3), std::string("/api/v3/participants/not-a-uuid"),
        std::string("/api/v3/participants/aaaaaaaa-0000-4000-8000-000000000009")}) {
    HttpClientResponse response = server_->Get(path);
    EXPECT_EQ(response.status, 404) << path;
    EXPECT_EQ(response.body, kNotFound);
  }
  EXPECT_EQ(server_->Get(absl::StrCat("/api/v3/participants/", kP1), "lp2-token").status, 404);
}

TEST_F(ParticipantsTest, SendsFiltersSortAndPage) {
  server_->Ids(
      "/api/v3/participants?filter[cohort]=2024,x,2025&filter[training_status]=deferred"
      "&filter[updated_since]=2025-01-01T00:00:00Z&sort=-updated_at&page[page]=2"
      "&page[per_page]=5000");
  const registration::v1::ListParticipantsRequest request =
      registration_.last_participants_request();
  EXPECT_EQ(request.lead_provider_id(), testing::kLp1);
  EXPECT_TRUE(request.filter_cohorts());
  ASSERT_EQ(request.cohorts_size(), 2);
  EXPECT_EQ(request.cohorts(1), 2025);
  EXPECT_EQ(request.training_status(), "deferred");
  EXPECT_EQ(request.updated_since().seconds(), 1735689600);
  ASSERT_EQ(request.sort_size(), 1);
  EXPECT_EQ(request.sort(0).key(), registration::v1::ApiSortTerm::UPDATED_AT);
  EXPECT_TRUE(request.sort(0).descending());
  EXPECT_EQ(request.page().page(), 2);
  EXPECT_EQ(request.page().per_page(), 3000);
}

TEST_F(ParticipantsTest, BadQueriesAreRefused) {
  EXPECT_EQ(server_->Get("/api/v3/participants?filter[cohort]=abc").body, R"({"data":[]})");
  HttpClientResponse response = server_->Get("/api/v3/participants?filter=x");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.body,
            R"({"errors":[{"title":"Bad parameter","detail":"Filter must be a hash"}]})");
  response = server_->Get("/api/v3/participants?page[page]=0");
  EXPECT_EQ(response.status, 400);
  response = server_->Get("/api/v3/participants?filter[updated_since]=2025-01-01");
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(response.body.find("ISO 8601"), std::string::npos);
}

TEST_F(ParticipantsTest, WithdrawSendsTheAttributesAndAnswersTheParticipant) {
  const std::string path = absl::StrCat("/api/v3/participants/", kP1, "/withdraw");
  HttpClientResponse response = server_->Send(
      "PUT", path,
      R"({"data":{"type":"participant-withdraw","attributes":{"reason":"moved-school",)"
      R"("course_identifier":"ecf-induction"}}})");
  ASSERT_EQ(response.status, 200) << response.body;
  const auto body = boost::json::parse(response.body);
  EXPECT_EQ(body.at("data").at("id").as_string(), kP1);
  const auto request = registration_.last_action_request();
  EXPECT_EQ(request.lead_provider_id(), testing::kLp1);
  EXPECT_EQ(request.id(), kP1);
  EXPECT_EQ(request.reason(), "moved-school");
  EXPECT_EQ(request.course_identifier(), "ecf-induction");

  response = server_->Send("PUT", path,
                           R"({"data":{"attributes":{"course_identifier":"ecf-induction"}}})");
  EXPECT_EQ(response.status, 422);
  EXPECT_EQ(response.body, R"({"errors":[{"title":"reason","detail":"Enter a '#/reason'."}]})");
}

TEST_F(ParticipantsTest, ActionBodyShapeComesBeforeTheId) {
  const char kBodyShape[] =
      R"({"errors":[{"title":"Bad request","detail":"Correct json data structure required. See API docs for reference."}]})";
  for (const char* body : {"", "{", R"({"data":{}})", R"({"data":{"attributes":{"x":1}}})"}) {
    HttpClientResponse response =
        server_->Send("PUT", "/api/v3/participants/not-a-uuid/withdraw", body);
    EXPECT_EQ(response.status, 400) << body;
    EXPECT_EQ(response.body, kBodyShape) << body;
  }
  const std::string valid =
      R"({"data":{"attributes":{"reason":"other","course_identifier":"ecf-induction"}}})";
  EXPECT_EQ(server_->Send("PUT", "/api/v3/participants/not-a-uuid/withdraw", valid).status, 404);
  EXPECT_EQ(
      server_->Send("PUT", absl::StrCat("/api/v3/participants/", kP3, "/withdraw"), valid).status,
      404);
  EXPECT_EQ(
      server_
          ->Send("PUT", absl::StrCat("/api/v3/participants/", kP1, "/withdraw"), valid, "lp2-token")
          .status,
      404);
  EXPECT_EQ(server_->Send("PUT", absl::StrCat("/api/v3/participants/", kP1, "/withdraw"), valid, "")
                .status,
            401);
}

TEST_F(ParticipantsTest, ChangeScheduleSendsScheduleAndCohort) {
  const std::string path = absl::StrCat("/api/v3/participants/", kP1, "/change-schedule");
  HttpClientResponse response = server_->Send(
      "PUT", path,
      R"({"data":{"type":"participant-change-schedule","attributes":{)"
      R"("schedule_identifier":"ecf-extended-april","course_identifier":"ecf-induction",)"
      R"("cohort":2024}}})");
  ASSERT_EQ(response.status, 200) << response.body;
  const auto body = boost::json::parse(response.body);
  EXPECT_EQ(body.at("data").at("id").as_string(), kP1);
  EXPECT_EQ(body.at("data")
                .at("attributes")
                .at("ecf_enrolments")
                .at(0)
                .at("schedule_identifier")
                .as_string(),
            "ecf-extended-april");
  auto request = registration_.last_action_request();
  EXPECT_EQ(request.lead_provider_id(), testing::kLp1);
  EXPECT_EQ(request.schedule_identifier(), "ecf-extended-april");
  EXPECT_EQ(request.cohort(), "2024");
  EXPECT_EQ(request.course_identifier(), "ecf-induction");
  EXPECT_TRUE(request.reason().empty());

  // A cohort sent as a string, and no cohort at all.
  server_->Send("PUT", path,
                R"({"data":{"attributes":{"schedule_identifier":"ecf-reduced-april",)"
                R"("cohort":"2025"}}})");
  EXPECT_EQ(registration_.last_action_request().cohort(), "2025");
  server_->Send("PUT", path, R"({"data":{"attributes":{"schedule_identifier":"x"}}})");
  EXPECT_EQ(registration_.last_action_request().cohort(), "");

  response = server_->Send(
      "PUT", path, R"({"data":{"attributes":{"schedule_identifier":"ecf-standard-september"}}})");
  EXPECT_EQ(response.status, 422);
  EXPECT_EQ(response.body,
            R"({"errors":[{"title":"schedule_identifier","detail":"Selected schedule is already on the profile"}]})");
  EXPECT_EQ(server_->Send("PUT", path, R"({"data":{"attributes":{"reason":"other"}}})").status,
            400);
  EXPECT_EQ(server_
                ->Send("PUT",
                       absl::StrCat("/api/v3/participants/", kP1, "/change-schedule"),
                       R"({"data":{"attributes":{"schedule_identifier":"ecf-extended-april"}}})",
                       "lp2-token")
                .status,
            404);
}

}  // namespace
}  // namespace rect::gateway::api
