#include "gateway/config.h"

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <boost/url/parse.hpp>
#include <cstdint>
#include <filesystem>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/common/options.h"

ABSL_FLAG(std::string, address, "127.0.0.1", "IP address the HTTP server listens on");
ABSL_FLAG(int, port, 8080, "HTTP port (0 picks a free one)");
ABSL_FLAG(int, threads, 2, "io threads serving HTTP");
ABSL_FLAG(std::string, static_dir, "gateway/assets", "directory served under /assets/");
// Room for a 2 MB Confirm-your-schools CSV and its multipart framing; the upload page gives its
// own message above 2 MB.
ABSL_FLAG(int64_t, max_body_bytes, 3 << 20, "largest request body accepted (else 413)");
ABSL_FLAG(int, idle_timeout_ms, 60000, "how long an idle connection is kept open");
ABSL_FLAG(int, header_timeout_ms, 10000, "time allowed for a request's headers (else 408)");
ABSL_FLAG(int, body_timeout_ms, 30000, "time allowed to read a body or write a response");
ABSL_FLAG(int, handler_timeout_ms, 10000, "time allowed to produce a response (else 503)");
ABSL_FLAG(int, shutdown_deadline_ms, 10000, "how long SIGTERM waits for requests in flight");
ABSL_FLAG(std::string, identity_address, "127.0.0.1:50051", "identity service gRPC address");
ABSL_FLAG(std::string, teachers_address, "127.0.0.1:50052", "teachers service gRPC address");
ABSL_FLAG(std::string, registration_address, "127.0.0.1:50053",
          "registration service gRPC address");
ABSL_FLAG(std::string, partnerships_address, "127.0.0.1:50054",
          "partnerships service gRPC address");
ABSL_FLAG(std::string, notifications_address, "127.0.0.1:50055",
          "notifications service gRPC address");
ABSL_FLAG(int, backend_deadline_ms, 2000, "deadline of every backend call");
ABSL_FLAG(int, trs_backend_deadline_ms, 7000,
          "deadline of a backend call that may wait on TRS (a registration wizard's step)");
ABSL_FLAG(int, readiness_deadline_ms, 1000, "deadline of the /readyz health checks");
ABSL_FLAG(int, backend_max_backoff_ms, 1000, "longest wait between reconnects to a backend");
ABSL_FLAG(std::string, public_url, "http://127.0.0.1:8080",
          "how browsers reach the service; https makes every cookie Secure");
ABSL_FLAG(std::string, dsi_services_url, "https://services.signin.education.gov.uk",
          "DfE Sign-in's pages for users (request an organisation, my services)");
ABSL_FLAG(int, api_token_cache_ttl_ms, 10000,
          "how long an authenticated API token is remembered (0: ask identity every time)");
ABSL_FLAG(std::string, environment, "production",
          "deployment name: production ignores the API's X-With-Server-Date, any other honours it");
ABSL_FLAG(int, api_rate_limit_flush_ms, 250,
          "how often API rate-limit counts are shared with other replicas through identity");
ABSL_FLAG(int64_t, api_rate_limit, 1000,
          "API requests allowed per Authorization header value per 5 minutes");
ABSL_FLAG(int64_t, api_rate_limit_backstop, 1500,
          "API and documentation requests allowed per client address per 5 minutes");

namespace rect::gateway {
namespace {

// "host:port" with a port in 1..65535, or a gRPC target with a scheme ("dns:///host:port").
bool IsBackendAddress(absl::string_view address) {
  if (address.empty() ||
      std::any_of(address.begin(), address.end(), [](char c) { return absl::ascii_isspace(c); })) {
    return false;
  }
  for (absl::string_view scheme : {"dns:", "unix:", "ipv4:", "ipv6:"}) {
    if (absl::StartsWith(address, scheme)) return address.size() > scheme.size();
  }
  const size_t colon = address.rfind(':');
  int port = 0;
  return colon != absl::string_view::npos && colon > 0 &&
         absl::SimpleAtoi(address.substr(colon + 1), &port) && port >= 1 && port <= 65535;
}

// An absolute http(s) URL with a host and nothing after the path.
bool IsBaseUrl(absl::string_view text) {
  auto url = boost::urls::parse_absolute_uri(boost::core::string_view(text.data(), text.size()));
  if (!url || url->encoded_host().empty() || url->has_query() || url->has_fragment()) return false;
  const std::string scheme = absl::AsciiStrToLower(std::string(url->scheme()));
  return scheme == "http" || scheme == "https";
}

}  // namespace

absl::Status ValidateConfig(const GatewayConfig& config) {
  auto invalid = [](auto&&... parts) { return absl::InvalidArgumentError(absl::StrCat(parts...)); };
  const ServerOptions& server = config.server;
  boost::system::error_code ec;
  boost::asio::ip::make_address(server.address, ec);
  if (ec) return invalid("--address must be an IP address, not \"", server.address, "\"");
  if (server.port < 0 || server.port > 65535) {
    return invalid("--port must be between 0 and 65535, not ", server.port);
  }
  if (server.threads < 1 || server.threads > 256) {
    return invalid("--threads must be between 1 and 256, not ", server.threads);
  }
  if (server.max_body_bytes < 1 || server.max_body_bytes > (uint64_t{1} << 30)) {
    return invalid("--max_body_bytes must be between 1 and 1073741824");
  }
  const std::pair<const char*, absl::Duration> positive[] = {
      {"--idle_timeout_ms", server.idle_timeout},
      {"--header_timeout_ms", server.header_timeout},
      {"--body_timeout_ms", server.body_timeout},
      {"--handler_timeout_ms", server.handler_timeout},
      {"--backend_deadline_ms", config.backends.call_deadline},
      {"--trs_backend_deadline_ms", config.backends.trs_call_deadline},
      {"--readiness_deadline_ms", config.backends.readiness_deadline},
      {"--backend_max_backoff_ms", config.backends.max_reconnect_backoff},
  };
  for (const auto& [flag, value] : positive) {
    if (value <= absl::ZeroDuration()) return invalid(flag, " must be positive");
  }
  if (config.shutdown_deadline < absl::ZeroDuration()) {
    return invalid("--shutdown_deadline_ms must not be negative");
  }
  for (Backend backend : AllBackends()) {
    const std::string& address = config.backends.addresses[static_cast<size_t>(backend)];
    if (!IsBackendAddress(address)) {
      return invalid("--", BackendName(backend), "_address must be host:port, not \"", address,
                     "\"");
    }
  }
  if (!IsBaseUrl(config.web.public_url)) {
    return invalid("--public_url must be an http(s) URL, not \"", config.web.public_url, "\"");
  }
  if (!IsBaseUrl(config.web.dsi_services_url)) {
    return invalid("--dsi_services_url must be an http(s) URL");
  }
  if (config.api_token_cache_ttl < absl::ZeroDuration()) {
    return invalid("--api_token_cache_ttl_ms must not be negative");
  }
  if (config.environment.empty() || config.environment.size() > 40 ||
      !std::all_of(config.environment.begin(), config.environment.end(), [](char c) {
        return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-';
      })) {
    return invalid("--environment must be a lower-case name such as production or sandbox, not \"",
                   config.environment, "\"");
  }
  if (config.api_rate_limit_flush <= absl::ZeroDuration() ||
      config.api_rate_limit_flush > absl::Seconds(10)) {
    return invalid("--api_rate_limit_flush_ms must be between 1 and 10000");
  }
  if (config.api_rate_limit < 1 || config.api_rate_limit > 1'000'000'000) {
    return invalid("--api_rate_limit must be between 1 and 1000000000, not ", config.api_rate_limit);
  }
  if (config.api_rate_limit_backstop < 1 || config.api_rate_limit_backstop > 1'000'000'000) {
    return invalid("--api_rate_limit_backstop must be between 1 and 1000000000, not ",
                   config.api_rate_limit_backstop);
  }
  std::error_code error;
  if (!std::filesystem::is_directory(config.static_dir, error)) {
    return invalid("--static_dir \"", config.static_dir, "\" is not a directory");
  }
  return absl::OkStatus();
}

GatewayConfig ParseGatewayConfig(int argc, char** argv) {
  ParseFlagsWithEnvironment(
      argc, argv, "RECT_GATEWAY_",
      {"address", "port", "threads", "static_dir", "max_body_bytes", "idle_timeout_ms",
       "header_timeout_ms", "body_timeout_ms", "handler_timeout_ms", "shutdown_deadline_ms",
       "identity_address", "teachers_address", "registration_address", "partnerships_address",
       "notifications_address", "backend_deadline_ms", "trs_backend_deadline_ms",
       "readiness_deadline_ms",
       "backend_max_backoff_ms", "public_url", "dsi_services_url", "api_token_cache_ttl_ms",
       "environment", "api_rate_limit_flush_ms", "api_rate_limit", "api_rate_limit_backstop"});

  GatewayConfig config;
  ServerOptions& server = config.server;
  server.address = absl::GetFlag(FLAGS_address);
  server.port = absl::GetFlag(FLAGS_port);
  server.threads = absl::GetFlag(FLAGS_threads);
  const int64_t max_body = absl::GetFlag(FLAGS_max_body_bytes);
  server.max_body_bytes = max_body < 0 ? 0 : static_cast<uint64_t>(max_body);
  server.idle_timeout = absl::Milliseconds(absl::GetFlag(FLAGS_idle_timeout_ms));
  server.header_timeout = absl::Milliseconds(absl::GetFlag(FLAGS_header_timeout_ms));
  server.body_timeout = absl::Milliseconds(absl::GetFlag(FLAGS_body_timeout_ms));
  server.handler_timeout = absl::Milliseconds(absl::GetFlag(FLAGS_handler_timeout_ms));
  config.static_dir = absl::GetFlag(FLAGS_static_dir);
  config.shutdown_deadline = absl::Milliseconds(absl::GetFlag(FLAGS_shutdown_deadline_ms));
  config.web.public_url = std::string(absl::StripSuffix(absl::GetFlag(FLAGS_public_url), "/"));
  config.web.dsi_services_url =
      std::string(absl::StripSuffix(absl::GetFlag(FLAGS_dsi_services_url), "/"));
  config.api_token_cache_ttl = absl::Milliseconds(absl::GetFlag(FLAGS_api_token_cache_ttl_ms));
  config.environment = absl::GetFlag(FLAGS_environment);
  config.api_rate_limit_flush = absl::Milliseconds(absl::GetFlag(FLAGS_api_rate_limit_flush_ms));
  config.api_rate_limit = absl::GetFlag(FLAGS_api_rate_limit);
  config.api_rate_limit_backstop = absl::GetFlag(FLAGS_api_rate_limit_backstop);

  BackendOptions& backends = config.backends;
  backends.addresses[static_cast<size_t>(Backend::kIdentity)] =
      absl::GetFlag(FLAGS_identity_address);
  backends.addresses[static_cast<size_t>(Backend::kTeachers)] =
      absl::GetFlag(FLAGS_teachers_address);
  backends.addresses[static_cast<size_t>(Backend::kRegistration)] =
      absl::GetFlag(FLAGS_registration_address);
  backends.addresses[static_cast<size_t>(Backend::kPartnerships)] =
      absl::GetFlag(FLAGS_partnerships_address);
  backends.addresses[static_cast<size_t>(Backend::kNotifications)] =
      absl::GetFlag(FLAGS_notifications_address);
  backends.call_deadline = absl::Milliseconds(absl::GetFlag(FLAGS_backend_deadline_ms));
  backends.trs_call_deadline = absl::Milliseconds(absl::GetFlag(FLAGS_trs_backend_deadline_ms));
  backends.readiness_deadline = absl::Milliseconds(absl::GetFlag(FLAGS_readiness_deadline_ms));
  backends.max_reconnect_backoff = absl::Milliseconds(absl::GetFlag(FLAGS_backend_max_backoff_ms));

  ExitOnError(ValidateConfig(config));
  return config;
}

}  // namespace rect::gateway
