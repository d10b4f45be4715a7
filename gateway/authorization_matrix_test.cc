// The authorization matrix: every route of the gateway's route table (walked, not listed, so
// routes added later are covered) against every kind of caller: anonymous, school users of two
// schools, lead-provider users of two providers, API tokens of two providers and a revoked one.
// Pages send anonymous visitors to sign in and the wrong kind of user a 403; school pages of
// another school are 404; the API answers 401 JSON without a live token; every state-changing
// form is refused without its CSRF token. Also: sign-in never keeps a session id the browser
// brought (fixation), and no answer redirects off-site, whatever return address is offered.
//
// The router is built as gateway/main.cc builds it, against a fake identity over real gRPC;
// the other backends are absent, so a request the guards let through ends in the handler's own
// answer (often 503), never in 401, 403 or a sign-in redirect.
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gateway/api/api_auth.h"
#include "gateway/api/api_docs_routes.h"
#include "gateway/api/declarations.h"
#include "gateway/api/delivery_partners.h"
#include "gateway/api/participants.h"
#include "gateway/api/partnerships.h"
#include "gateway/api/schools.h"
#include "gateway/api/statements.h"
#include "gateway/api/transfers.h"
#include "gateway/api/unfunded_mentors.h"
#include "gateway/backends.h"
#include "gateway/health_routes.h"
#include "gateway/http/request_recorder.h"
#include "gateway/http/router.h"
#include "gateway/http/security_headers.h"
#include "gateway/http/server.h"
#include "gateway/http/static_files.h"
#include "gateway/web/induction_tutor_routes.h"
#include "gateway/web/leaving_routes.h"
#include "gateway/web/challenge_routes.h"
#include "gateway/web/check_schools_routes.h"
#include "gateway/web/confirm_schools_routes.h"
#include "gateway/web/csrf.h"
#include "gateway/web/home_routes.h"
#include "gateway/web/page_guard.h"
#include "gateway/web/pages.h"
#include "gateway/web/register_ect_routes.h"
#include "gateway/web/register_mentor_routes.h"
#include "gateway/web/school_teachers_routes.h"
#include "gateway/web/sign_in_routes.h"
#include "services/common/http_client.h"
#include "services/common/metrics.h"
#include "services/common/testing/child_process.h"
#include "services/common/tokens.h"

namespace rect::gateway {
namespace {

namespace http = boost::beast::http;
namespace iv1 = identity::v1;

constexpr char kSchoolA[] = "100001";
constexpr char kSchoolB[] = "100002";
constexpr char kDsiAuthorizeUrl[] = "http://dsi.example/auth?state=s";

// Identity as the gateway sees it: one session per kind of user, two API tokens and a revoked
// one; sign-ins issue fresh session tokens of identity's choosing.
class FakeIdentity final : public iv1::IdentityService::Service {
 public:
  grpc::Status ValidateSession(grpc::ServerContext*, const iv1::ValidateSessionRequest* request,
                               iv1::Session* session) override {
    const std::string& token = request->session_token();
    if (token == "school-a" || token == "school-b" || token == "issued-school") {
      session->set_kind(iv1::Session::SCHOOL_USER);
      session->set_school_access(iv1::Session::FULL);
      session->set_school_urn(token == "school-b" ? kSchoolB : kSchoolA);
      session->set_school_name("A School");
      session->set_full_name("Sam Tutor");
    } else if (token == "provider-a" || token == "provider-b" || token == "issued-provider") {
      session->set_kind(iv1::Session::LEAD_PROVIDER_USER);
      session->set_lead_provider_id(token == "provider-b" ? "lp-b" : "lp-a");
      session->set_full_name("Alice Northern");
    } else {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "no such session");
    }
    return grpc::Status::OK;
  }

  grpc::Status AuthenticateApiToken(grpc::ServerContext*,
                                    const iv1::AuthenticateApiTokenRequest* request,
                                    iv1::AuthenticateApiTokenResponse* response) override {
    if (request->token() == "api-token-a" || request->token() == "api-token-b") {
      response->set_token_id(request->token());
      response->set_lead_provider_id(request->token() == "api-token-b" ? "lp-b" : "lp-a");
      return grpc::Status::OK;
    }
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "unknown or revoked token");
  }

  grpc::Status BeginSchoolSignIn(grpc::ServerContext*, const iv1::BeginSchoolSignInRequest*,
                                 iv1::BeginSchoolSignInResponse* response) override {
    response->set_authorization_url(kDsiAuthorizeUrl);
    response->set_attempt_token("attempt-1");
    response->set_expires_in_seconds(600);
    return grpc::Status::OK;
  }

  grpc::Status CompleteSchoolSignIn(grpc::ServerContext*,
                                    const iv1::CompleteSchoolSignInRequest* request,
                                    iv1::CompleteSchoolSignInResponse* response) override {
    if (request->attempt_token() != "attempt-1" || request->code() != "good") {
      response->set_outcome(iv1::CompleteSchoolSignInResponse::FAILED);
      return grpc::Status::OK;
    }
    response->set_outcome(iv1::CompleteSchoolSignInResponse::SIGNED_IN);
    response->mutable_session()->set_session_token("issued-school");
    iv1::Session* session = response->mutable_session()->mutable_session();
    session->set_kind(iv1::Session::SCHOOL_USER);
    session->set_school_access(iv1::Session::FULL);
    session->set_school_urn(kSchoolA);
    return grpc::Status::OK;
  }

  grpc::Status RequestSignInLink(grpc::ServerContext*, const iv1::RequestSignInLinkRequest*,
                                 iv1::RequestSignInLinkResponse*) override {
    return grpc::Status::OK;
  }
  grpc::Status CheckSignInLink(grpc::ServerContext*, const iv1::CheckSignInLinkRequest* request,
                               iv1::CheckSignInLinkResponse*) override {
    return request->token() == "link" ? grpc::Status::OK
                                      : grpc::Status(grpc::StatusCode::NOT_FOUND, "no");
  }
  grpc::Status RedeemSignInLink(grpc::ServerContext*, const iv1::RedeemSignInLinkRequest* request,
                                iv1::RedeemSignInLinkResponse* response) override {
    if (request->token() != "link") return grpc::Status(grpc::StatusCode::NOT_FOUND, "no");
    response->mutable_session()->set_session_token("issued-provider");
    return grpc::Status::OK;
  }
  grpc::Status SignOut(grpc::ServerContext*, const iv1::SignOutRequest*,
                       iv1::SignOutResponse*) override {
    return grpc::Status::OK;
  }
  grpc::Status SignOutEverywhere(grpc::ServerContext*, const iv1::SignOutEverywhereRequest*,
                                 iv1::SignOutEverywhereResponse*) override {
    return grpc::Status::OK;
  }
};

// Who is asking, and how.
struct Caller {
  std::string name;
  std::string session;    // rect_session cookie
  std::string api_token;  // Authorization: Bearer
};

enum class Audience { kPublic, kSignedIn, kSchool, kLeadProvider, kApi };

// Which guard a route must have, from its template. Public routes are listed; everything else
// is classified by prefix, so a new page is protected by default in this test's eyes.
Audience AudienceOf(const std::string& pattern) {
  static const std::set<std::string> kPublic = {
      "/", "/healthz", "/readyz", "/metrics", "/assets/{path...}", "/sign-in", "/auth/dfe",
      "/auth/dfe/callback", "/access-denied", "/auth/failure", "/users/sign_in",
      "/users/confirm_sign_in", "/users/sign_in_with_token", "/users/link-invalid", "/sign-out",
      // Reached from the partnership email's token link without signing in; its form is
      // CSRF-protected like every public form.
      "/report-incorrect-partnership",
  };
  if (kPublic.count(pattern) > 0) return Audience::kPublic;
  if (absl::StartsWith(pattern, "/api/docs/") || absl::StartsWith(pattern, "/api/guidance")) {
    return Audience::kPublic;  // the API's documentation is public
  }
  if (pattern == "/sign-out-everywhere") return Audience::kSignedIn;
  if (absl::StartsWith(pattern, "/api/")) return Audience::kApi;
  if (absl::StartsWith(pattern, "/school/")) return Audience::kSchool;
  return Audience::kLeadProvider;
}

// A concrete path for a template: {school_urn} is school A's, other parameters a UUID.
std::string PathFor(const std::string& pattern) {
  std::string path = std::regex_replace(pattern, std::regex("\\{school_urn\\}"), kSchoolA);
  path = std::regex_replace(path, std::regex("\\{[a-z0-9_]+\\.\\.\\.\\}"), "app.css");
  return std::regex_replace(path, std::regex("\\{[a-z0-9_]+\\}"),
                            "11111111-1111-4111-8111-000000000001");
}

bool ChangesState(http::verb method) {
  return method != http::verb::get && method != http::verb::head && method != http::verb::options;
}

class AuthorizationMatrixTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    grpc::ServerBuilder builder;
    int identity_port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &identity_port);
    builder.RegisterService(identity_ = new FakeIdentity());
    identity_server_ = builder.BuildAndStart().release();

    BackendOptions backend_options;
    const int nowhere = testing::FreePort();  // no other backend: their calls fail fast
    for (Backend backend : AllBackends()) {
      backend_options.addresses[static_cast<size_t>(backend)] =
          absl::StrCat("127.0.0.1:", backend == Backend::kIdentity ? identity_port : nowhere);
    }
    backend_options.call_deadline = absl::Milliseconds(500);
    backends_ = new Backends(backend_options);

    static_root_ = new std::string(::testing::TempDir() + "/matrix-assets");
    std::filesystem::create_directories(*static_root_);
    std::ofstream(*static_root_ + "/app.css") << "body {}\n";

    web_options_.public_url = "http://127.0.0.1:8080";
    web_options_.dsi_services_url = "http://dsi.example/services";
    router_ = new Router();
    pages_ = new Pages(Pages::Load().value());
    guard_ = new PageGuard(*backends_, *pages_, random_, web_options_);
    api_tokens_ = new ApiTokenCache(absl::ZeroDuration(), 100);
    api_ = new ApiAuthenticator(*backends_, *api_tokens_);
    metrics_ = new Metrics("gateway");
    // As gateway/main.cc adds them (MainRegistersNothingElse checks the list stays complete).
    Router& r = *router_;
    ASSERT_TRUE(AddHealthRoutes(r, *backends_, metrics_->shared_registry()).ok());
    ASSERT_TRUE(AddStaticFileRoutes(r, *static_root_).ok());
    ASSERT_TRUE(AddHomeRoutes(r, *pages_, *guard_).ok());
    ASSERT_TRUE(AddSignInRoutes(r, *backends_, *pages_, *guard_).ok());
    ASSERT_TRUE(AddConfirmSchoolsRoutes(r, *backends_, *pages_, *guard_).ok());
    ASSERT_TRUE(AddChallengeRoutes(r, *backends_, *pages_, *guard_).ok());
    ASSERT_TRUE(AddCheckSchoolsRoutes(r, *backends_, *pages_, *guard_).ok());
    ASSERT_TRUE(AddRegisterEctRoutes(r, *backends_, *pages_, *guard_).ok());
    ASSERT_TRUE(AddRegisterMentorRoutes(r, *backends_, *pages_, *guard_).ok());
    ASSERT_TRUE(AddSchoolTeachersRoutes(r, *backends_, *pages_, *guard_).ok());
    ASSERT_TRUE(AddLeavingRoutes(r, *backends_, *pages_, *guard_).ok());
    ASSERT_TRUE(AddInductionTutorRoutes(r, *backends_, *pages_, *guard_).ok());
    ASSERT_TRUE(api::AddApiDocsRoutes(r).ok());
    ASSERT_TRUE(api::AddDeliveryPartnerRoutes(r, *backends_, *api_).ok());
    ASSERT_TRUE(api::AddPartnershipRoutes(r, *backends_, *api_).ok());
    ASSERT_TRUE(api::AddSchoolRoutes(r, *backends_, *api_).ok());
    ASSERT_TRUE(api::AddParticipantRoutes(r, *backends_, *api_).ok());
    ASSERT_TRUE(api::AddDeclarationRoutes(r, *backends_, *api_).ok());
    ASSERT_TRUE(api::AddStatementRoutes(r, *backends_, *api_).ok());
    ASSERT_TRUE(api::AddUnfundedMentorRoutes(r, *backends_, *api_).ok());
    ASSERT_TRUE(api::AddTransferRoutes(r, *backends_, *api_).ok());

    recorder_ = new RequestRecorder(metrics_->registry());
    ServerOptions options;
    options.port = 0;
    options.response_headers = SecurityHeaders(web_options_.public_url);
    server_ = new HttpServer(options, *router_, *recorder_, random_);
    ASSERT_TRUE(server_->Start().ok());
  }

  static void TearDownTestSuite() {
    server_->Shutdown(absl::Seconds(1));
    backends_->Shutdown();
    identity_server_->Shutdown();
  }

  struct Answer {
    int status = 0;
    std::string location;
    std::string content_type;
    std::vector<std::string> set_cookies;
    std::string body;
  };

  static Answer Send(http::verb method, const std::string& target, const Caller& caller,
                     const std::map<std::string, std::string>& extra = {},
                     const std::string& body = "") {
    HttpClientRequest request;
    request.method = std::string(http::to_string(method));
    request.url = absl::StrCat("http://127.0.0.1:", server_->port(), target);
    std::string cookies;
    if (!caller.session.empty()) cookies = absl::StrCat("rect_session=", caller.session);
    for (const auto& [name, value] : extra) {
      if (name == "Cookie") {
        cookies = cookies.empty() ? value : absl::StrCat(cookies, "; ", value);
      } else {
        request.headers.emplace_back(name, value);
      }
    }
    if (!cookies.empty()) request.headers.emplace_back("Cookie", cookies);
    if (!caller.api_token.empty()) {
      request.headers.emplace_back("Authorization", absl::StrCat("Bearer ", caller.api_token));
    }
    if (ChangesState(method)) {
      request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    }
    request.body = body;
    absl::StatusOr<HttpClientResponse> response = HttpClient().Send(request);
    Answer answer;
    if (!response.ok()) {
      ADD_FAILURE() << target << ": " << response.status();
      return answer;
    }
    answer.status = response->status;
    answer.location = response->Header("Location");
    answer.content_type = response->Header("Content-Type");
    for (const auto& [name, value] : response->headers) {
      if (absl::EqualsIgnoreCase(name, "Set-Cookie")) answer.set_cookies.push_back(value);
    }
    answer.body = response->body;
    return answer;
  }

  static inline FakeIdentity* identity_ = nullptr;
  static inline grpc::Server* identity_server_ = nullptr;
  static inline Backends* backends_ = nullptr;
  static inline std::string* static_root_ = nullptr;
  static inline WebOptions web_options_;
  static inline SecureRandom random_;
  static inline Router* router_ = nullptr;
  static inline Pages* pages_ = nullptr;
  static inline PageGuard* guard_ = nullptr;
  static inline ApiTokenCache* api_tokens_ = nullptr;
  static inline ApiAuthenticator* api_ = nullptr;
  static inline Metrics* metrics_ = nullptr;
  static inline RequestRecorder* recorder_ = nullptr;
  static inline HttpServer* server_ = nullptr;
};

const Caller kAnonymous{"anonymous", "", ""};
const Caller kSchoolUserA{"school user A", "school-a", ""};
const Caller kSchoolUserB{"school user B", "school-b", ""};
const Caller kProviderUserA{"lead-provider user A", "provider-a", ""};
const Caller kProviderUserB{"lead-provider user B", "provider-b", ""};
const Caller kApiTokenA{"API token A", "", "api-token-a"};
const Caller kApiTokenB{"API token B", "", "api-token-b"};
const Caller kRevokedToken{"revoked API token", "", "revoked-token"};
const Caller kEndedSession{"ended session", "ended-session", ""};

bool IsSignInRedirect(const auto& answer) {
  return answer.status == 303 &&
         (answer.location == "/sign-in" || answer.location == "/users/sign_in" ||
          answer.location == "/");
}

// The guard let the request through: whatever the handler answers, it is not a refusal.
bool PassedTheGuard(const auto& answer) {
  return answer.status != 401 && answer.status != 403 && !IsSignInRedirect(answer) &&
         answer.status != 0;
}

TEST_F(AuthorizationMatrixTest, EveryRouteAnswersEachCallerAsItsAudienceRequires) {
  const std::vector<RouteInfo> routes = router_->Routes();
  ASSERT_GT(routes.size(), 20u);
  int checked = 0;
  for (const RouteInfo& route : routes) {
    const Audience audience = AudienceOf(route.pattern);
    const std::string path = PathFor(route.pattern);
    for (http::verb method : route.methods) {
      const std::string what = absl::StrCat(std::string(http::to_string(method)), " ", path);
      auto send = [&](const Caller& caller) {
        ++checked;
        return Send(method, path, caller);
      };
      // A signed-in page request with the session's CSRF token, so only the audience decides.
      auto send_with_csrf = [&](const Caller& caller) {
        ++checked;
        return Send(method, path, caller, {{"X-CSRF-Token", CsrfToken(caller.session)}});
      };
      switch (audience) {
        case Audience::kPublic:
          // Nothing to check per caller; the CSRF test covers their forms.
          break;
        case Audience::kApi: {
          for (const Caller& caller : {kAnonymous, kRevokedToken, kSchoolUserA, kProviderUserA}) {
            const auto answer = send(caller);
            EXPECT_EQ(answer.status, 401) << what << " as " << caller.name;
            EXPECT_TRUE(absl::StartsWith(answer.content_type, "application/json"))
                << what << " as " << caller.name;
          }
          for (const Caller& caller : {kApiTokenA, kApiTokenB}) {
            const auto answer = send(caller);
            EXPECT_TRUE(PassedTheGuard(answer)) << what << " as " << caller.name << ": "
                                                << answer.status << " " << answer.body;
          }
          break;
        }
        case Audience::kSchool:
        case Audience::kLeadProvider:
        case Audience::kSignedIn: {
          for (const Caller& caller : {kAnonymous, kEndedSession, kApiTokenA}) {
            const auto answer = send(caller);
            EXPECT_TRUE(IsSignInRedirect(answer))
                << what << " as " << caller.name << ": " << answer.status << " -> "
                << answer.location;
          }
          const std::vector<Caller> allowed =
              audience == Audience::kSchool ? std::vector<Caller>{kSchoolUserA}
              : audience == Audience::kLeadProvider
                  ? std::vector<Caller>{kProviderUserA, kProviderUserB}
                  : std::vector<Caller>{kSchoolUserA, kProviderUserA};
          const std::vector<Caller> refused =
              audience == Audience::kSchool ? std::vector<Caller>{kProviderUserA, kProviderUserB}
              : audience == Audience::kLeadProvider
                  ? std::vector<Caller>{kSchoolUserA, kSchoolUserB}
                  : std::vector<Caller>{};
          for (const Caller& caller : allowed) {
            const auto answer = send_with_csrf(caller);
            EXPECT_TRUE(PassedTheGuard(answer)) << what << " as " << caller.name << ": "
                                                << answer.status << " -> " << answer.location;
          }
          for (const Caller& caller : refused) {
            EXPECT_EQ(send_with_csrf(caller).status, 403) << what << " as " << caller.name;
          }
          if (audience == Audience::kSchool &&
              absl::StrContains(route.pattern, "{school_urn}")) {
            EXPECT_EQ(send_with_csrf(kSchoolUserB).status, 404)
                << what << " as a user of another school";
          }
          if (ChangesState(method)) {
            for (const Caller& caller : allowed) {
              EXPECT_EQ(send(caller).status, 403) << what << " without a CSRF token as "
                                                  << caller.name;
              EXPECT_EQ(Send(method, path, caller, {{"X-CSRF-Token", "forged"}}).status, 403)
                  << what << " with a forged CSRF token as " << caller.name;
            }
          }
          break;
        }
      }
    }
  }
  EXPECT_GT(checked, 50);
}

TEST_F(AuthorizationMatrixTest, EveryPublicFormNeedsTheCsrfTokenOfThisBrowser) {
  for (const RouteInfo& route : router_->Routes()) {
    if (AudienceOf(route.pattern) != Audience::kPublic) continue;
    for (http::verb method : route.methods) {
      if (!ChangesState(method)) continue;
      const std::string what = absl::StrCat(std::string(http::to_string(method)), " ",
                                            route.pattern);
      // No CSRF cookie at all, and a token made for another browser's secret.
      EXPECT_EQ(Send(method, route.pattern, kAnonymous).status, 403) << what;
      EXPECT_EQ(Send(method, route.pattern, kAnonymous,
                     {{"Cookie", "rect_csrf=this-browser"},
                      {"X-CSRF-Token", CsrfToken("another-browser")}})
                    .status,
                403)
          << what;
      // The right token passes the CSRF check (whatever the route then answers).
      EXPECT_NE(Send(method, route.pattern, kAnonymous,
                     {{"Cookie", "rect_csrf=this-browser"},
                      {"X-CSRF-Token", CsrfToken("this-browser")}})
                    .status,
                403)
          << what;
    }
  }
}

std::string SessionCookieSet(const std::vector<std::string>& set_cookies) {
  for (const std::string& cookie : set_cookies) {
    if (absl::StartsWith(cookie, "rect_session=")) {
      return cookie.substr(13, cookie.find(';') - 13);
    }
  }
  return "";
}

TEST_F(AuthorizationMatrixTest, SignInNeverKeepsASessionIdTheBrowserBrought) {
  const Caller planted{"planted session", "attacker-chosen", ""};
  // Lead providers: the emailed link.
  auto redeemed = Send(http::verb::post, "/users/sign_in_with_token", planted,
                       {{"Cookie", "rect_csrf=secret"}, {"X-CSRF-Token", CsrfToken("secret")}},
                       "login_token=link");
  EXPECT_EQ(redeemed.status, 303) << redeemed.body;
  EXPECT_EQ(SessionCookieSet(redeemed.set_cookies), "issued-provider");
  // Schools: the DfE Sign-in callback.
  auto callback = Send(http::verb::get, "/auth/dfe/callback?code=good&state=s", planted,
                       {{"Cookie", "rect_dsi_attempt=attempt-1"}});
  EXPECT_EQ(callback.status, 303) << callback.body;
  EXPECT_EQ(SessionCookieSet(callback.set_cookies), "issued-school");
}

TEST_F(AuthorizationMatrixTest, NoAnswerRedirectsOffSiteWhateverReturnAddressIsOffered) {
  const std::string evil = "https://evil.example/steal";
  std::vector<std::string> locations;
  for (const RouteInfo& route : router_->Routes()) {
    if (AudienceOf(route.pattern) == Audience::kApi) continue;
    const std::string path = PathFor(route.pattern);
    for (http::verb method : route.methods) {
      for (const std::string& query :
           {absl::StrCat("?return_to=", evil), absl::StrCat("?redirect_uri=", evil),
            absl::StrCat("?next=//evil.example"), absl::StrCat("?continue=", evil)}) {
        for (const Caller& caller : {kAnonymous, kSchoolUserA, kProviderUserA}) {
          const auto answer =
              Send(method, path + query, caller,
                   {{"Cookie", "rect_csrf=secret; rect_dsi_attempt=attempt-1"},
                    {"X-CSRF-Token", caller.session.empty() ? CsrfToken("secret")
                                                            : CsrfToken(caller.session)}},
                   "login_token=link");
          if (!answer.location.empty()) locations.push_back(answer.location);
        }
      }
    }
  }
  ASSERT_FALSE(locations.empty());
  for (const std::string& location : locations) {
    const bool local = absl::StartsWith(location, "/") && !absl::StartsWith(location, "//") &&
                       !absl::StartsWith(location, "/\\");
    // Off-site only to DfE Sign-in, at the address identity gave.
    const bool dfe_sign_in = absl::StartsWith(location, "http://dsi.example/");
    EXPECT_TRUE(local || dfe_sign_in) << "redirect to " << location;
    EXPECT_FALSE(absl::StrContains(location, "evil.example")) << location;
  }
}

// The matrix builds the router as gateway/main.cc does; this fails when main.cc registers a
// group of routes the matrix does not, so the list above cannot fall behind.
TEST_F(AuthorizationMatrixTest, MainRegistersNothingElse) {
  std::ifstream file(testing::Runfile("gateway/main.cc"));
  ASSERT_TRUE(file.good());
  std::stringstream text;
  text << file.rdbuf();
  std::ifstream self(testing::Runfile("gateway/authorization_matrix_test.cc"));
  ASSERT_TRUE(self.good());
  std::stringstream self_text;
  self_text << self.rdbuf();
  const std::string main = text.str();
  const std::regex add("\\b(Add[A-Za-z]+Routes)\\(");
  int found = 0;
  for (auto it = std::sregex_iterator(main.begin(), main.end(), add); it != std::sregex_iterator();
       ++it) {
    ++found;
    const std::string name = (*it)[1];
    EXPECT_TRUE(absl::StrContains(self_text.str(), absl::StrCat(name, "(r")))
        << "gateway/main.cc calls " << name
        << ": add it to AuthorizationMatrixTest::SetUpTestSuite";
  }
  EXPECT_GT(found, 10);
}

}  // namespace
}  // namespace rect::gateway
