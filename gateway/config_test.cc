#include "gateway/config.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

namespace rect::gateway {
namespace {

GatewayConfig Valid() {
  GatewayConfig config;
  config.static_dir = ".";
  return config;
}

TEST(ValidateConfigTest, DefaultsAreValid) { EXPECT_TRUE(ValidateConfig(Valid()).ok()); }

TEST(ValidateConfigTest, CookiesAreSecureOnHttps) {
  GatewayConfig config = Valid();
  EXPECT_FALSE(config.web.secure_cookies()) << "the local default is http";
  config.web.public_url = "https://register-early-career-teachers.education.gov.uk";
  EXPECT_TRUE(ValidateConfig(config).ok());
  EXPECT_TRUE(config.web.secure_cookies());
}

TEST(ValidateConfigTest, NamesTheBadSetting) {
  const std::pair<std::string, std::function<void(GatewayConfig&)>> cases[] = {
      {"--port", [](GatewayConfig& c) { c.server.port = 70000; }},
      {"--port", [](GatewayConfig& c) { c.server.port = -1; }},
      {"--address", [](GatewayConfig& c) { c.server.address = "localhost:80"; }},
      {"--threads", [](GatewayConfig& c) { c.server.threads = 0; }},
      {"--max_body_bytes", [](GatewayConfig& c) { c.server.max_body_bytes = 0; }},
      {"--header_timeout_ms",
       [](GatewayConfig& c) { c.server.header_timeout = absl::ZeroDuration(); }},
      {"--backend_deadline_ms",
       [](GatewayConfig& c) { c.backends.call_deadline = absl::Milliseconds(-1); }},
      {"--trs_backend_deadline_ms",
       [](GatewayConfig& c) { c.backends.trs_call_deadline = absl::ZeroDuration(); }},
      {"--shutdown_deadline_ms",
       [](GatewayConfig& c) { c.shutdown_deadline = absl::Milliseconds(-1); }},
      {"--teachers_address", [](GatewayConfig& c) { c.backends.addresses[1] = "127.0.0.1"; }},
      {"--identity_address", [](GatewayConfig& c) { c.backends.addresses[0] = "host:0"; }},
      {"--notifications_address", [](GatewayConfig& c) { c.backends.addresses[4] = ""; }},
      {"--static_dir", [](GatewayConfig& c) { c.static_dir = "/no/such/directory"; }},
      {"--public_url", [](GatewayConfig& c) { c.web.public_url = "rect.example"; }},
      {"--public_url", [](GatewayConfig& c) { c.web.public_url = "https://rect.example/?x=1"; }},
      {"--dsi_services_url", [](GatewayConfig& c) { c.web.dsi_services_url = "ftp://x"; }},
      {"--api_token_cache_ttl_ms",
       [](GatewayConfig& c) { c.api_token_cache_ttl = absl::Milliseconds(-1); }},
      {"--environment", [](GatewayConfig& c) { c.environment = ""; }},
      {"--environment", [](GatewayConfig& c) { c.environment = "Production"; }},
      {"--api_rate_limit_flush_ms",
       [](GatewayConfig& c) { c.api_rate_limit_flush = absl::ZeroDuration(); }},
      {"--api_rate_limit ", [](GatewayConfig& c) { c.api_rate_limit = 0; }},
      {"--api_rate_limit_backstop", [](GatewayConfig& c) { c.api_rate_limit_backstop = -1; }},
  };
  for (const auto& [flag, change] : cases) {
    GatewayConfig config = Valid();
    change(config);
    absl::Status status = ValidateConfig(config);
    EXPECT_TRUE(absl::IsInvalidArgument(status)) << flag;
    EXPECT_NE(status.message().find(flag), absl::string_view::npos) << status.message();
  }
}

TEST(ValidateConfigTest, RateLimitsDefaultToProductionValues) {
  const GatewayConfig config;
  EXPECT_EQ(config.api_rate_limit, 1000);
  EXPECT_EQ(config.api_rate_limit_backstop, 1500);
}

TEST(ValidateConfigTest, AcceptsGrpcTargetsWithSchemes) {
  GatewayConfig config = Valid();
  config.backends.addresses[2] = "dns:///registration.rect.svc:50053";
  config.server.port = 0;
  config.server.address = "::";
  EXPECT_TRUE(ValidateConfig(config).ok());
}

}  // namespace
}  // namespace rect::gateway
