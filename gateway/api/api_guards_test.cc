// The guards every /api/v3 route passes through, over the real HTTP server: the per-header rate
// limit (429 text/plain, counted before authentication, shared as digests) and the sandbox
// date (400 when not a date, passed to backends as x-with-server-date, ignored in production).
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gateway/api/api_auth.h"
#include "gateway/api/jsonapi.h"
#include "gateway/api/rate_limit.h"
#include "gateway/api/server_date.h"
#include "gateway/backends.h"
#include "gateway/http/request_recorder.h"
#include "gateway/http/responses.h"
#include "gateway/http/router.h"
#include "gateway/http/server.h"
#include "services/common/http_client.h"
#include "services/common/metrics.h"
#include "services/common/tokens.h"

namespace rect::gateway::api {
namespace {

namespace http = boost::beast::http;

// Knows "lp1-token"; counts API requests in memory; records the sandbox metadata of
// ListApiTokens, which the probe route calls.
class FakeIdentity final : public identity::v1::IdentityService::Service {
 public:
  grpc::Status AuthenticateApiToken(grpc::ServerContext*,
                                    const identity::v1::AuthenticateApiTokenRequest* request,
                                    identity::v1::AuthenticateApiTokenResponse* response) override {
    if (request->token() != "lp1-token") {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "unknown token");
    }
    response->set_lead_provider_id("11111111-1111-4111-8111-000000000001");
    response->set_token_id("token-1");
    return grpc::Status::OK;
  }

  grpc::Status CountApiRequests(grpc::ServerContext*,
                                const identity::v1::CountApiRequestsRequest* request,
                                identity::v1::CountApiRequestsResponse* response) override {
    std::lock_guard<std::mutex> lock(mu_);
    for (const identity::v1::ApiRequestCount& count : request->counts()) {
      keys_.push_back(count.key_digest());
      int64_t& total = totals_[{count.key_digest(), count.bucket_start()}];
      total += count.requests();
      identity::v1::ApiRequestCount* out = response->add_totals();
      *out = count;
      out->set_requests(total);
    }
    return grpc::Status::OK;
  }

  grpc::Status ListApiTokens(grpc::ServerContext* context,
                             const identity::v1::ListApiTokensRequest*,
                             identity::v1::ListApiTokensResponse*) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = context->client_metadata().find(kServerDateMetadata);
    last_server_date_ = it == context->client_metadata().end()
                            ? "(none)"
                            : std::string(it->second.data(), it->second.size());
    return grpc::Status::OK;
  }

  std::vector<std::string> keys() {
    std::lock_guard<std::mutex> lock(mu_);
    return keys_;
  }
  int64_t total() {
    std::lock_guard<std::mutex> lock(mu_);
    int64_t sum = 0;
    for (const auto& [key, total] : totals_) sum += total;
    return sum;
  }
  std::string last_server_date() {
    std::lock_guard<std::mutex> lock(mu_);
    return last_server_date_;
  }

 private:
  std::mutex mu_;
  std::vector<std::string> keys_;
  std::map<std::pair<std::string, int64_t>, int64_t> totals_;
  std::string last_server_date_;
};

class ApiGuardsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&identity_);
    grpc_server_ = builder.BuildAndStart();
    ASSERT_NE(grpc_server_, nullptr);
    BackendOptions options;
    for (std::string& address : options.addresses) address = absl::StrCat("127.0.0.1:", port);
    backends_ = std::make_unique<Backends>(options);
    counter_ = std::make_unique<IdentityRequestCounter>(*backends_);
    // One fixed moment in the middle of a 5-minute window, so no test's requests straddle two
    // windows (each would start counting afresh at the boundary).
    const absl::Time now = WindowStart(absl::Now(), absl::Minutes(5)) + absl::Seconds(150);
    limiter_ = std::make_unique<RateLimiter>(counter_.get(), [now] { return now; });
    sandbox_ = std::make_unique<ApiAuthenticator>(
        *backends_, tokens_, ApiGuards{limiter_.get(), /*honour_server_date=*/true});
    production_ = std::make_unique<ApiAuthenticator>(
        *backends_, tokens_, ApiGuards{limiter_.get(), /*honour_server_date=*/false});
    ASSERT_TRUE(router_.Add(http::verb::get, "/api/v3/probe", Probe(*sandbox_)).ok());
    ASSERT_TRUE(router_.Add(http::verb::get, "/api/v3/production-probe", Probe(*production_)).ok());
    ServerOptions server_options;
    server_options.port = 0;
    server_ = std::make_unique<HttpServer>(server_options, router_, recorder_, random_);
    ASSERT_TRUE(server_->Start().ok());
  }

  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown(absl::Seconds(1));
    limiter_.reset();
    if (backends_ != nullptr) backends_->Shutdown();
    if (grpc_server_ != nullptr) grpc_server_->Shutdown();
  }

  // Calls identity's ListApiTokens carrying the request's server date; answers {"data":[]}.
  Handler Probe(ApiAuthenticator& api) {
    return api.Protect([this](std::shared_ptr<const RequestContext> context, ApiCaller caller,
                              Responder respond) {
      identity::v1::ListApiTokensRequest request;
      request.set_lead_provider_id(caller.lead_provider_id);
      backends_->Call<identity::v1::ListApiTokensResponse>(
          context->request_id, std::move(request),
          WithServerDate(caller.server_date,
                         [this](auto* c, auto* q, auto* r, auto cb) {
                           backends_->identity().async()->ListApiTokens(c, q, r, cb);
                         }),
          [respond](const grpc::Status& status, identity::v1::ListApiTokensResponse&&) {
            respond(status.ok() ? DataListResponse({})
                                : TextResponse(http::status::internal_server_error, "failed"));
          });
    });
  }

  HttpClientResponse Get(const std::string& path, const std::string& authorization,
                         const std::string& server_date = "", const std::string& real_ip = "") {
    HttpClientRequest request;
    request.url = absl::StrCat("http://127.0.0.1:", server_->port(), path);
    if (!authorization.empty()) request.headers.emplace_back("Authorization", authorization);
    if (!real_ip.empty()) request.headers.emplace_back("X-Real-IP", real_ip);
    if (!server_date.empty()) request.headers.emplace_back(kServerDateHeader, server_date);
    absl::StatusOr<HttpClientResponse> response = HttpClient().Send(request);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : HttpClientResponse();
  }

  FakeIdentity identity_;
  std::unique_ptr<grpc::Server> grpc_server_;
  std::unique_ptr<Backends> backends_;
  std::unique_ptr<IdentityRequestCounter> counter_;
  std::unique_ptr<RateLimiter> limiter_;
  ApiTokenCache tokens_{absl::Minutes(1), 100};
  std::unique_ptr<ApiAuthenticator> sandbox_;
  std::unique_ptr<ApiAuthenticator> production_;
  Metrics metrics_{"gateway"};
  SecureRandom random_;
  RequestRecorder recorder_{metrics_.registry()};
  Router router_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(ApiGuardsTest, The1001stRequestInAWindowGets429AndRefusedRequestsCount) {
  // An unknown token: every answer is a 401, and each still counts.
  int unauthorised = 0;
  for (int i = 0; i < 1000; ++i) {
    unauthorised += Get("/api/v3/probe", "Bearer not-a-token").status == 401 ? 1 : 0;
  }
  EXPECT_EQ(unauthorised, 1000);
  HttpClientResponse limited = Get("/api/v3/probe", "Bearer not-a-token");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.body, "Retry later\n");
  EXPECT_EQ(limited.Header("Content-Type"), "text/plain");
  EXPECT_EQ(limited.Header("Retry-After"), "");
  // The key is the whole header value: another token (or spelling) is counted apart.
  EXPECT_EQ(Get("/api/v3/probe", "Bearer lp1-token").status, 200);
  // No Authorization header at all meets no per-header limit.
  EXPECT_EQ(Get("/api/v3/probe", "").status, 401);
}

TEST_F(ApiGuardsTest, CountsAreSharedAsDigestsNeverTheHeader) {
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Get("/api/v3/probe", "Bearer lp1-token").status, 200);
  limiter_->Flush();
  for (int i = 0; i < 100 && identity_.total() < 3; ++i) absl::SleepFor(absl::Milliseconds(10));
  EXPECT_EQ(identity_.total(), 3);
  for (const std::string& key : identity_.keys()) {
    EXPECT_EQ(key.size(), 32u);
    EXPECT_FALSE(absl::StrContains(key, "lp1-token"));
    EXPECT_EQ(key, RateLimitKey("api", "Bearer lp1-token"));
  }
}

TEST_F(ApiGuardsTest, TheServerDateReachesTheBackendAsMetadata) {
  EXPECT_EQ(Get("/api/v3/probe", "Bearer lp1-token", "2027-01-10T10:42:00Z").status, 200);
  EXPECT_EQ(identity_.last_server_date(), "2027-01-10T10:42:00Z");
  EXPECT_EQ(Get("/api/v3/probe", "Bearer lp1-token", "2026-07-10").status, 200);
  EXPECT_EQ(identity_.last_server_date(), "2026-07-09T23:00:00Z");  // London midnight, BST
  EXPECT_EQ(Get("/api/v3/probe", "Bearer lp1-token").status, 200);
  EXPECT_EQ(identity_.last_server_date(), "(none)");
}

TEST_F(ApiGuardsTest, AServerDateThatIsNoDateIsABadRequest) {
  HttpClientResponse response = Get("/api/v3/probe", "Bearer lp1-token", "banana");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.body,
            "{\"errors\":[{\"title\":\"Bad request\",\"detail\":\"The 'X-With-Server-Date' "
            "header must be a valid ISO 8601 date\"}]}");
  // Authentication comes first.
  EXPECT_EQ(Get("/api/v3/probe", "Bearer not-a-token", "banana").status, 401);
}

TEST_F(ApiGuardsTest, ProductionIgnoresTheServerDate) {
  EXPECT_EQ(Get("/api/v3/production-probe", "Bearer lp1-token", "2027-01-10T10:42:00Z").status,
            200);
  EXPECT_EQ(identity_.last_server_date(), "(none)");
  EXPECT_EQ(Get("/api/v3/production-probe", "Bearer lp1-token", "banana").status, 200);
}

TEST_F(ApiGuardsTest, TheAddressBackstopLimitsEveryHeaderFromOneAddress) {
  // 1500 requests from one address with changing headers (and none): each header stays far
  // below its own limit, the address reaches the backstop.
  int answered = 0;
  for (int i = 0; i < 1500; ++i) {
    const std::string authorization =
        i % 3 == 0 ? "" : absl::StrCat("Bearer token-", i % 7);
    const int status = Get("/api/v3/probe", authorization, "", "203.0.113.9").status;
    answered += status == 401 ? 1 : 0;
  }
  EXPECT_EQ(answered, 1500);
  HttpClientResponse limited = Get("/api/v3/probe", "Bearer lp1-token", "", "203.0.113.9");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.body, "Retry later\n");
  EXPECT_EQ(limited.Header("Content-Type"), "text/plain");
  EXPECT_EQ(Get("/api/v3/probe", "", "", "203.0.113.9").status, 429);
  // Another address, and requests whose address is unknown, are not held back.
  EXPECT_EQ(Get("/api/v3/probe", "Bearer lp1-token", "", "203.0.113.10").status, 200);
  EXPECT_EQ(Get("/api/v3/probe", "Bearer lp1-token").status, 200);
}

TEST_F(ApiGuardsTest, ARequestRefusedByItsHeaderIsNotCountedByTheBackstop) {
  for (int i = 0; i < 1000; ++i) Get("/api/v3/probe", "Bearer not-a-token", "", "203.0.113.7");
  // 600 more over the header's limit: refused by it, so the address has spent 1000 only.
  for (int i = 0; i < 600; ++i) {
    EXPECT_EQ(Get("/api/v3/probe", "Bearer not-a-token", "", "203.0.113.7").status, 429);
  }
  EXPECT_EQ(Get("/api/v3/probe", "Bearer lp1-token", "", "203.0.113.7").status, 200);
}

}  // namespace
}  // namespace rect::gateway::api
