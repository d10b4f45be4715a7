#include "services/identity/config.h"

#include <boost/url/parse.hpp>
#include <fstream>
#include <sstream>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

ABSL_FLAG(std::string, public_url, "http://127.0.0.1:8080",
          "the service's address as browsers see it (sign-in links, DfE Sign-in callbacks)");
ABSL_FLAG(std::string, dsi_issuer, "",
          "DfE Sign-in OIDC issuer, e.g. https://oidc.signin.education.gov.uk (empty: no school "
          "sign-in)");
ABSL_FLAG(std::string, dsi_client_id, "RegisterECTs", "DfE Sign-in client id");
ABSL_FLAG(std::string, dsi_client_secret, "", "DfE Sign-in client secret");
ABSL_FLAG(std::string, dsi_client_secret_file, "", "file holding the DfE Sign-in client secret");
ABSL_FLAG(std::string, dsi_api_url, "",
          "DfE Sign-in API, e.g. https://api.signin.education.gov.uk (default: the issuer)");
ABSL_FLAG(std::string, dsi_api_secret, "", "secret signing DfE Sign-in API requests");
ABSL_FLAG(std::string, dsi_api_secret_file, "", "file holding the DfE Sign-in API secret");
ABSL_FLAG(std::string, dsi_ca_file, "", "extra CA certificates (PEM) trusted for DfE Sign-in");
ABSL_FLAG(int, dsi_timeout_ms, 5000, "deadline of discovery, JWKS and token calls");
ABSL_FLAG(int, dsi_roles_timeout_ms, 3000, "deadline of the DfE Sign-in roles call");
ABSL_FLAG(std::string, partnerships_address, "127.0.0.1:50054",
          "partnerships service (school directory) gRPC address");
ABSL_FLAG(std::string, notifications_address, "127.0.0.1:50055",
          "notifications service (sign-in emails) gRPC address");
ABSL_FLAG(int, dependency_deadline_ms, 3000, "deadline of calls to other services");

namespace rect::identity {
namespace {

absl::StatusOr<std::string> Secret(const std::string& value, const std::string& file,
                                   absl::string_view flag) {
  if (file.empty()) return value;
  std::ifstream in(file);
  std::stringstream contents;
  contents << in.rdbuf();
  if (!in) return absl::InvalidArgumentError(absl::StrCat("--", flag, "_file cannot be read"));
  return std::string(absl::StripTrailingAsciiWhitespace(contents.str()));
}

}  // namespace

std::vector<std::string> IdentityEnvironmentFlags() {
  return {"public_url",
          "dsi_issuer",
          "dsi_client_id",
          "dsi_client_secret",
          "dsi_client_secret_file",
          "dsi_api_url",
          "dsi_api_secret",
          "dsi_api_secret_file",
          "dsi_ca_file",
          "dsi_timeout_ms",
          "dsi_roles_timeout_ms",
          "partnerships_address",
          "notifications_address",
          "dependency_deadline_ms"};
}

absl::StatusOr<IdentityOptions> IdentityOptionsFromFlags() {
  IdentityOptions options;
  options.public_url = std::string(absl::StripSuffix(absl::GetFlag(FLAGS_public_url), "/"));
  DsiOptions& dsi = options.dsi;
  dsi.issuer = absl::GetFlag(FLAGS_dsi_issuer);
  dsi.client_id = absl::GetFlag(FLAGS_dsi_client_id);
  absl::StatusOr<std::string> client_secret =
      Secret(absl::GetFlag(FLAGS_dsi_client_secret), absl::GetFlag(FLAGS_dsi_client_secret_file),
             "dsi_client_secret");
  if (!client_secret.ok()) return client_secret.status();
  dsi.client_secret = *client_secret;
  dsi.api_url = absl::GetFlag(FLAGS_dsi_api_url);
  if (dsi.api_url.empty()) dsi.api_url = dsi.issuer;
  absl::StatusOr<std::string> api_secret =
      Secret(absl::GetFlag(FLAGS_dsi_api_secret), absl::GetFlag(FLAGS_dsi_api_secret_file),
             "dsi_api_secret");
  if (!api_secret.ok()) return api_secret.status();
  dsi.api_secret = *api_secret;
  dsi.ca_file = absl::GetFlag(FLAGS_dsi_ca_file);
  dsi.http_timeout = absl::Milliseconds(absl::GetFlag(FLAGS_dsi_timeout_ms));
  dsi.roles_timeout = absl::Milliseconds(absl::GetFlag(FLAGS_dsi_roles_timeout_ms));
  dsi.redirect_uri = absl::StrCat(options.public_url, "/auth/dfe/callback");
  dsi.post_logout_redirect_uri = absl::StrCat(options.public_url, "/sign-out");
  options.partnerships_address = absl::GetFlag(FLAGS_partnerships_address);
  options.notifications_address = absl::GetFlag(FLAGS_notifications_address);
  options.dependency_deadline = absl::Milliseconds(absl::GetFlag(FLAGS_dependency_deadline_ms));
  return options;
}

absl::Status ValidateIdentityOptions(const IdentityOptions& options) {
  auto url = boost::urls::parse_absolute_uri(options.public_url);
  const std::string scheme = url ? absl::AsciiStrToLower(std::string(url->scheme())) : "";
  if (!url || (scheme != "http" && scheme != "https") || url->encoded_host().empty() ||
      url->has_query() || url->has_fragment()) {
    return absl::InvalidArgumentError("--public_url must be an http(s) URL without a query");
  }
  if (options.partnerships_address.empty() || options.notifications_address.empty()) {
    return absl::InvalidArgumentError(
        "--partnerships_address and --notifications_address must be set");
  }
  if (options.dependency_deadline <= absl::ZeroDuration() ||
      options.dsi.http_timeout <= absl::ZeroDuration() ||
      options.dsi.roles_timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("timeouts and deadlines must be positive");
  }
  if (options.dsi.configured()) return ValidateDsiOptions(options.dsi);
  return absl::OkStatus();
}

}  // namespace rect::identity
