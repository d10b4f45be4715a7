// The partnership routes over real HTTP, against fake identity and partnerships services over
// real gRPC: authentication, the JSON:API envelope and attributes, how query parameters become
// the partnerships request, and the 400/404 bodies.
#include "gateway/api/partnerships.h"

#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gateway/api/api_auth.h"
#include "gateway/api/query.h"
#include "gateway/api/testing/api_test_server.h"
#include "gateway/backends.h"
#include "gateway/http/request_recorder.h"
#include "gateway/http/router.h"
#include "gateway/http/server.h"
#include "protos/registration/v1/lead_provider_api.grpc.pb.h"
#include "services/common/http_client.h"
#include "services/common/metrics.h"
#include "services/common/tokens.h"

namespace rect::gateway::api {
namespace {

namespace iv1 = identity::v1;
namespace pv1 = partnerships::v1;

using testing::kLp1;
using testing::kLp2;
constexpr char kDp1[] = "22222222-2222-4222-8222-000000000001";
constexpr char kDp2[] = "22222222-2222-4222-8222-000000000002";
constexpr char kDp3[] = "22222222-2222-4222-8222-000000000003";
constexpr char kP1[] = "44444444-4444-4444-8444-000000000001";
constexpr char kP2[] = "44444444-4444-4444-8444-000000000002";
constexpr char kP3[] = "44444444-4444-4444-8444-000000000003";
constexpr char kSchool1[] = "55555555-5555-4555-8555-000000000001";
constexpr char kNotFound[] =
    R"({"errors":[{"title":"Resource not found","detail":"Nothing could be found for the provided details"}]})";

pv1::Partnership Partnership(const std::string& id, int cohort, const std::string& partner_id,
                             const std::string& partner_name, const std::string& email,
                             int64_t created, int64_t updated) {
  pv1::Partnership partnership;
  partnership.set_id(id);
  partnership.set_cohort(cohort);
  partnership.set_urn("100001");
  partnership.set_school_id(kSchool1);
  partnership.set_delivery_partner_id(partner_id);
  partnership.set_delivery_partner_name(partner_name);
  partnership.set_school_email(email);
  partnership.mutable_created_at()->set_seconds(created);
  partnership.mutable_updated_at()->set_seconds(updated);
  return partnership;
}

// LP1 has P1 (2021, DP1) and P2 (2022, DP2, challenged, no school email); LP2 has P3 (2022,
// DP3). Lists filter and page in memory (the real ordering is the partnerships service's,
// tested there); the last list request is kept.
class FakePartnerships final : public pv1::PartnershipsService::Service {
 public:
  FakePartnerships() {
    pv1::Partnership p2 =
        Partnership(kP2, 2022, kDp2, "Dales Teaching Hub", "", 1738404060, 1751364002);
    p2.set_challenged(true);
    p2.set_challenge_reason("mistake");
    p2.mutable_challenged_at()->set_seconds(1740819600);
    partnerships_[kLp1] = {Partnership(kP1, 2021, kDp1, "Pennine Schools Alliance",
                                       "office@school.example", 1738404000, 1751364003),
                           p2};
    partnerships_[kLp2] = {
        Partnership(kP3, 2022, kDp3, "Solent", "office@school.example", 1738404120, 1751364001)};
  }

  grpc::Status ListPartnerships(grpc::ServerContext*, const pv1::ListPartnershipsRequest* request,
                                pv1::ListPartnershipsResponse* response) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++list_calls_;
    last_list_ = *request;
    std::vector<pv1::Partnership> matching;
    for (const pv1::Partnership& partnership : partnerships_[request->lead_provider_id()]) {
      bool year = !request->filter_cohorts();
      for (int wanted : request->cohorts()) year = year || partnership.cohort() == wanted;
      bool partner = !request->filter_delivery_partner_ids();
      for (const std::string& wanted : request->delivery_partner_ids()) {
        partner = partner || partnership.delivery_partner_id() == wanted;
      }
      const bool recent = !request->has_updated_since() ||
                          partnership.updated_at().seconds() >= request->updated_since().seconds();
      if (year && partner && recent) matching.push_back(partnership);
    }
    const int64_t per_page = request->page().per_page();
    const int64_t offset = (request->page().page() - 1) * per_page;
    for (int64_t i = offset; i < static_cast<int64_t>(matching.size()) && i < offset + per_page;
         ++i) {
      *response->add_partnerships() = matching[i];
    }
    return grpc::Status::OK;
  }

  grpc::Status GetPartnership(grpc::ServerContext*, const pv1::GetPartnershipRequest* request,
                              pv1::Partnership* response) override {
    std::lock_guard<std::mutex> lock(mu_);
    for (const pv1::Partnership& partnership : partnerships_[request->lead_provider_id()]) {
      if (partnership.id() == request->id()) {
        *response = partnership;
        return grpc::Status::OK;
      }
    }
    return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such partnership");
  }

  // Moves one of the caller's partnerships to another delivery partner.
  grpc::Status UpdateApiPartnership(grpc::ServerContext*,
                                    const pv1::UpdateApiPartnershipRequest* request,
                                    pv1::ApiPartnershipResult* response) override {
    std::lock_guard<std::mutex> lock(mu_);
    for (pv1::Partnership& partnership : partnerships_[request->lead_provider_id()]) {
      if (partnership.id() != request->id()) continue;
      partnership.set_delivery_partner_id(request->delivery_partner_id());
      *response->mutable_partnership() = partnership;
      return grpc::Status::OK;
    }
    return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such partnership");
  }

  // Creates a partnership for any school and cohort "2025" of the caller; refuses others.
  grpc::Status CreateApiPartnership(grpc::ServerContext*,
                                    const pv1::CreateApiPartnershipRequest* request,
                                    pv1::ApiPartnershipResult* response) override {
    if (request->cohort() != "2025") {
      pv1::ApiPartnershipError* error = response->add_errors();
      error->set_attribute("cohort");
      error->set_message("You cannot create a partnership for a future cohort.");
      return grpc::Status::OK;
    }
    *response->mutable_partnership() =
        Partnership("44444444-4444-4444-8444-000000000009", 2025, request->delivery_partner_id(),
                    "Pennine Schools Alliance", "", 1764504000, 1764504000);
    return grpc::Status::OK;
  }

  pv1::ListPartnershipsRequest last_list() {
    std::lock_guard<std::mutex> lock(mu_);
    return last_list_;
  }
  int list_calls() {
    std::lock_guard<std::mutex> lock(mu_);
    return list_calls_;
  }

 private:
  std::mutex mu_;
  std::map<std::string, std::vector<pv1::Partnership>> partnerships_;
  pv1::ListPartnershipsRequest last_list_;
  int list_calls_ = 0;
};

// Registration's AttachPartnership (remembered; fails while `down`) and DescribePartnerships.
class FakeRegistrationAttach final
    : public registration::v1::LeadProviderApiService::Service {
 public:
  grpc::Status AttachPartnership(grpc::ServerContext*,
                                 const registration::v1::AttachPartnershipRequest* request,
                                 registration::v1::AttachPartnershipResponse* response) override {
    std::lock_guard<std::mutex> lock(mu_);
    requests_.push_back(*request);
    if (down_) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "down");
    response->set_training_periods(2);
    return grpc::Status::OK;
  }
  // Counts from `training`, tutors from `tutors`; fails while `down`.
  grpc::Status DescribePartnerships(
      grpc::ServerContext*, const registration::v1::DescribePartnershipsRequest* request,
      registration::v1::DescribePartnershipsResponse* response) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (describe_down_) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "down");
    for (const std::string& id : request->partnership_ids()) {
      auto* out = response->add_partnerships();
      out->set_partnership_id(id);
      out->set_participants_currently_training(training_.count(id) ? training_[id] : 0);
    }
    for (const std::string& urn : request->school_urns()) {
      if (tutors_.count(urn) == 0) continue;
      auto* tutor = response->add_induction_tutors();
      tutor->set_school_urn(urn);
      tutor->set_name(tutors_[urn].first);
      tutor->set_email(tutors_[urn].second);
    }
    return grpc::Status::OK;
  }
  void set_training(const std::string& id, int count) {
    std::lock_guard<std::mutex> lock(mu_);
    training_[id] = count;
  }
  void set_tutor(const std::string& urn, const std::string& name, const std::string& email) {
    std::lock_guard<std::mutex> lock(mu_);
    tutors_[urn] = {name, email};
  }
  void set_describe_down(bool down) {
    std::lock_guard<std::mutex> lock(mu_);
    describe_down_ = down;
  }

  std::vector<registration::v1::AttachPartnershipRequest> requests() {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }
  void set_down(bool down) {
    std::lock_guard<std::mutex> lock(mu_);
    down_ = down;
  }

 private:
  std::mutex mu_;
  std::vector<registration::v1::AttachPartnershipRequest> requests_;
  bool down_ = false;
  bool describe_down_ = false;
  std::map<std::string, int> training_;
  std::map<std::string, std::pair<std::string, std::string>> tutors_;
};

class PartnershipsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<testing::ApiTestServer>(
        partnerships_, registration_,
        [](Router& router, Backends& backends, ApiAuthenticator& api) {
          return AddPartnershipRoutes(router, backends, api);
        });
    ASSERT_TRUE(server_->ok());
  }

  HttpClientResponse Get(const std::string& path, const std::string& token = "lp1-token") {
    return server_->Get(path, token);
  }
  std::string Ids(const std::string& path, const std::string& token = "lp1-token") {
    return server_->Ids(path, token);
  }

  FakePartnerships partnerships_;
  FakeRegistrationAttach registration_;
  SecureRandom random_;
  std::unique_ptr<testing::ApiTestServer> server_;
};

TEST_F(PartnershipsTest, RefusesMissingAndUnknownTokens) {
  for (const char* path : {"/api/v3/partnerships", "/api/v3/partnerships/x"}) {
    for (const char* token : {"", "not-a-token"}) {
      HttpClientResponse response = Get(path, token);
      EXPECT_EQ(response.status, 401) << path << " " << token;
      EXPECT_EQ(response.body, R"({"error":"HTTP Token: Access denied"})");
      EXPECT_EQ(response.Header("Content-Type"), "application/json; charset=utf-8");
    }
  }
  EXPECT_EQ(Get("/api/v3/partnerships?filter=x", "").status, 401);
  EXPECT_EQ(partnerships_.list_calls(), 0);
}

TEST_F(PartnershipsTest, ListsTheCallersPartnershipsInTheEnvelope) {
  HttpClientResponse response = Get("/api/v3/partnerships");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(
      response.body,
      absl::StrCat(
          R"({"data":[{"id":")", kP1, R"(","type":"partnership","attributes":{"cohort":"2021",)",
          R"("urn":"100001","school_id":")", kSchool1, R"(","delivery_partner_id":")", kDp1,
          R"(","delivery_partner_name":"Pennine Schools Alliance","status":"active",)",
          R"("challenged_reason":null,"challenged_at":null,"induction_tutor_name":null,)",
          R"("induction_tutor_email":"office@school.example",)",
          R"("updated_at":"2025-07-01T10:00:03Z","created_at":"2025-02-01T10:00:00Z",)",
          R"("participants_currently_training":0}},)", R"({"id":")", kP2,
          R"(","type":"partnership","attributes":{"cohort":"2022",)",
          R"("urn":"100001","school_id":")", kSchool1, R"(","delivery_partner_id":")", kDp2,
          R"(","delivery_partner_name":"Dales Teaching Hub","status":"challenged",)",
          R"("challenged_reason":"mistake","challenged_at":"2025-03-01T09:00:00Z",)",
          R"("induction_tutor_name":null,"induction_tutor_email":null,)",
          R"("updated_at":"2025-07-01T10:00:02Z","created_at":"2025-02-01T10:01:00Z",)",
          R"("participants_currently_training":0}}]})"));
  EXPECT_EQ(Ids("/api/v3/partnerships", "lp2-token"), "3");

  const pv1::ListPartnershipsRequest request = partnerships_.last_list();
  EXPECT_EQ(request.lead_provider_id(), kLp2);
  EXPECT_FALSE(request.filter_cohorts());
  EXPECT_FALSE(request.filter_delivery_partner_ids());
  EXPECT_FALSE(request.has_updated_since());
  EXPECT_EQ(request.page().page(), 1);
  EXPECT_EQ(request.page().per_page(), 100);
  ASSERT_EQ(request.sort_size(), 1);
  EXPECT_EQ(request.sort(0).key(), pv1::SortTerm::CREATED_AT);
  EXPECT_FALSE(request.sort(0).descending());
}

TEST_F(PartnershipsTest, FiltersByCohort) {
  EXPECT_EQ(Ids("/api/v3/partnerships?filter[cohort]=2022"), "2");
  EXPECT_EQ(Ids("/api/v3/partnerships?filter[cohort]=2022,2021"), "12");
  EXPECT_EQ(Ids("/api/v3/partnerships?filter[cohort]=2023,abc"), "");
  EXPECT_EQ(Ids("/api/v3/partnerships?filter[cohort]="), "12");
  EXPECT_FALSE(partnerships_.last_list().filter_cohorts());
  const int calls = partnerships_.list_calls();
  HttpClientResponse response = Get("/api/v3/partnerships?filter[cohort]=abc");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"data":[]})");
  EXPECT_EQ(partnerships_.list_calls(), calls);
}

TEST_F(PartnershipsTest, FiltersByDeliveryPartnerWithoutCheckingUuids) {
  EXPECT_EQ(Ids(absl::StrCat("/api/v3/partnerships?filter[delivery_partner_id]=", kDp2)), "2");
  EXPECT_EQ(Ids(absl::StrCat("/api/v3/partnerships?filter[delivery_partner_id]=", kDp1, ",", kDp2)),
            "12");
  // Items are passed on unchecked (partnerships drops those that can match nothing).
  EXPECT_EQ(Ids("/api/v3/partnerships?filter[delivery_partner_id]=abc"), "");
  pv1::ListPartnershipsRequest request = partnerships_.last_list();
  EXPECT_TRUE(request.filter_delivery_partner_ids());
  ASSERT_EQ(request.delivery_partner_ids_size(), 1);
  EXPECT_EQ(request.delivery_partner_ids(0), "abc");
  EXPECT_EQ(Ids(absl::StrCat("/api/v3/partnerships?filter[delivery_partner_id]=", kDp3)), "");
  EXPECT_EQ(Ids("/api/v3/partnerships?filter[delivery_partner_id]="), "12");
  EXPECT_FALSE(partnerships_.last_list().filter_delivery_partner_ids());
}

TEST_F(PartnershipsTest, FiltersByUpdatedSinceInclusively) {
  EXPECT_EQ(Ids("/api/v3/partnerships?filter[updated_since]=2025-07-01T10:00:03Z"), "1");
  EXPECT_EQ(partnerships_.last_list().updated_since().seconds(), 1751364003);
  // Decoded twice (§2.7): an offset's '+' must be escaped twice; escaped once it fails.
  EXPECT_EQ(Ids("/api/v3/partnerships?filter[updated_since]=2025-07-01T11:00:02%252B01:00"), "12");
  EXPECT_EQ(Get("/api/v3/partnerships?filter[updated_since]=2025-07-01T11:00:02%2B01:00").status,
            400);
  const int calls = partnerships_.list_calls();
  HttpClientResponse bad = Get("/api/v3/partnerships?filter[updated_since]=2025-01-01");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body, absl::StrCat(R"({"errors":[{"title":"Bad request","detail":")",
                                   kUpdatedSinceError, R"("}]})"));
  EXPECT_EQ(partnerships_.list_calls(), calls);
}

TEST_F(PartnershipsTest, PassesSortTermsAndPaginates) {
  Ids("/api/v3/partnerships?sort=-updated_at,%2Bcreated_at");
  pv1::ListPartnershipsRequest request = partnerships_.last_list();
  ASSERT_EQ(request.sort_size(), 2);
  EXPECT_EQ(request.sort(0).key(), pv1::SortTerm::UPDATED_AT);
  EXPECT_TRUE(request.sort(0).descending());
  EXPECT_EQ(request.sort(1).key(), pv1::SortTerm::CREATED_AT);
  EXPECT_FALSE(request.sort(1).descending());

  EXPECT_EQ(Ids("/api/v3/partnerships?page[per_page]=1&page[page]=2"), "2");
  EXPECT_EQ(Ids("/api/v3/partnerships?page[per_page]=5000"), "12");
  EXPECT_EQ(partnerships_.last_list().page().per_page(), 3000);
  EXPECT_EQ(Get("/api/v3/partnerships?page[page]=999").body, R"({"data":[]})");
  HttpClientResponse bad = Get("/api/v3/partnerships?page[page]=0");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body, absl::StrCat(R"({"errors":[{"title":"Bad request","detail":")",
                                   kPaginationError, R"("}]})"));
  HttpClientResponse not_a_hash = Get("/api/v3/partnerships?filter=x");
  EXPECT_EQ(not_a_hash.status, 400);
  EXPECT_EQ(not_a_hash.body,
            R"({"errors":[{"title":"Bad parameter","detail":"Filter must be a hash"}]})");
}

TEST_F(PartnershipsTest, ShowsOnlyTheCallersPartnerships) {
  HttpClientResponse response = Get(absl::StrCat("/api/v3/partnerships/", kP2));
  ASSERT_EQ(response.status, 200);
  const boost::json::value body = boost::json::parse(response.body);
  EXPECT_EQ(body.at("data").at("id").as_string(), kP2);
  EXPECT_EQ(body.at("data").at("attributes").at("status").as_string(), "challenged");
  EXPECT_EQ(Get(absl::StrCat("/api/v3/partnerships/", kP1, "?filter[cohort]=abc")).status, 200);

  for (const std::string& id :
       {std::string("not-a-uuid"), std::string(kP3), std::string(NewUuid(random_))}) {
    HttpClientResponse missing = Get("/api/v3/partnerships/" + id);
    EXPECT_EQ(missing.status, 404) << id;
    EXPECT_EQ(missing.body, kNotFound) << id;
  }
  EXPECT_EQ(Get(absl::StrCat("/api/v3/partnerships/", kP3), "lp2-token").status, 200);
}

TEST(ParsePartnershipBodyTest, TakesTheThreeAttributesOrRefusesTheShape) {
  PartnershipAttributes attributes;
  ASSERT_TRUE(ParsePartnershipBody(
      R"({"data":{"type":"x","attributes":{"cohort":2024,"school_id":"s","delivery_partner_id":"d","extra":1}}})",
      &attributes));
  EXPECT_EQ(attributes.cohort, "2024");
  EXPECT_EQ(attributes.school_id, "s");
  EXPECT_EQ(attributes.delivery_partner_id, "d");
  PartnershipAttributes only_partner;
  ASSERT_TRUE(ParsePartnershipBody(R"({"data":{"attributes":{"delivery_partner_id":"d"}}})",
                                   &only_partner));
  EXPECT_EQ(only_partner.cohort, "");
  for (const char* body : {"", "[]", "{}", R"({"data":{}})", R"({"data":{"type":"partnership"}})",
                           R"({"data":{"attributes":{"unknown":1}}})", "{not json"}) {
    PartnershipAttributes ignored;
    EXPECT_FALSE(ParsePartnershipBody(body, &ignored)) << body;
  }
}

TEST_F(PartnershipsTest, ANewPartnershipTakesTheSchoolsWaitingTrainingBeforeTheAnswer) {
  const std::string body = absl::StrCat(
      R"({"data":{"type":"partnership","attributes":{"cohort":"2025","school_id":")", kSchool1,
      R"(","delivery_partner_id":")", kDp2, R"("}}})");
  HttpClientResponse response = server_->Send("POST", "/api/v3/partnerships", body);
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(boost::json::parse(response.body).at("data").at("id").as_string(),
            "44444444-4444-4444-8444-000000000009");
  std::vector<registration::v1::AttachPartnershipRequest> attached = registration_.requests();
  ASSERT_EQ(attached.size(), 1u);
  EXPECT_EQ(attached[0].lead_provider_id(), kLp1);
  EXPECT_EQ(attached[0].cohort(), 2025);
  EXPECT_EQ(attached[0].school_urn(), "100001");
  EXPECT_EQ(attached[0].partnership_id(), "44444444-4444-4444-8444-000000000009");
  EXPECT_EQ(attached[0].delivery_partner_id(), kDp2);

  // Registration down: the partnership is made, so it is answered all the same.
  registration_.set_down(true);
  EXPECT_EQ(server_->Send("POST", "/api/v3/partnerships", body).status, 200);
  // A refusal attaches nothing.
  const std::string future = absl::StrCat(
      R"({"data":{"attributes":{"cohort":"2030","school_id":")", kSchool1,
      R"(","delivery_partner_id":")", kDp2, R"("}}})");
  EXPECT_EQ(server_->Send("POST", "/api/v3/partnerships", future).status, 422);
  EXPECT_EQ(registration_.requests().size(), 2u);
}

TEST_F(PartnershipsTest, AChangedDeliveryPartnerReachesRegistration) {
  HttpClientResponse response =
      server_->Send("PUT", absl::StrCat("/api/v3/partnerships/", kP1),
                    absl::StrCat(R"({"data":{"attributes":{"delivery_partner_id":")", kDp3,
                                 R"("}}})"));
  ASSERT_EQ(response.status, 200) << response.body;
  std::vector<registration::v1::AttachPartnershipRequest> sent = registration_.requests();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].partnership_id(), kP1);
  EXPECT_EQ(sent[0].delivery_partner_id(), kDp3);
  EXPECT_EQ(sent[0].cohort(), 2021);
}

TEST_F(PartnershipsTest, TrainingCountsAndInductionTutorsComeFromRegistration) {
  registration_.set_training(kP1, 3);
  registration_.set_tutor("100001", "Sam Tutor", "sam.tutor@school.example");
  HttpClientResponse response = Get(absl::StrCat("/api/v3/partnerships/", kP1));
  ASSERT_EQ(response.status, 200) << response.body;
  const auto attributes = boost::json::parse(response.body).at("data").at("attributes");
  EXPECT_EQ(attributes.at("participants_currently_training").as_int64(), 3);
  EXPECT_EQ(attributes.at("induction_tutor_name").as_string(), "Sam Tutor");
  EXPECT_EQ(attributes.at("induction_tutor_email").as_string(), "sam.tutor@school.example");
  const auto list = boost::json::parse(Get("/api/v3/partnerships").body).at("data").as_array();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].at("attributes").at("participants_currently_training").as_int64(), 3);
  EXPECT_EQ(list[1].at("attributes").at("participants_currently_training").as_int64(), 0);
  // Registration unavailable: no partnership is answered with made-up figures.
  registration_.set_describe_down(true);
  EXPECT_EQ(Get(absl::StrCat("/api/v3/partnerships/", kP1)).status, 503);
  EXPECT_EQ(Get("/api/v3/partnerships").status, 503);
  // An empty page needs nothing from registration.
  EXPECT_EQ(Get("/api/v3/partnerships?filter[cohort]=2030").body, R"({"data":[]})");
}

}  // namespace
}  // namespace rect::gateway::api
