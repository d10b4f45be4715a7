// The school routes over real HTTP, against fake identity and partnerships services over real
// gRPC: authentication, the required cohort filter, the JSON:API envelope and attributes, how
// query parameters become the partnerships request, and the 400/404 bodies.
#include "gateway/api/schools.h"

#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <map>
#include <mutex>
#include <set>
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
constexpr char kS1[] = "55555555-5555-4555-8555-000000000001";
constexpr char kS2[] = "55555555-5555-4555-8555-000000000002";
constexpr char kS3[] = "55555555-5555-4555-8555-000000000003";
constexpr char kNotFound[] =
    R"({"errors":[{"title":"Resource not found","detail":"Nothing could be found for the provided details"}]})";

pv1::ApiSchool School(const std::string& id, const std::string& name, const std::string& urn,
                      int cohort, const std::string& email, int64_t created, int64_t updated) {
  pv1::ApiSchool school;
  school.set_id(id);
  school.set_name(name);
  school.set_urn(urn);
  school.set_cohort(cohort);
  school.set_school_email(email);
  school.mutable_created_at()->set_seconds(created);
  school.mutable_updated_at()->set_seconds(updated);
  return school;
}

// 2021: S1 (partnered by LP1 only, provider-led) and S2 (not partnered, school-led); 2022: S3.
// Every school has a GIAS email. Lists filter and page in memory; the last list request is
// kept.
class FakePartnerships final : public pv1::PartnershipsService::Service {
 public:
  FakePartnerships() {
    pv1::ApiSchool s1 = School(kS1, "Oakfield Primary", "100001", 2021, "office@oak.example",
                               1735725600, 1754006400);
    s1.set_in_partnership(true);
    s1.set_induction_programme_choice(pv1::ApiSchool::PROVIDER_LED);
    pv1::ApiSchool s2 =
        School(kS2, "Elm Academy", "100002", 2021, "office@elm.example", 1735725660, 1751364002);
    s2.set_induction_programme_choice(pv1::ApiSchool::SCHOOL_LED);
    pv1::ApiSchool s3 =
        School(kS3, "Ash School", "100003", 2022, "office@ash.example", 1735725720, 1751364001);
    schools_ = {s1, s2, s3};
  }

  grpc::Status ListApiSchools(grpc::ServerContext*, const pv1::ListApiSchoolsRequest* request,
                              pv1::ListApiSchoolsResponse* response) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++list_calls_;
    last_list_ = *request;
    std::vector<pv1::ApiSchool> matching;
    for (const pv1::ApiSchool& school : schools_) {
      if (school.cohort() != request->cohort()) continue;
      if (!request->urn().empty() && school.urn() != request->urn()) continue;
      if (request->has_updated_since() &&
          school.updated_at().seconds() < request->updated_since().seconds()) {
        continue;
      }
      matching.push_back(For(request->lead_provider_id(), school));
    }
    const int64_t per_page = request->page().per_page();
    const int64_t offset = (request->page().page() - 1) * per_page;
    for (int64_t i = offset; i < static_cast<int64_t>(matching.size()) && i < offset + per_page;
         ++i) {
      *response->add_schools() = matching[i];
    }
    return grpc::Status::OK;
  }

  grpc::Status GetApiSchool(grpc::ServerContext*, const pv1::GetApiSchoolRequest* request,
                            pv1::ApiSchool* response) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++get_calls_;
    for (const pv1::ApiSchool& school : schools_) {
      if (school.id() == request->id() && school.cohort() == request->cohort()) {
        *response = For(request->lead_provider_id(), school);
        return grpc::Status::OK;
      }
    }
    return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such school");
  }

  pv1::ListApiSchoolsRequest last_list() {
    std::lock_guard<std::mutex> lock(mu_);
    return last_list_;
  }
  int list_calls() {
    std::lock_guard<std::mutex> lock(mu_);
    return list_calls_;
  }
  int get_calls() {
    std::lock_guard<std::mutex> lock(mu_);
    return get_calls_;
  }

 private:
  // `school` as `lead_provider_id` sees it: LP1 has a partnership with S1.
  static pv1::ApiSchool For(const std::string& lead_provider_id, pv1::ApiSchool school) {
    school.set_expression_of_interest(lead_provider_id == kLp1 && school.id() == kS1);
    return school;
  }

  std::mutex mu_;
  std::vector<pv1::ApiSchool> schools_;
  pv1::ListApiSchoolsRequest last_list_;
  int list_calls_ = 0;
  int get_calls_ = 0;
};

// Registration's DescribeSchools: registrations and tutors as set; fails while `down`.
class FakeRegistration final : public registration::v1::LeadProviderApiService::Service {
 public:
  grpc::Status DescribeSchools(grpc::ServerContext*,
                               const registration::v1::DescribeSchoolsRequest* request,
                               registration::v1::DescribeSchoolsResponse* response) override {
    std::lock_guard<std::mutex> lock(mu_);
    last_ = *request;
    if (down_) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "down");
    for (const std::string& urn : request->school_urns()) {
      auto* school = response->add_schools();
      school->set_school_urn(urn);
      school->set_registered_with_provider(registered_.count({request->lead_provider_id(), urn}) >
                                           0);
      if (auto tutor = tutors_.find(urn); tutor != tutors_.end()) {
        school->set_induction_tutor_name(tutor->second.first);
        school->set_induction_tutor_email(tutor->second.second);
      }
    }
    return grpc::Status::OK;
  }
  void set_registered(const std::string& lead_provider_id, const std::string& urn) {
    std::lock_guard<std::mutex> lock(mu_);
    registered_.insert({lead_provider_id, urn});
  }
  void set_tutor(const std::string& urn, const std::string& name, const std::string& email) {
    std::lock_guard<std::mutex> lock(mu_);
    tutors_[urn] = {name, email};
  }
  void set_down(bool down) {
    std::lock_guard<std::mutex> lock(mu_);
    down_ = down;
  }
  registration::v1::DescribeSchoolsRequest last() {
    std::lock_guard<std::mutex> lock(mu_);
    return last_;
  }

 private:
  std::mutex mu_;
  std::set<std::pair<std::string, std::string>> registered_;
  std::map<std::string, std::pair<std::string, std::string>> tutors_;
  bool down_ = false;
  registration::v1::DescribeSchoolsRequest last_;
};

class SchoolsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<testing::ApiTestServer>(
        partnerships_, registration_, [](Router& router, Backends& backends, ApiAuthenticator& api) {
          return AddSchoolRoutes(router, backends, api);
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
  FakeRegistration registration_;
  SecureRandom random_;
  std::unique_ptr<testing::ApiTestServer> server_;
};

TEST_F(SchoolsTest, RefusesMissingAndUnknownTokens) {
  for (const char* path : {"/api/v3/schools?filter[cohort]=2021", "/api/v3/schools/x"}) {
    for (const char* token : {"", "not-a-token"}) {
      HttpClientResponse response = Get(path, token);
      EXPECT_EQ(response.status, 401) << path << " " << token;
      EXPECT_EQ(response.body, R"({"error":"HTTP Token: Access denied"})");
    }
  }
  // Authentication comes before the missing cohort's 400.
  EXPECT_EQ(Get("/api/v3/schools", "").status, 401);
  EXPECT_EQ(partnerships_.list_calls(), 0);
}

TEST_F(SchoolsTest, RequiresTheCohortFilterOnIndexAndShow) {
  const std::string missing =
      R"({"errors":[{"title":"Bad parameter","detail":"The filter '#/cohort' must be included in your request"}]})";
  for (const std::string& path :
       {std::string("/api/v3/schools"), std::string("/api/v3/schools?filter[cohort]="),
        std::string("/api/v3/schools?filter[urn]=100001"), absl::StrCat("/api/v3/schools/", kS1),
        std::string("/api/v3/schools/not-a-uuid")}) {
    HttpClientResponse response = Get(path);
    EXPECT_EQ(response.status, 400) << path;
    EXPECT_EQ(response.body, missing) << path;
    EXPECT_EQ(response.Header("Content-Type"), "application/json; charset=utf-8");
  }
  HttpClientResponse not_a_hash = Get("/api/v3/schools?filter=x");
  EXPECT_EQ(not_a_hash.status, 400);
  EXPECT_EQ(not_a_hash.body,
            R"({"errors":[{"title":"Bad parameter","detail":"Filter must be a hash"}]})");
  EXPECT_EQ(partnerships_.list_calls(), 0);
  EXPECT_EQ(partnerships_.get_calls(), 0);
}

TEST_F(SchoolsTest, ListsTheYearsSchoolsInTheEnvelope) {
  HttpClientResponse response = Get("/api/v3/schools?filter[cohort]=2021");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(response.body,
            absl::StrCat(
                R"({"data":[{"id":")", kS1,
                R"(","type":"school","attributes":{"name":"Oakfield Primary","urn":"100001",)",
                R"("cohort":"2021","in_partnership":true,)",
                R"("induction_programme_choice":"provider_led","expression_of_interest":true,)",
                R"("induction_tutor_name":null,"induction_tutor_email":"office@oak.example",)",
                R"("created_at":"2025-01-01T10:00:00Z","updated_at":"2025-08-01T00:00:00Z"}},)",
                R"({"id":")", kS2,
                R"(","type":"school","attributes":{"name":"Elm Academy","urn":"100002",)",
                R"("cohort":"2021","in_partnership":false,)",
                R"("induction_programme_choice":"school_led","expression_of_interest":false,)",
                R"("induction_tutor_name":null,"induction_tutor_email":null,)",
                R"("created_at":"2025-01-01T10:01:00Z","updated_at":"2025-07-01T10:00:02Z"}}]})"));
  // Without an expression of interest the induction tutor stays hidden.
  const boost::json::value lp2 =
      boost::json::parse(Get("/api/v3/schools?filter[cohort]=2021", "lp2-token").body);
  EXPECT_TRUE(lp2.at("data").at(0).at("attributes").at("induction_tutor_email").is_null());

  const pv1::ListApiSchoolsRequest request = partnerships_.last_list();
  EXPECT_EQ(request.lead_provider_id(), kLp2);
  EXPECT_EQ(request.cohort(), 2021);
  EXPECT_EQ(request.urn(), "");
  EXPECT_FALSE(request.has_updated_since());
  EXPECT_EQ(request.page().page(), 1);
  EXPECT_EQ(request.page().per_page(), 100);
  ASSERT_EQ(request.sort_size(), 1);
  EXPECT_EQ(request.sort(0).key(), pv1::SortTerm::CREATED_AT);
}

TEST_F(SchoolsTest, TakesOneLeadingIntegerForCohortAndUrn) {
  EXPECT_EQ(Ids("/api/v3/schools?filter[cohort]=2022"), "3");
  EXPECT_EQ(Ids("/api/v3/schools?filter[cohort]=2022,2021"), "3");
  EXPECT_EQ(Ids("/api/v3/schools?filter[cohort]=2030"), "");
  EXPECT_EQ(Ids("/api/v3/schools?filter[cohort]=2021&filter[urn]=100002"), "2");
  EXPECT_EQ(partnerships_.last_list().urn(), "100002");
  EXPECT_EQ(Ids("/api/v3/schools?filter[cohort]=2021&filter[urn]=0100002"), "2");
  EXPECT_EQ(Ids("/api/v3/schools?filter[cohort]=2021&filter[urn]="), "12");

  // No integer: [] without asking partnerships.
  const int calls = partnerships_.list_calls();
  for (const char* path :
       {"/api/v3/schools?filter[cohort]=abc", "/api/v3/schools?filter[cohort]=2021&filter[urn]=abc",
        "/api/v3/schools?filter[cohort]=0"}) {
    HttpClientResponse response = Get(path);
    EXPECT_EQ(response.status, 200) << path;
    EXPECT_EQ(response.body, R"({"data":[]})") << path;
  }
  EXPECT_EQ(partnerships_.list_calls(), calls);
}

TEST_F(SchoolsTest, FiltersByUpdatedSinceSortsAndPaginates) {
  EXPECT_EQ(Ids("/api/v3/schools?filter[cohort]=2021&filter[updated_since]=2025-07-01T10:00:02Z"),
            "12");
  EXPECT_EQ(partnerships_.last_list().updated_since().seconds(), 1751364002);
  EXPECT_EQ(Ids("/api/v3/schools?filter[cohort]=2021&filter[updated_since]=2025-07-01T10:00:03Z"),
            "1");
  HttpClientResponse bad = Get("/api/v3/schools?filter[cohort]=2021&filter[updated_since]=2025");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body, absl::StrCat(R"({"errors":[{"title":"Bad request","detail":")",
                                   kUpdatedSinceError, R"("}]})"));

  Ids("/api/v3/schools?filter[cohort]=2021&sort=-updated_at");
  pv1::ListApiSchoolsRequest request = partnerships_.last_list();
  ASSERT_EQ(request.sort_size(), 1);
  EXPECT_EQ(request.sort(0).key(), pv1::SortTerm::UPDATED_AT);
  EXPECT_TRUE(request.sort(0).descending());

  EXPECT_EQ(Ids("/api/v3/schools?filter[cohort]=2021&page[per_page]=1&page[page]=2"), "2");
  EXPECT_EQ(Get("/api/v3/schools?filter[cohort]=2021&page[page]=999").body, R"({"data":[]})");
  HttpClientResponse bad_page = Get("/api/v3/schools?filter[cohort]=2021&page[per_page]=abc");
  EXPECT_EQ(bad_page.status, 400);
  EXPECT_EQ(bad_page.body, absl::StrCat(R"({"errors":[{"title":"Bad request","detail":")",
                                        kPaginationError, R"("}]})"));
}

TEST_F(SchoolsTest, ShowsASchoolOfTheGivenYear) {
  HttpClientResponse response = Get(absl::StrCat("/api/v3/schools/", kS1, "?filter[cohort]=2021"));
  ASSERT_EQ(response.status, 200);
  const boost::json::value body = boost::json::parse(response.body);
  EXPECT_EQ(body.at("data").at("id").as_string(), kS1);
  EXPECT_EQ(body.at("data").at("type").as_string(), "school");
  EXPECT_EQ(body.at("data").at("attributes").at("cohort").as_string(), "2021");
  EXPECT_TRUE(body.at("data").at("attributes").at("expression_of_interest").as_bool());

  for (const std::string& path :
       {absl::StrCat("/api/v3/schools/", kS1, "?filter[cohort]=2022"),
        absl::StrCat("/api/v3/schools/", kS1, "?filter[cohort]=abc"),
        std::string("/api/v3/schools/not-a-uuid?filter[cohort]=2021"),
        absl::StrCat("/api/v3/schools/", NewUuid(random_), "?filter[cohort]=2021")}) {
    HttpClientResponse missing = Get(path);
    EXPECT_EQ(missing.status, 404) << path;
    EXPECT_EQ(missing.body, kNotFound) << path;
  }
}

TEST_F(SchoolsTest, RegistrationsAndInductionTutorsComeFromRegistration) {
  // LP2 does not partner Elm Academy (100002) but has someone registered there that year.
  registration_.set_registered(kLp2, "100002");
  registration_.set_tutor("100002", "Pat Tutor", "pat.tutor@elm.example");
  const boost::json::value lp2 =
      boost::json::parse(Get("/api/v3/schools?filter[cohort]=2021", "lp2-token").body);
  const auto& elm = lp2.at("data").at(1).at("attributes");
  EXPECT_EQ(elm.at("urn").as_string(), "100002");
  EXPECT_TRUE(elm.at("expression_of_interest").as_bool());
  EXPECT_EQ(elm.at("induction_tutor_name").as_string(), "Pat Tutor");
  EXPECT_EQ(elm.at("induction_tutor_email").as_string(), "pat.tutor@elm.example");
  EXPECT_EQ(registration_.last().cohort(), 2021);
  EXPECT_EQ(registration_.last().lead_provider_id(), kLp2);
  // Hidden from LP1, which has no interest there, tutor or not.
  const boost::json::value lp1 = boost::json::parse(Get("/api/v3/schools?filter[cohort]=2021").body);
  EXPECT_FALSE(lp1.at("data").at(1).at("attributes").at("expression_of_interest").as_bool());
  EXPECT_TRUE(lp1.at("data").at(1).at("attributes").at("induction_tutor_name").is_null());
  EXPECT_TRUE(lp1.at("data").at(1).at("attributes").at("induction_tutor_email").is_null());

  registration_.set_down(true);
  EXPECT_EQ(Get("/api/v3/schools?filter[cohort]=2021").status, 503);
  EXPECT_EQ(Get(absl::StrCat("/api/v3/schools/", kS1, "?filter[cohort]=2021")).status, 503);
}

}  // namespace
}  // namespace rect::gateway::api
