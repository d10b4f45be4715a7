// The gateway's configuration: one struct filled from flags with RECT_GATEWAY_* environment
// fallbacks, validated at start-up so a bad value stops the process with a one-line message.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gateway/backends.h"
#include "gateway/http/server.h"
#include "gateway/web/web_options.h"

namespace rect::gateway {

struct GatewayConfig {
  ServerOptions server;
  BackendOptions backends;
  std::string static_dir = "gateway/assets";
  WebOptions web;
  absl::Duration api_token_cache_ttl = absl::Seconds(10);
  // The deployment's name: "production" ignores the API's X-With-Server-Date; any other
  // (sandbox, staging, review, development) honours it.
  std::string environment = "production";
  // How often API rate-limit counts are shared with the other replicas through identity.
  absl::Duration api_rate_limit_flush = absl::Milliseconds(250);
  // Requests allowed per Authorization header value, and per client address (the backstop),
  // in each 5-minute window (lead-provider-api.md §4: 1,000 and 1,500 in production).
  int64_t api_rate_limit = 1000;
  int64_t api_rate_limit_backstop = 1500;
  absl::Duration shutdown_deadline = absl::Seconds(10);
};

inline bool IsProduction(const GatewayConfig& config) { return config.environment == "production"; }

// Parses the flags (each also read from RECT_GATEWAY_<FLAG>; the command line wins) and
// validates them; on a bad value prints one line and exits with status 2.
GatewayConfig ParseGatewayConfig(int argc, char** argv);

// INVALID_ARGUMENT naming the first bad setting.
absl::Status ValidateConfig(const GatewayConfig& config);

}  // namespace rect::gateway
