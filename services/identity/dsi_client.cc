#include "services/identity/dsi_client.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <boost/url/url.hpp>
#include <chrono>
#include <jwt/jwt.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/common/log.h"

namespace rect::identity {
namespace {

constexpr char kScopes[] = "openid profile email organisation";
constexpr char kApiAudience[] = "signin.education.gov.uk";

std::string Encode(absl::string_view text) {
  return boost::urls::encode(boost::core::string_view(text.data(), text.size()),
                             boost::urls::unreserved_chars);
}

std::string StringField(const boost::json::object& object, const char* name) {
  const boost::json::value* value = object.if_contains(name);
  return value != nullptr && value->is_string() ? std::string(value->get_string()) : "";
}

absl::StatusOr<boost::json::object> ParseObject(absl::string_view json, absl::string_view what) {
  boost::system::error_code error;
  boost::json::value value =
      boost::json::parse(boost::json::string_view(json.data(), json.size()), error);
  if (error || !value.is_object()) {
    return absl::UnavailableError(absl::StrCat(what, " is not a JSON object"));
  }
  return std::move(value.get_object());
}

// "https://x:443/" and "https://x" name the same issuer.
std::string NormaliseIssuer(absl::string_view issuer) {
  auto parsed =
      boost::urls::parse_absolute_uri(boost::core::string_view(issuer.data(), issuer.size()));
  if (!parsed) return std::string(issuer);
  boost::urls::url url(*parsed);
  const std::string scheme = absl::AsciiStrToLower(std::string(url.scheme()));
  if ((scheme == "https" && url.port() == "443") || (scheme == "http" && url.port() == "80")) {
    url.remove_port();
  }
  std::string text(url.buffer());
  while (absl::EndsWith(text, "/")) text.pop_back();
  return text;
}

// `base` with the query parameters appended (after any it already has).
absl::StatusOr<std::string> WithQuery(
    absl::string_view base, const std::vector<std::pair<std::string, std::string>>& fields) {
  auto parsed = boost::urls::parse_absolute_uri(boost::core::string_view(base.data(), base.size()));
  if (!parsed) return absl::UnavailableError("provider endpoint is not an absolute URL");
  const std::string query = FormEncode(fields);
  return absl::StrCat(base, parsed->has_query() ? "&" : "?", query);
}

absl::Status HttpFailure(absl::string_view what, const HttpClientResponse& response) {
  // The provider's OAuth error code is safe to show; its description and body are not logged.
  std::string code;
  if (absl::StatusOr<boost::json::object> body = ParseObject(response.body, what); body.ok()) {
    code = StringField(*body, "error").substr(0, 64);
  }
  return absl::UnauthenticatedError(
      absl::StrCat(what, " answered HTTP ", response.status, code.empty() ? "" : ": ", code));
}

}  // namespace

std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    absl::StrAppend(&out, Encode(name), "=", Encode(value));
  }
  return out;
}

bool IsAllowedProviderUrl(absl::string_view url) {
  auto parsed = boost::urls::parse_absolute_uri(boost::core::string_view(url.data(), url.size()));
  if (!parsed || parsed->encoded_host().empty()) return false;
  const std::string scheme = absl::AsciiStrToLower(std::string(parsed->scheme()));
  if (scheme == "https") return true;
  const std::string host = absl::AsciiStrToLower(std::string(parsed->encoded_host()));
  return scheme == "http" && (host == "127.0.0.1" || host == "localhost" || host == "[::1]");
}

absl::Status ValidateDsiOptions(const DsiOptions& options) {
  auto invalid = [](auto&&... parts) { return absl::InvalidArgumentError(absl::StrCat(parts...)); };
  if (!IsAllowedProviderUrl(options.issuer)) {
    return invalid("--dsi_issuer must be an https URL (http only on a loopback host)");
  }
  if (!IsAllowedProviderUrl(options.api_url)) {
    return invalid("--dsi_api_url must be an https URL (http only on a loopback host)");
  }
  if (options.client_id.empty()) return invalid("--dsi_client_id must be set");
  if (options.client_secret.empty()) return invalid("--dsi_client_secret must be set");
  if (options.api_secret.empty()) return invalid("--dsi_api_secret must be set");
  if (!boost::urls::parse_absolute_uri(options.redirect_uri)) {
    return invalid("--public_url must be an absolute URL");
  }
  return absl::OkStatus();
}

absl::StatusOr<ProviderMetadata> ParseProviderMetadata(absl::string_view json,
                                                       absl::string_view configured_issuer) {
  absl::StatusOr<boost::json::object> document = ParseObject(json, "discovery document");
  if (!document.ok()) return document.status();
  ProviderMetadata metadata;
  metadata.issuer = StringField(*document, "issuer");
  metadata.authorization_endpoint = StringField(*document, "authorization_endpoint");
  metadata.token_endpoint = StringField(*document, "token_endpoint");
  metadata.jwks_uri = StringField(*document, "jwks_uri");
  metadata.end_session_endpoint = StringField(*document, "end_session_endpoint");
  if (NormaliseIssuer(metadata.issuer) != NormaliseIssuer(configured_issuer)) {
    return absl::UnavailableError("discovery document names another issuer");
  }
  for (const std::string* url :
       {&metadata.authorization_endpoint, &metadata.token_endpoint, &metadata.jwks_uri}) {
    if (!IsAllowedProviderUrl(*url)) {
      return absl::UnavailableError("discovery document lacks an https endpoint");
    }
  }
  if (!metadata.end_session_endpoint.empty() &&
      !IsAllowedProviderUrl(metadata.end_session_endpoint)) {
    return absl::UnavailableError("discovery document's end-session endpoint is not https");
  }
  const boost::json::value* methods =
      document->if_contains("token_endpoint_auth_methods_supported");
  if (methods != nullptr && methods->is_array()) {
    bool post = false, basic = false;
    for (const boost::json::value& method : methods->get_array()) {
      post = post || (method.is_string() && method.get_string() == "client_secret_post");
      basic = basic || (method.is_string() && method.get_string() == "client_secret_basic");
    }
    metadata.client_secret_basic_only = basic && !post;
  }
  return metadata;
}

DsiClient::DsiClient(DsiOptions options, const Clock& clock)
    : options_(std::move(options)),
      clock_(clock),
      http_(HttpClient::Options{options_.ca_file, 1 << 20}) {}

absl::StatusOr<ProviderMetadata> DsiClient::Metadata() {
  const absl::Time now = clock_.Now();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (metadata_.has_value() && now - metadata_fetched_at_ < options_.discovery_ttl) {
      return *metadata_;
    }
  }
  HttpClientRequest request;
  request.url =
      absl::StrCat(absl::StripSuffix(options_.issuer, "/"), "/.well-known/openid-configuration");
  request.timeout = options_.http_timeout;
  request.headers = {{"Accept", "application/json"}};
  absl::StatusOr<HttpClientResponse> response = http_.Send(request);
  absl::StatusOr<ProviderMetadata> fresh =
      !response.ok()            ? absl::StatusOr<ProviderMetadata>(response.status())
      : response->status != 200 ? absl::StatusOr<ProviderMetadata>(absl::UnavailableError(
                                      absl::StrCat("discovery answered HTTP ", response->status)))
                                : ParseProviderMetadata(response->body, options_.issuer);
  std::lock_guard<std::mutex> lock(mu_);
  if (fresh.ok()) {
    metadata_ = *fresh;
    metadata_fetched_at_ = now;
    return *fresh;
  }
  if (metadata_.has_value()) {
    // A stale document beats no sign-in at all; the next call tries again.
    log::Warning("DfE Sign-in discovery failed; using the cached document",
                 {{"error", std::string(fresh.status().message())}});
    return *metadata_;
  }
  return absl::UnavailableError(
      absl::StrCat("DfE Sign-in discovery failed: ", fresh.status().message()));
}

absl::StatusOr<std::shared_ptr<const JsonWebKeySet>> DsiClient::Keys(bool refetch) {
  const absl::Time now = clock_.Now();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (keys_ != nullptr && (!refetch || now - keys_fetched_at_ < options_.jwks_refetch_interval)) {
      return keys_;
    }
  }
  absl::StatusOr<ProviderMetadata> metadata = Metadata();
  if (!metadata.ok()) return metadata.status();
  HttpClientRequest request;
  request.url = metadata->jwks_uri;
  request.timeout = options_.http_timeout;
  request.headers = {{"Accept", "application/json"}};
  absl::StatusOr<HttpClientResponse> response = http_.Send(request);
  if (!response.ok()) return response.status();
  if (response->status != 200) {
    return absl::UnavailableError(absl::StrCat("JWKS answered HTTP ", response->status));
  }
  absl::StatusOr<JsonWebKeySet> keys = JsonWebKeySet::Parse(response->body);
  if (!keys.ok()) return absl::UnavailableError(keys.status().message());
  auto shared = std::make_shared<const JsonWebKeySet>(*std::move(keys));
  std::lock_guard<std::mutex> lock(mu_);
  keys_ = shared;
  keys_fetched_at_ = now;
  log::Info("DfE Sign-in signing keys fetched", {{"keys", static_cast<int64_t>(shared->size())}});
  return shared;
}

absl::StatusOr<std::string> DsiClient::AuthorizationUrl(const SignInAttemptSecrets& attempt) {
  absl::StatusOr<ProviderMetadata> metadata = Metadata();
  if (!metadata.ok()) return metadata.status();
  return WithQuery(metadata->authorization_endpoint, {{"response_type", "code"},
                                                      {"client_id", options_.client_id},
                                                      {"redirect_uri", options_.redirect_uri},
                                                      {"scope", kScopes},
                                                      {"state", attempt.state},
                                                      {"nonce", attempt.nonce},
                                                      {"code_challenge", attempt.code_challenge},
                                                      {"code_challenge_method", "S256"}});
}

absl::StatusOr<std::string> DsiClient::ExchangeCode(absl::string_view code,
                                                    absl::string_view code_verifier) {
  absl::StatusOr<ProviderMetadata> metadata = Metadata();
  if (!metadata.ok()) return metadata.status();
  std::vector<std::pair<std::string, std::string>> fields = {
      {"grant_type", "authorization_code"},
      {"code", std::string(code)},
      {"redirect_uri", options_.redirect_uri},
      {"code_verifier", std::string(code_verifier)}};
  HttpClientRequest request;
  request.method = "POST";
  request.url = metadata->token_endpoint;
  request.timeout = options_.http_timeout;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                     {"Accept", "application/json"}};
  if (metadata->client_secret_basic_only) {
    // RFC 6749 2.3.1: each part form-encoded, then base64 of "id:secret".
    request.headers.emplace_back(
        "Authorization",
        absl::StrCat("Basic ", absl::Base64Escape(absl::StrCat(Encode(options_.client_id), ":",
                                                               Encode(options_.client_secret)))));
  } else {
    fields.emplace_back("client_id", options_.client_id);
    fields.emplace_back("client_secret", options_.client_secret);
  }
  request.body = FormEncode(fields);
  absl::StatusOr<HttpClientResponse> response = http_.Send(request);
  if (!response.ok()) return response.status();
  if (response->status != 200) return HttpFailure("token endpoint", *response);
  absl::StatusOr<boost::json::object> body = ParseObject(response->body, "token response");
  if (!body.ok()) return absl::UnauthenticatedError(body.status().message());
  std::string id_token = StringField(*body, "id_token");
  if (id_token.empty()) return absl::UnauthenticatedError("token response has no id_token");
  return id_token;
}

absl::StatusOr<IdTokenClaims> DsiClient::VerifyIdToken(absl::string_view id_token,
                                                       absl::string_view nonce) {
  absl::StatusOr<ProviderMetadata> metadata = Metadata();
  if (!metadata.ok()) return metadata.status();
  IdTokenExpectations expected;
  expected.issuer = metadata->issuer;
  expected.audience = options_.client_id;
  expected.nonce = std::string(nonce);
  expected.now = clock_.Now();
  absl::StatusOr<std::shared_ptr<const JsonWebKeySet>> keys = Keys(false);
  if (!keys.ok()) return keys.status();
  absl::StatusOr<IdTokenClaims> claims = identity::VerifyIdToken(id_token, **keys, expected);
  if (!IsUnknownKeyError(claims.status())) return claims;
  // The provider may have rotated its keys since we fetched them.
  keys = Keys(true);
  if (!keys.ok()) return keys.status();
  return identity::VerifyIdToken(id_token, **keys, expected);
}

std::string DsiClient::RolesBearerToken() const {
  const auto now = std::chrono::system_clock::from_time_t(absl::ToTimeT(clock_.Now()));
  jwt::jwt_object token{jwt::params::algorithm("HS256"), jwt::params::secret(options_.api_secret),
                        jwt::params::payload({{"iss", options_.client_id}, {"aud", kApiAudience}})};
  token.add_claim("exp", now + std::chrono::seconds{60});
  return token.signature();
}

absl::StatusOr<DsiRoles> DsiClient::FetchRoles(absl::string_view organisation_id,
                                               absl::string_view user_id) {
  auto parsed = boost::urls::parse_absolute_uri(options_.api_url);
  if (!parsed) return absl::FailedPreconditionError("--dsi_api_url is not a URL");
  boost::urls::url url(*parsed);
  std::string base_path(url.encoded_path());
  while (absl::EndsWith(base_path, "/")) base_path.pop_back();
  url.set_encoded_path(base_path);
  for (absl::string_view segment :
       {absl::string_view("services"), absl::string_view(options_.client_id),
        absl::string_view("organisations"), organisation_id, absl::string_view("users"), user_id}) {
    url.segments().push_back(boost::core::string_view(segment.data(), segment.size()));
  }
  HttpClientRequest request;
  request.url = std::string(url.buffer());
  request.timeout = options_.roles_timeout;
  request.headers = {{"Authorization", absl::StrCat("Bearer ", RolesBearerToken())},
                     {"Accept", "application/json"}};
  absl::StatusOr<HttpClientResponse> response = http_.Send(request);
  if (!response.ok()) return response.status();
  DsiRoles roles;
  if (response->status == 404) return roles;
  if (response->status != 200) {
    return absl::UnavailableError(absl::StrCat("roles API answered HTTP ", response->status));
  }
  absl::StatusOr<boost::json::object> body = ParseObject(response->body, "roles response");
  if (!body.ok()) return body.status();
  roles.found = true;
  const boost::json::value* list = body->if_contains("roles");
  if (list != nullptr && list->is_array()) {
    for (const boost::json::value& role : list->get_array()) {
      if (role.is_object()) {
        std::string code = StringField(role.get_object(), "code");
        if (!code.empty()) roles.codes.push_back(std::move(code));
      }
    }
  }
  return roles;
}

absl::StatusOr<std::string> DsiClient::EndSessionUrl(absl::string_view id_token) {
  absl::StatusOr<ProviderMetadata> metadata = Metadata();
  if (!metadata.ok()) return metadata.status();
  if (metadata->end_session_endpoint.empty()) return std::string();
  return WithQuery(metadata->end_session_endpoint,
                   {{"id_token_hint", std::string(id_token)},
                    {"post_logout_redirect_uri", options_.post_logout_redirect_uri}});
}

}  // namespace rect::identity
