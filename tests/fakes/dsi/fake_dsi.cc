#include "tests/fakes/dsi/fake_dsi.h"

#include <boost/beast/http/field.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <chrono>
#include <jwt/jwt.hpp>
#include <kainjow/mustache.hpp>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gateway/http/forms.h"
#include "gateway/http/responses.h"

namespace rect::fakes::dsi {
namespace {

namespace http = boost::beast::http;
using gateway::Field;
using gateway::FormFields;
using gateway::HttpResponse;
using gateway::RequestContext;
using gateway::Responder;

constexpr char kApiAudience[] = "signin.education.gov.uk";

constexpr char kSignInPage[] = R"(<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>DfE Sign-in (local)</title></head>
<body>
<main>
<h1>Sign in to DfE Sign-in (local)</h1>
<p>This is the local stand-in for DfE Sign-in. Choose who you are and which organisation you
are signing in for.</p>
<form method="post" action="/auth">
{{#fields}}<input type="hidden" name="{{name}}" value="{{value}}">
{{/fields}}
<ul>
{{#personas}}<li><button type="submit" name="persona" value="{{key}}" data-persona="{{key}}">{{name}}{{#organisation}} &ndash; {{organisation}}{{/organisation}}</button> <span>{{description}}</span></li>
{{/personas}}
</ul>
<p><button type="submit" name="cancel" value="1" data-persona="cancel">Cancel (the provider answers with an error)</button></p>
</form>
</main>
</body>
</html>
)";

std::string Encode(absl::string_view text) {
  return boost::urls::encode(boost::core::string_view(text.data(), text.size()),
                             boost::urls::unreserved_chars);
}

std::string WithQuery(const std::string& base,
                      const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out = base;
  out += absl::StrContains(base, '?') ? '&' : '?';
  bool first = true;
  for (const auto& [name, value] : fields) {
    if (!first) out += '&';
    first = false;
    absl::StrAppend(&out, Encode(name), "=", Encode(value));
  }
  return out;
}

HttpResponse Json(http::status status, const nlohmann::json& body) {
  HttpResponse response =
      gateway::TextResponse(status, body.dump(), "application/json; charset=utf-8");
  response.set(http::field::cache_control, "no-store");
  return response;
}

HttpResponse OAuthError(http::status status, const char* error, const char* description) {
  return Json(status, {{"error", error}, {"error_description", description}});
}

HttpResponse Redirect(const std::string& location) {
  HttpResponse response{http::status::found, 11};
  response.set(http::field::location, location);
  response.set(http::field::cache_control, "no-store");
  return response;
}

HttpResponse Html(http::status status, const std::string& body) {
  return gateway::TextResponse(status, body, "text/html; charset=utf-8");
}

std::string HeaderValue(const RequestContext& context, http::field field) {
  const auto value = context.request[field];
  return std::string(value.data(), value.size());
}

std::string PkceS256(const std::string& verifier) {
  return absl::WebSafeBase64Escape(Sha256(verifier));
}

bool IsAbsoluteHttpUrl(const std::string& url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  return parsed && (parsed->scheme() == "http" || parsed->scheme() == "https") &&
         !parsed->encoded_host().empty() && !parsed->has_fragment();
}

}  // namespace

absl::StatusOr<TokenFault> ParseTokenFault(absl::string_view name) {
  static const std::pair<const char*, TokenFault> kNames[] = {
      {"none", TokenFault::kNone},
      {"expired", TokenFault::kExpired},
      {"wrong_audience", TokenFault::kWrongAudience},
      {"wrong_issuer", TokenFault::kWrongIssuer},
      {"wrong_nonce", TokenFault::kWrongNonce},
      {"forged", TokenFault::kForged},
      {"unsigned", TokenFault::kUnsigned}};
  for (const auto& [text, fault] : kNames) {
    if (name == text) return fault;
  }
  return absl::InvalidArgumentError("unknown token fault");
}

struct FakeDsi::AuthorizationRequest {
  std::string client_id;
  std::string redirect_uri;
  std::string state;
  std::string nonce;
  std::string code_challenge;
};

FakeDsi::FakeDsi(Options options)
    : options_(std::move(options)), registry_(std::make_shared<prometheus::Registry>()) {
  recorder_ = std::make_unique<gateway::RequestRecorder>(*registry_);
  keys_.emplace_front(absl::StrCat("local-dsi-key-", next_kid_++));
  AddRoutes();
}

FakeDsi::~FakeDsi() { Stop(); }

absl::Status FakeDsi::Start() {
  gateway::ServerOptions server;
  server.address = options_.address;
  server.port = options_.port;
  server.threads = 2;
  server_ = std::make_unique<gateway::HttpServer>(server, router_, *recorder_, random_);
  if (absl::Status status = server_->Start(); !status.ok()) return status;
  std::lock_guard<std::mutex> lock(mu_);
  port_ = server_->port();
  issuer_ = options_.issuer.empty() ? absl::StrCat("http://", options_.address, ":", port_)
                                    : options_.issuer;
  while (absl::EndsWith(issuer_, "/")) issuer_.pop_back();
  return absl::OkStatus();
}

void FakeDsi::Stop() {
  if (server_ != nullptr) server_->Shutdown(absl::Seconds(2));
  server_.reset();
}

std::string FakeDsi::issuer() const {
  std::lock_guard<std::mutex> lock(mu_);
  return issuer_;
}

void FakeDsi::RotateKeys(bool retire_previous) {
  SigningKey key(absl::StrCat("local-dsi-key-", next_kid_));  // slow: outside the lock
  std::lock_guard<std::mutex> lock(mu_);
  ++next_kid_;
  if (retire_previous) keys_.clear();
  keys_.push_front(std::move(key));
}

void FakeDsi::SetNextTokenFault(TokenFault fault) {
  std::lock_guard<std::mutex> lock(mu_);
  next_fault_ = fault;
}

int FakeDsi::end_session_calls() const {
  std::lock_guard<std::mutex> lock(mu_);
  return end_session_calls_;
}

bool FakeDsi::last_id_token_hint_valid() const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_hint_valid_;
}

const Persona* FakeDsi::FindPersona(absl::string_view key) const {
  for (const Persona& persona : options_.personas) {
    if (persona.key == key) return &persona;
  }
  return nullptr;
}

absl::StatusOr<FakeDsi::AuthorizationRequest> FakeDsi::CheckAuthorizationRequest(
    const FormFields& fields) const {
  auto invalid = [](const char* why) { return absl::InvalidArgumentError(why); };
  if (Field(fields, "response_type") != "code") return invalid("response_type must be code");
  if (Field(fields, "client_id") != options_.client_id) return invalid("unknown client_id");
  const std::vector<absl::string_view> scopes = absl::StrSplit(Field(fields, "scope"), ' ');
  for (absl::string_view needed : {"openid", "profile", "email", "organisation"}) {
    if (std::find(scopes.begin(), scopes.end(), needed) == scopes.end()) {
      return invalid("scope must include openid profile email organisation");
    }
  }
  AuthorizationRequest request;
  request.client_id = Field(fields, "client_id");
  request.redirect_uri = Field(fields, "redirect_uri");
  request.state = Field(fields, "state");
  request.nonce = Field(fields, "nonce");
  request.code_challenge = Field(fields, "code_challenge");
  if (!IsAbsoluteHttpUrl(request.redirect_uri)) return invalid("bad redirect_uri");
  if (request.state.empty()) return invalid("state is required");
  if (request.nonce.empty()) return invalid("nonce is required");
  if (request.code_challenge.empty() || Field(fields, "code_challenge_method") != "S256") {
    return invalid("PKCE with S256 is required");
  }
  return request;
}

std::string FakeDsi::IssueCode(const AuthorizationRequest& request, const Persona& persona) {
  const std::string code = NewUrlToken(random_);
  std::lock_guard<std::mutex> lock(mu_);
  codes_[code] = PendingCode{&persona,      request.client_id,      request.redirect_uri,
                             request.nonce, request.code_challenge, absl::Now() + absl::Minutes(1)};
  return code;
}

absl::StatusOr<std::string> FakeDsi::Authorize(const std::string& authorization_url,
                                               const std::string& persona_key) {
  auto url = boost::urls::parse_absolute_uri(authorization_url);
  if (!url) return absl::InvalidArgumentError("not a URL");
  absl::StatusOr<AuthorizationRequest> request =
      CheckAuthorizationRequest(gateway::QueryFields(*url));
  if (!request.ok()) return request.status();
  const Persona* persona = FindPersona(persona_key);
  if (persona == nullptr) return absl::InvalidArgumentError("unknown persona");
  return WithQuery(request->redirect_uri,
                   {{"code", IssueCode(*request, *persona)}, {"state", request->state}});
}

std::string FakeDsi::IdToken(const PendingCode& code) {
  const Persona& persona = *code.persona;
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  std::lock_guard<std::mutex> lock(mu_);
  const TokenFault fault = next_fault_;
  next_fault_ = TokenFault::kNone;
  nlohmann::json organisation = nlohmann::json::object();
  if (persona.organisation.has_value()) {
    organisation = {{"id", persona.organisation->id},
                    {"name", persona.organisation->name},
                    {"urn", persona.organisation->urn},
                    {"category", {{"id", "001"}, {"name", "Establishment"}}}};
  }
  nlohmann::json claims = {
      {"iss", fault == TokenFault::kWrongIssuer ? "https://elsewhere.example" : issuer_},
      {"aud", fault == TokenFault::kWrongAudience ? "SomeOtherService" : code.client_id},
      {"sub", persona.user_id},
      {"email", persona.email},
      {"given_name", persona.given_name},
      {"family_name", persona.family_name},
      {"organisation", organisation},
      {"nonce", fault == TokenFault::kWrongNonce ? "not-the-nonce" : code.nonce},
      {"iat", fault == TokenFault::kExpired ? now - 7200 : now},
      {"auth_time", now},
      {"exp", fault == TokenFault::kExpired
                  ? now - 3600
                  : now + absl::ToInt64Seconds(options_.id_token_lifetime)}};
  std::string token;
  if (fault == TokenFault::kForged) {
    token = SigningKey("forger").SignAs(keys_.front().kid(), claims);
  } else if (fault == TokenFault::kUnsigned) {
    jwt::jwt_object unsigned_token{jwt::params::algorithm("NONE")};
    for (const auto& [name, value] : claims.items())
      unsigned_token.payload().add_claim(name, value);
    token = unsigned_token.signature();
  } else {
    token = keys_.front().Sign(claims);
  }
  issued_.insert(Sha256(token));
  return token;
}

void FakeDsi::AddRoutes() {
  auto add = [this](http::verb verb, const char* path, gateway::Handler handler) {
    absl::Status status = router_.Add(verb, path, std::move(handler));
    if (!status.ok()) throw std::logic_error(std::string(status.message()));
  };

  add(http::verb::get, "/healthz", [](std::shared_ptr<const RequestContext>, Responder respond) {
    respond(gateway::TextResponse(http::status::ok, "ok"));
  });

  add(http::verb::get, "/.well-known/openid-configuration",
      [this](std::shared_ptr<const RequestContext>, Responder respond) {
        const std::string base = issuer();
        respond(Json(http::status::ok,
                     {{"issuer", base},
                      {"authorization_endpoint", base + "/auth"},
                      {"token_endpoint", base + "/token"},
                      {"jwks_uri", base + "/certs"},
                      {"end_session_endpoint", base + "/session/end"},
                      {"response_types_supported", {"code"}},
                      {"subject_types_supported", {"public"}},
                      {"id_token_signing_alg_values_supported", {"RS256"}},
                      {"scopes_supported", {"openid", "profile", "email", "organisation"}},
                      {"code_challenge_methods_supported", {"S256"}},
                      {"token_endpoint_auth_methods_supported",
                       {"client_secret_post", "client_secret_basic"}}}));
      });

  add(http::verb::get, "/certs", [this](std::shared_ptr<const RequestContext>, Responder respond) {
    nlohmann::json keys = nlohmann::json::array();
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (const SigningKey& key : keys_) keys.push_back(key.Jwk());
    }
    respond(Json(http::status::ok, {{"keys", keys}}));
  });

  add(http::verb::get, "/auth",
      [this](std::shared_ptr<const RequestContext> context, Responder respond) {
        const FormFields fields = gateway::QueryFields(context->target);
        absl::StatusOr<AuthorizationRequest> request = CheckAuthorizationRequest(fields);
        if (!request.ok()) {
          respond(gateway::ErrorResponse(gateway::ErrorFormat::kHtml, http::status::bad_request,
                                         request.status().message()));
          return;
        }
        kainjow::mustache::data carried{kainjow::mustache::data::type::list};
        for (const char* name : {"response_type", "client_id", "redirect_uri", "scope", "state",
                                 "nonce", "code_challenge", "code_challenge_method"}) {
          kainjow::mustache::data field;
          field.set("name", name);
          field.set("value", Field(fields, name));
          carried.push_back(field);
        }
        kainjow::mustache::data personas{kainjow::mustache::data::type::list};
        for (const Persona& persona : options_.personas) {
          kainjow::mustache::data entry;
          entry.set("key", persona.key);
          entry.set("name", persona.given_name + " " + persona.family_name);
          entry.set("description", persona.description);
          if (persona.organisation.has_value()) {
            entry.set("organisation", absl::StrCat(persona.organisation->name, " (URN ",
                                                   persona.organisation->urn, ")"));
          }
          personas.push_back(entry);
        }
        kainjow::mustache::data page;
        page.set("fields", carried);
        page.set("personas", personas);
        respond(Html(http::status::ok, kainjow::mustache::mustache(kSignInPage).render(page)));
      });

  add(http::verb::post, "/auth",
      [this](std::shared_ptr<const RequestContext> context, Responder respond) {
        const FormFields fields = gateway::ParseForm(context->request.body());
        absl::StatusOr<AuthorizationRequest> request = CheckAuthorizationRequest(fields);
        if (!request.ok()) {
          respond(gateway::ErrorResponse(gateway::ErrorFormat::kHtml, http::status::bad_request,
                                         request.status().message()));
          return;
        }
        if (!Field(fields, "cancel").empty()) {
          respond(Redirect(WithQuery(request->redirect_uri,
                                     {{"error", "access_denied"}, {"state", request->state}})));
          return;
        }
        const Persona* persona = FindPersona(Field(fields, "persona"));
        if (persona == nullptr) {
          respond(gateway::ErrorResponse(gateway::ErrorFormat::kHtml, http::status::bad_request,
                                         "unknown persona"));
          return;
        }
        respond(Redirect(WithQuery(request->redirect_uri, {{"code", IssueCode(*request, *persona)},
                                                           {"state", request->state}})));
      });

  add(http::verb::post, "/token",
      [this](std::shared_ptr<const RequestContext> context, Responder respond) {
        const FormFields fields = gateway::ParseForm(context->request.body());
        std::string client_id = Field(fields, "client_id");
        std::string client_secret = Field(fields, "client_secret");
        const std::string authorization = HeaderValue(*context, http::field::authorization);
        if (absl::StartsWith(authorization, "Basic ")) {
          std::string decoded;
          if (absl::Base64Unescape(authorization.substr(6), &decoded)) {
            const std::vector<std::string> parts = absl::StrSplit(decoded, absl::MaxSplits(':', 1));
            if (parts.size() == 2) {
              const FormFields id = gateway::ParseForm(absl::StrCat("v=", parts[0]));
              const FormFields secret = gateway::ParseForm(absl::StrCat("v=", parts[1]));
              client_id = Field(id, "v");
              client_secret = Field(secret, "v");
            }
          }
        }
        if (client_id != options_.client_id || client_secret != options_.client_secret) {
          respond(OAuthError(http::status::unauthorized, "invalid_client", "bad client"));
          return;
        }
        if (Field(fields, "grant_type") != "authorization_code") {
          respond(OAuthError(http::status::bad_request, "unsupported_grant_type", "code only"));
          return;
        }
        std::optional<PendingCode> code;
        {
          std::lock_guard<std::mutex> lock(mu_);
          auto it = codes_.find(Field(fields, "code"));
          if (it != codes_.end()) {
            code = it->second;
            codes_.erase(it);  // single use
          }
        }
        if (!code.has_value() || code->expires_at <= absl::Now() || code->client_id != client_id ||
            code->redirect_uri != Field(fields, "redirect_uri")) {
          respond(OAuthError(http::status::bad_request, "invalid_grant", "bad code"));
          return;
        }
        if (PkceS256(Field(fields, "code_verifier")) != code->code_challenge) {
          respond(OAuthError(http::status::bad_request, "invalid_grant", "PKCE check failed"));
          return;
        }
        const std::string id_token = IdToken(*code);
        respond(Json(http::status::ok, {{"access_token", NewUrlToken(random_)},
                                        {"token_type", "Bearer"},
                                        {"expires_in", 3600},
                                        {"id_token", id_token}}));
      });

  add(http::verb::get, "/session/end",
      [this](std::shared_ptr<const RequestContext> context, Responder respond) {
        const FormFields fields = gateway::QueryFields(context->target);
        const std::string hint = Field(fields, "id_token_hint");
        bool valid = false;
        {
          std::lock_guard<std::mutex> lock(mu_);
          valid = !hint.empty() && issued_.count(Sha256(hint)) > 0;
        }
        const std::string redirect = Field(fields, "post_logout_redirect_uri");
        {
          std::lock_guard<std::mutex> lock(mu_);
          ++end_session_calls_;
          last_hint_valid_ = valid;
        }
        if (!IsAbsoluteHttpUrl(redirect)) {
          respond(Html(http::status::ok,
                       "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                       "Signed out</title></head><body><h1>You have signed out of DfE Sign-in "
                       "(local)</h1></body></html>"));
          return;
        }
        const std::string state = Field(fields, "state");
        respond(Redirect(state.empty() ? redirect : WithQuery(redirect, {{"state", state}})));
      });

  add(http::verb::get, "/services/{client}/organisations/{organisation}/users/{user}",
      [this](std::shared_ptr<const RequestContext> context, Responder respond) {
        const std::string authorization = HeaderValue(*context, http::field::authorization);
        const std::string client = context->param("client");
        bool authorised = false;
        if (absl::StartsWith(authorization, "Bearer ") && client == options_.client_id) {
          std::error_code error;
          auto decoded =
              jwt::decode(authorization.substr(7), jwt::params::algorithms({"HS256"}), error,
                          jwt::params::secret(options_.api_secret), jwt::params::verify(true),
                          jwt::params::aud(kApiAudience), jwt::params::issuer(options_.client_id));
          authorised = !error;
        }
        if (!authorised) {
          respond(Json(http::status::unauthorized, {{"error", "unauthorised"}}));
          return;
        }
        for (const Persona& persona : options_.personas) {
          if (persona.user_id != context->param("user") || !persona.organisation.has_value() ||
              persona.organisation->id != context->param("organisation")) {
            continue;
          }
          if (!persona.in_service) break;
          nlohmann::json roles = nlohmann::json::array();
          int numeric_id = 1;
          for (const std::string& code : persona.roles) {
            roles.push_back({{"id", absl::StrCat("role-", numeric_id)},
                             {"name", code == "SchoolUser" ? "Register ECTs - Schools" : code},
                             {"code", code},
                             {"numericId", std::to_string(numeric_id)},
                             {"status", {{"id", 1}}}});
            ++numeric_id;
          }
          respond(Json(http::status::ok, {{"userId", persona.user_id},
                                          {"serviceId", "local-service-id"},
                                          {"organisationId", persona.organisation->id},
                                          {"roles", roles},
                                          {"identifiers", nlohmann::json::array()}}));
          return;
        }
        respond(Json(http::status::not_found, {{"error", "not found"}}));
      });

  add(http::verb::post, "/test/rotate-keys",
      [this](std::shared_ptr<const RequestContext> context, Responder respond) {
        RotateKeys(Field(gateway::ParseForm(context->request.body()), "retire") == "1");
        respond(gateway::TextResponse(http::status::ok, "rotated\n"));
      });

  add(http::verb::post, "/test/next-token-fault",
      [this](std::shared_ptr<const RequestContext> context, Responder respond) {
        absl::StatusOr<TokenFault> fault =
            ParseTokenFault(Field(gateway::ParseForm(context->request.body()), "fault"));
        if (!fault.ok()) {
          respond(gateway::TextResponse(http::status::bad_request, "unknown fault\n"));
          return;
        }
        SetNextTokenFault(*fault);
        respond(gateway::TextResponse(http::status::ok, "set\n"));
      });
}

}  // namespace rect::fakes::dsi
