// The delivery-partner routes and the OpenAPI document over real HTTP, against fake identity
// and partnerships services over real gRPC: authentication, the JSON:API envelope, how query
// parameters become the partnerships request, and the 400/404 bodies.
#include "gateway/api/delivery_partners.h"

#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gateway/api/api_auth.h"
#include "gateway/api/api_docs_routes.h"
#include "gateway/api/query.h"
#include "gateway/api/testing/api_test_server.h"
#include "gateway/backends.h"
#include "gateway/http/request_recorder.h"
#include "gateway/http/router.h"
#include "gateway/http/server.h"
#include "services/common/http_client.h"
#include "services/common/metrics.h"
#include "services/common/tokens.h"

namespace rect::gateway::api {
namespace {

namespace http = boost::beast::http;
namespace iv1 = identity::v1;
namespace pv1 = partnerships::v1;

using testing::kLp1;
using testing::kLp2;
constexpr char kDp1[] = "22222222-2222-4222-8222-000000000001";
constexpr char kDp2[] = "22222222-2222-4222-8222-000000000002";
constexpr char kDp3[] = "22222222-2222-4222-8222-000000000003";
constexpr char kNotFound[] =
    R"({"errors":[{"title":"Resource not found","detail":"Nothing could be found for the provided details"}]})";

pv1::DeliveryPartner Partner(const std::string& id, const std::string& name,
                             std::vector<int> cohorts, int64_t created, int64_t updated) {
  pv1::DeliveryPartner partner;
  partner.set_id(id);
  partner.set_name(name);
  for (int year : cohorts) partner.add_cohorts(year);
  partner.mutable_created_at()->set_seconds(created);
  partner.mutable_updated_at()->set_seconds(updated);
  return partner;
}

// LP1 works with DP1 (2021, 2022) and DP2 (2021); LP2 with DP3 (2022). Lists filter by year and
// page in memory (the real ordering is the partnerships service's, tested there); the last
// list request is kept.
class FakePartnerships final : public pv1::PartnershipsService::Service {
 public:
  FakePartnerships() {
    partners_[kLp1] = {
        Partner(kDp1, "Pennine Schools Alliance", {2021, 2022}, 1735725600, 1748772005),
        Partner(kDp2, "Dales Teaching Hub", {2021}, 1735725660, 1748772004)};
    partners_[kLp2] = {Partner(kDp3, "Solent Teaching Network", {2022}, 1735725720, 1748772003)};
  }

  grpc::Status ListDeliveryPartners(grpc::ServerContext*,
                                    const pv1::ListDeliveryPartnersRequest* request,
                                    pv1::ListDeliveryPartnersResponse* response) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++list_calls_;
    last_list_ = *request;
    std::vector<pv1::DeliveryPartner> matching;
    for (const pv1::DeliveryPartner& partner : partners_[request->lead_provider_id()]) {
      bool match = !request->filter_cohorts();
      for (int year : partner.cohorts()) {
        for (int wanted : request->cohorts()) match = match || year == wanted;
      }
      if (match) matching.push_back(partner);
    }
    const int64_t per_page = request->page().per_page();
    const int64_t offset = (request->page().page() - 1) * per_page;
    for (int64_t i = offset; i < static_cast<int64_t>(matching.size()) && i < offset + per_page;
         ++i) {
      *response->add_delivery_partners() = matching[i];
    }
    return grpc::Status::OK;
  }

  grpc::Status GetDeliveryPartner(grpc::ServerContext*,
                                  const pv1::GetDeliveryPartnerRequest* request,
                                  pv1::DeliveryPartner* response) override {
    std::lock_guard<std::mutex> lock(mu_);
    for (const pv1::DeliveryPartner& partner : partners_[request->lead_provider_id()]) {
      if (partner.id() == request->id()) {
        *response = partner;
        return grpc::Status::OK;
      }
    }
    return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such delivery partner");
  }

  pv1::ListDeliveryPartnersRequest last_list() {
    std::lock_guard<std::mutex> lock(mu_);
    return last_list_;
  }
  int list_calls() {
    std::lock_guard<std::mutex> lock(mu_);
    return list_calls_;
  }

 private:
  std::mutex mu_;
  std::map<std::string, std::vector<pv1::DeliveryPartner>> partners_;
  pv1::ListDeliveryPartnersRequest last_list_;
  int list_calls_ = 0;
};

class DeliveryPartnersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<testing::ApiTestServer>(
        partnerships_,
        [](Router& router, Backends& backends, ApiAuthenticator& api) -> absl::Status {
          absl::Status docs = AddApiDocsRoutes(router);
          if (!docs.ok()) return docs;
          return AddDeliveryPartnerRoutes(router, backends, api);
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
  SecureRandom random_;
  std::unique_ptr<testing::ApiTestServer> server_;
};

TEST_F(DeliveryPartnersTest, RefusesMissingAndUnknownTokens) {
  for (const char* path : {"/api/v3/delivery-partners", "/api/v3/delivery-partners/x"}) {
    for (const char* token : {"", "not-a-token"}) {
      HttpClientResponse response = Get(path, token);
      EXPECT_EQ(response.status, 401) << path << " " << token;
      EXPECT_EQ(response.body, R"({"error":"HTTP Token: Access denied"})");
      EXPECT_EQ(response.Header("Content-Type"), "application/json; charset=utf-8");
    }
  }
  // Authentication comes before the query's 400.
  EXPECT_EQ(Get("/api/v3/delivery-partners?filter=x", "").status, 401);
  EXPECT_EQ(partnerships_.list_calls(), 0);
}

TEST_F(DeliveryPartnersTest, ListsTheCallersPartnersInTheEnvelope) {
  HttpClientResponse response = Get("/api/v3/delivery-partners");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(response.body,
            absl::StrCat(
                R"({"data":[{"id":")", kDp1,
                R"(","type":"delivery-partner","attributes":{"name":"Pennine Schools Alliance",)",
                R"("cohort":["2021","2022"],"created_at":"2025-01-01T10:00:00Z",)",
                R"("updated_at":"2025-06-01T10:00:05Z"}},{"id":")", kDp2,
                R"(","type":"delivery-partner","attributes":{"name":"Dales Teaching Hub",)",
                R"("cohort":["2021"],"created_at":"2025-01-01T10:01:00Z",)",
                R"("updated_at":"2025-06-01T10:00:04Z"}}]})"));
  EXPECT_EQ(Ids("/api/v3/delivery-partners", "lp2-token"), "3");

  // Defaults: first page of 100, created_at ascending, no year filter.
  const pv1::ListDeliveryPartnersRequest request = partnerships_.last_list();
  EXPECT_EQ(request.lead_provider_id(), kLp2);
  EXPECT_FALSE(request.filter_cohorts());
  EXPECT_EQ(request.page().page(), 1);
  EXPECT_EQ(request.page().per_page(), 100);
  ASSERT_EQ(request.sort_size(), 1);
  EXPECT_EQ(request.sort(0).key(), pv1::SortTerm::CREATED_AT);
  EXPECT_FALSE(request.sort(0).descending());
}

TEST_F(DeliveryPartnersTest, FiltersByCohort) {
  EXPECT_EQ(Ids("/api/v3/delivery-partners?filter[cohort]=2022"), "1");
  pv1::ListDeliveryPartnersRequest request = partnerships_.last_list();
  EXPECT_TRUE(request.filter_cohorts());
  EXPECT_EQ(std::vector<int>(request.cohorts().begin(), request.cohorts().end()),
            (std::vector<int>{2022}));
  EXPECT_EQ(Ids("/api/v3/delivery-partners?filter%5Bcohort%5D=2022,2021"), "12");
  EXPECT_EQ(Ids("/api/v3/delivery-partners?filter[cohort]=2023,abc"), "");
  EXPECT_EQ(Ids("/api/v3/delivery-partners?filter[cohort]="), "12");
  EXPECT_FALSE(partnerships_.last_list().filter_cohorts());

  // No year survives: [] without asking partnerships.
  const int calls = partnerships_.list_calls();
  HttpClientResponse response = Get("/api/v3/delivery-partners?filter[cohort]=abc");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"data":[]})");
  EXPECT_EQ(partnerships_.list_calls(), calls);
}

TEST_F(DeliveryPartnersTest, PassesSortTerms) {
  Ids("/api/v3/delivery-partners?sort=-updated_at,%2Bcreated_at");
  pv1::ListDeliveryPartnersRequest request = partnerships_.last_list();
  ASSERT_EQ(request.sort_size(), 2);
  EXPECT_EQ(request.sort(0).key(), pv1::SortTerm::UPDATED_AT);
  EXPECT_TRUE(request.sort(0).descending());
  EXPECT_EQ(request.sort(1).key(), pv1::SortTerm::CREATED_AT);
  EXPECT_FALSE(request.sort(1).descending());

  Ids("/api/v3/delivery-partners?sort=bogus");
  request = partnerships_.last_list();
  ASSERT_EQ(request.sort_size(), 1);
  EXPECT_EQ(request.sort(0).key(), pv1::SortTerm::CREATED_AT);
  EXPECT_FALSE(request.sort(0).descending());
}

TEST_F(DeliveryPartnersTest, Paginates) {
  EXPECT_EQ(Ids("/api/v3/delivery-partners?page[per_page]=1&page[page]=2"), "2");
  EXPECT_EQ(Ids("/api/v3/delivery-partners?page[per_page]=5000"), "12");
  EXPECT_EQ(partnerships_.last_list().page().per_page(), 3000);

  HttpClientResponse past_end = Get("/api/v3/delivery-partners?page[page]=999");
  EXPECT_EQ(past_end.status, 200);
  EXPECT_EQ(past_end.body, R"({"data":[]})");
  EXPECT_EQ(Get("/api/v3/delivery-partners?page[page]=99999999999999").body, R"({"data":[]})");

  HttpClientResponse bad = Get("/api/v3/delivery-partners?page[per_page]=abc");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body, absl::StrCat(R"({"errors":[{"title":"Bad request","detail":")",
                                   kPaginationError, R"("}]})"));
}

TEST_F(DeliveryPartnersTest, FilterMustBeAHash) {
  HttpClientResponse response = Get("/api/v3/delivery-partners?filter=x");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.body,
            R"({"errors":[{"title":"Bad parameter","detail":"Filter must be a hash"}]})");
}

TEST_F(DeliveryPartnersTest, ShowsOneOfTheCallersPartners) {
  HttpClientResponse response = Get(absl::StrCat("/api/v3/delivery-partners/", kDp2));
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(
      response.body,
      absl::StrCat(R"({"data":{"id":")", kDp2,
                   R"(","type":"delivery-partner","attributes":{"name":"Dales Teaching Hub",)",
                   R"("cohort":["2021"],"created_at":"2025-01-01T10:01:00Z",)",
                   R"("updated_at":"2025-06-01T10:00:04Z"}}})"));
  // Show ignores filters.
  EXPECT_EQ(Get(absl::StrCat("/api/v3/delivery-partners/", kDp2, "?filter[cohort]=abc")).status,
            200);

  for (const std::string& id :
       {std::string("not-a-uuid"), std::string(kDp3), std::string(NewUuid(random_))}) {
    HttpClientResponse missing = Get("/api/v3/delivery-partners/" + id);
    EXPECT_EQ(missing.status, 404) << id;
    EXPECT_EQ(missing.body, kNotFound) << id;
    EXPECT_EQ(missing.Header("Content-Type"), "application/json; charset=utf-8");
  }
  EXPECT_EQ(Get(absl::StrCat("/api/v3/delivery-partners/", kDp3), "lp2-token").status, 200);
}

TEST_F(DeliveryPartnersTest, ServesTheOpenApiDocumentUnchangedWithoutAToken) {
  std::ifstream file("gateway/api/lead-provider-api-v3.yaml", std::ios::binary);
  std::stringstream contents;
  contents << file.rdbuf();
  ASSERT_FALSE(contents.str().empty());
  HttpClientResponse response = Get("/api/docs/v3/swagger.yaml", "");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("Content-Type"), "application/yaml");
  EXPECT_TRUE(response.body == contents.str());
}

}  // namespace
}  // namespace rect::gateway::api
