// The API documentation pages over the real HTTP server: Swagger UI from local assets with no
// inline script, the contract, guidance and release notes, and the per-address docs limit.
#include "gateway/api/api_docs_routes.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gateway/http/request_recorder.h"
#include "gateway/http/server.h"
#include "services/common/http_client.h"
#include "services/common/metrics.h"
#include "services/common/tokens.h"

namespace rect::gateway::api {
namespace {

class ApiDocsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(AddApiDocsRoutes(router_, &limiter_).ok());
    ServerOptions options;
    options.port = 0;
    server_ = std::make_unique<HttpServer>(options, router_, recorder_, random_);
    ASSERT_TRUE(server_->Start().ok());
  }
  void TearDown() override { server_->Shutdown(absl::Seconds(1)); }

  HttpClientResponse Get(const std::string& path, const std::string& real_ip = "") {
    HttpClientRequest request;
    request.url = absl::StrCat("http://127.0.0.1:", server_->port(), path);
    if (!real_ip.empty()) request.headers.emplace_back("X-Real-IP", real_ip);
    absl::StatusOr<HttpClientResponse> response = HttpClient().Send(request);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : HttpClientResponse();
  }

  RateLimiter limiter_{nullptr};
  Router router_;
  Metrics metrics_{"gateway"};
  SecureRandom random_;
  RequestRecorder recorder_{metrics_.registry()};
  std::unique_ptr<HttpServer> server_;
};

TEST_F(ApiDocsTest, SwaggerUiLoadsOnlyLocalAssetsWithoutInlineScript) {
  HttpClientResponse page = Get("/api/docs/v3");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.Header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_TRUE(absl::StrContains(page.body, "/assets/swagger-ui/swagger-ui-bundle.js"));
  EXPECT_TRUE(absl::StrContains(page.body, "/assets/swagger-ui/init.js"));
  EXPECT_TRUE(absl::StrContains(page.body, "/assets/swagger-ui/swagger-ui.css"));
  EXPECT_FALSE(absl::StrContains(page.body, "http://"));
  EXPECT_FALSE(absl::StrContains(page.body, "https://"));
  // Every script is a file (the Content-Security-Policy allows no inline script).
  const std::regex script("<script([^>]*)>([^<]*)</script>");
  int scripts = 0;
  for (auto it = std::sregex_iterator(page.body.begin(), page.body.end(), script);
       it != std::sregex_iterator(); ++it, ++scripts) {
    EXPECT_TRUE(absl::StrContains((*it)[1].str(), "src=\"/assets/")) << (*it)[0];
    EXPECT_EQ((*it)[2].str(), "");
  }
  EXPECT_EQ(scripts, 2);
  // The files it names are in the asset directory, and init.js points at the contract.
  for (const char* file : {"swagger-ui-bundle.js", "swagger-ui.css", "init.js"}) {
    EXPECT_TRUE(std::filesystem::is_regular_file(absl::StrCat("gateway/assets/swagger-ui/", file)))
        << file;
  }
}

TEST_F(ApiDocsTest, ServesTheContractGuidanceAndReleaseNotes) {
  HttpClientResponse yaml = Get("/api/docs/v3/swagger.yaml");
  EXPECT_EQ(yaml.status, 200);
  EXPECT_EQ(yaml.Header("Content-Type"), "application/yaml");
  EXPECT_EQ(yaml.body, std::string(LeadProviderApiV3Yaml()));
  HttpClientResponse guidance = Get("/api/guidance");
  EXPECT_EQ(guidance.status, 200);
  EXPECT_TRUE(absl::StrContains(guidance.body, "Testing and going live"));
  EXPECT_TRUE(absl::StrContains(guidance.body, "href=\"/api/docs/v3\""));
  HttpClientResponse notes = Get("/api/guidance/release-notes");
  EXPECT_EQ(notes.status, 200);
  EXPECT_EQ(notes.Header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_TRUE(absl::StrContains(notes.body, "<h1 class=\"govuk-heading-xl\">Release notes</h1>"));
}

TEST_F(ApiDocsTest, ThreeHundredRequestsPerAddressPerWindow) {
  int ok = 0;
  for (int i = 0; i < 300; ++i) ok += Get("/api/guidance", "198.51.100.7").status == 200;
  EXPECT_EQ(ok, 300);
  HttpClientResponse limited = Get("/api/docs/v3", "198.51.100.7");  // every docs page counts
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.body, "Retry later\n");
  EXPECT_EQ(Get("/api/docs/v3", "198.51.100.8").status, 200);  // another address
}

}  // namespace
}  // namespace rect::gateway::api
