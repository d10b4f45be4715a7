// The gateway's sign-in routes, page guard and API authentication over real HTTP, against a
// fake identity service over real gRPC: where each kind of visitor lands, cookie attributes,
// CSRF rejection, sign-out, and the API's 401 and token cache.
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gateway/api/api_auth.h"
#include "gateway/backends.h"
#include "gateway/http/request_recorder.h"
#include "gateway/http/responses.h"
#include "gateway/http/router.h"
#include "gateway/http/server.h"
#include "gateway/web/cookies.h"
#include "gateway/web/csrf.h"
#include "gateway/web/home_routes.h"
#include "gateway/web/page_guard.h"
#include "gateway/web/pages.h"
#include "gateway/web/sign_in_routes.h"
#include "services/common/http_client.h"
#include "services/common/metrics.h"

namespace rect::gateway {
namespace {

namespace http = boost::beast::http;
namespace iv1 = identity::v1;

constexpr char kSchoolToken[] = "school-session-token";
constexpr char kDeniedToken[] = "denied-session-token";
constexpr char kLeadProviderToken[] = "lead-provider-session-token";
constexpr char kApiToken[] = "api-token";
constexpr char kLinkToken[] = "link-token";
constexpr char kEndSession[] = "http://dsi.example/session/end?id_token_hint=x";

// Identity as the gateway sees it, with canned users.
class FakeIdentity final : public iv1::IdentityService::Service {
 public:
  grpc::Status ValidateSession(grpc::ServerContext*, const iv1::ValidateSessionRequest* request,
                               iv1::Session* session) override {
    if (down_) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "down");
    std::lock_guard<std::mutex> lock(mu_);
    if (ended_.count(request->session_token()) > 0) return Unauthenticated();
    if (request->session_token() == kSchoolToken) {
      *session = School(iv1::Session::FULL);
    } else if (request->session_token() == kDeniedToken) {
      *session = School(iv1::Session::DENIED);
    } else if (request->session_token() == kLeadProviderToken ||
               request->session_token() == "new-lead-provider-session") {
      session->set_kind(iv1::Session::LEAD_PROVIDER_USER);
      session->set_full_name("Alice Northern");
      session->set_lead_provider_id("lp-1");
    } else {
      return Unauthenticated();
    }
    return grpc::Status::OK;
  }

  grpc::Status BeginSchoolSignIn(grpc::ServerContext*, const iv1::BeginSchoolSignInRequest*,
                                 iv1::BeginSchoolSignInResponse* response) override {
    response->set_authorization_url("http://dsi.example/auth?state=s");
    response->set_attempt_token("attempt-1");
    response->set_expires_in_seconds(600);
    return grpc::Status::OK;
  }

  grpc::Status CompleteSchoolSignIn(grpc::ServerContext*,
                                    const iv1::CompleteSchoolSignInRequest* request,
                                    iv1::CompleteSchoolSignInResponse* response) override {
    std::lock_guard<std::mutex> lock(mu_);
    last_attempt_ = request->attempt_token();
    const std::string& code = request->code();
    if (request->attempt_token() != "attempt-1" || !request->error().empty()) {
      response->set_outcome(iv1::CompleteSchoolSignInResponse::FAILED);
    } else if (code == "school" || code == "denied") {
      response->set_outcome(iv1::CompleteSchoolSignInResponse::SIGNED_IN);
      response->mutable_session()->set_session_token(code == "school" ? kSchoolToken
                                                                      : kDeniedToken);
      *response->mutable_session()->mutable_session() =
          School(code == "school" ? iv1::Session::FULL : iv1::Session::DENIED);
    } else if (code == "no-organisation") {
      response->set_outcome(iv1::CompleteSchoolSignInResponse::NO_ORGANISATION);
    } else {
      response->set_outcome(iv1::CompleteSchoolSignInResponse::NO_APPROVED_ACCESS);
      response->set_organisation_name("Nowhere Academy & Co");
    }
    return grpc::Status::OK;
  }

  grpc::Status RequestSignInLink(grpc::ServerContext*, const iv1::RequestSignInLinkRequest* request,
                                 iv1::RequestSignInLinkResponse*) override {
    if (request->email().empty()) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "Enter an email address");
    }
    ++links_requested_;
    return grpc::Status::OK;
  }

  grpc::Status CheckSignInLink(grpc::ServerContext*, const iv1::CheckSignInLinkRequest* request,
                               iv1::CheckSignInLinkResponse*) override {
    std::lock_guard<std::mutex> lock(mu_);
    return request->token() == kLinkToken && !link_spent_
               ? grpc::Status::OK
               : grpc::Status(grpc::StatusCode::NOT_FOUND, "no");
  }

  grpc::Status RedeemSignInLink(grpc::ServerContext*, const iv1::RedeemSignInLinkRequest* request,
                                iv1::RedeemSignInLinkResponse* response) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (request->token() != kLinkToken || link_spent_) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "no");
    }
    link_spent_ = true;
    response->mutable_session()->set_session_token("new-lead-provider-session");
    return grpc::Status::OK;
  }

  grpc::Status SignOut(grpc::ServerContext*, const iv1::SignOutRequest* request,
                       iv1::SignOutResponse* response) override {
    std::lock_guard<std::mutex> lock(mu_);
    ended_.insert(request->session_token());
    if (request->session_token() == kSchoolToken) response->set_end_session_url(kEndSession);
    return grpc::Status::OK;
  }

  grpc::Status SignOutEverywhere(grpc::ServerContext*, const iv1::SignOutEverywhereRequest* request,
                                 iv1::SignOutEverywhereResponse* response) override {
    std::lock_guard<std::mutex> lock(mu_);
    ended_.insert(request->session_token());
    response->set_sessions_ended(3);
    return grpc::Status::OK;
  }

  grpc::Status AuthenticateApiToken(grpc::ServerContext*,
                                    const iv1::AuthenticateApiTokenRequest* request,
                                    iv1::AuthenticateApiTokenResponse* response) override {
    ++api_calls_;
    if (request->token() != kApiToken) return Unauthenticated();
    response->set_lead_provider_id("lp-1");
    response->set_token_id("t-1");
    return grpc::Status::OK;
  }

  bool ended(const std::string& token) {
    std::lock_guard<std::mutex> lock(mu_);
    return ended_.count(token) > 0;
  }
  std::string last_attempt() {
    std::lock_guard<std::mutex> lock(mu_);
    return last_attempt_;
  }

  std::atomic<int> api_calls_{0};
  std::atomic<int> links_requested_{0};
  std::atomic<bool> down_{false};

 private:
  static grpc::Status Unauthenticated() {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "no live session");
  }
  static iv1::Session School(iv1::Session::SchoolAccess access) {
    iv1::Session session;
    session.set_kind(iv1::Session::SCHOOL_USER);
    session.set_full_name("Sam Tutor");
    session.set_email("sam.tutor@oakfield.example");
    session.set_school_urn("100001");
    session.set_school_name("Oakfield Primary School");
    session.set_school_access(access);
    return session;
  }

  std::mutex mu_;
  std::set<std::string> ended_;
  std::string last_attempt_;
  bool link_spent_ = false;
};

class WebTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(WebOptions()); }

  void Start(WebOptions options) {
    Stop();
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &grpc_port_);
    builder.RegisterService(&identity_);
    grpc_server_ = builder.BuildAndStart();
    BackendOptions backend_options;
    for (std::string& address : backend_options.addresses) {
      address = absl::StrCat("127.0.0.1:", grpc_port_);
    }
    backends_ = std::make_unique<Backends>(backend_options);
    api_ = std::make_unique<ApiAuthenticator>(*backends_, api_tokens_);
    router_ = std::make_unique<Router>();
    guard_ = std::make_unique<PageGuard>(*backends_, pages_, random_, options);
    ASSERT_TRUE(AddHomeRoutes(*router_, pages_, *guard_).ok());
    ASSERT_TRUE(AddSignInRoutes(*router_, *backends_, pages_, *guard_).ok());
    ASSERT_TRUE(router_
                    ->Add(http::verb::get, "/school/{school_urn}/teachers",
                          guard_->Protect(Audience::kSchoolUser,
                                          [](auto, auto viewer, Responder respond) {
                                            respond(TextResponse(http::status::ok,
                                                                 viewer->session.school_urn()));
                                          }))
                    .ok());
    ASSERT_TRUE(router_
                    ->Add(http::verb::get, "/api/v3/whoami",
                          api_->Protect([](auto, ApiCaller caller, Responder respond) {
                            respond(TextResponse(http::status::ok, caller.lead_provider_id));
                          }))
                    .ok());
    ServerOptions server_options;
    server_options.port = 0;
    server_ = std::make_unique<HttpServer>(server_options, *router_, recorder_, random_);
    ASSERT_TRUE(server_->Start().ok());
  }

  void Stop() {
    if (server_ != nullptr) server_->Shutdown(absl::Seconds(1));
    server_.reset();
    if (backends_ != nullptr) backends_->Shutdown();
    if (grpc_server_ != nullptr) grpc_server_->Shutdown();
    grpc_server_.reset();
  }

  void TearDown() override { Stop(); }

  HttpClientResponse Send(const std::string& method, const std::string& path,
                          std::vector<std::pair<std::string, std::string>> headers = {},
                          const std::string& body = "") {
    HttpClientRequest request;
    request.method = method;
    request.url = absl::StrCat("http://127.0.0.1:", server_->port(), path);
    request.headers = std::move(headers);
    if (!body.empty()) {
      request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    }
    request.body = body;
    absl::StatusOr<HttpClientResponse> response = HttpClient().Send(request);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : HttpClientResponse();
  }

  HttpClientResponse Get(const std::string& path, const std::string& cookie = "") {
    if (cookie.empty()) return Send("GET", path);
    return Send("GET", path, {{"Cookie", cookie}});
  }

  HttpClientResponse Post(const std::string& path, const std::string& cookie,
                          const std::string& body) {
    return Send("POST", path, {{"Cookie", cookie}}, body);
  }

  static std::vector<std::string> SetCookies(const HttpClientResponse& response) {
    std::vector<std::string> cookies;
    for (const auto& [name, value] : response.headers) {
      if (absl::EqualsIgnoreCase(name, "Set-Cookie")) cookies.push_back(value);
    }
    return cookies;
  }

  static std::string SetCookieFor(const HttpClientResponse& response, const std::string& name) {
    for (const std::string& cookie : SetCookies(response)) {
      if (absl::StartsWith(cookie, name + "=")) return cookie;
    }
    return "";
  }

  static std::string Session(const char* token) { return absl::StrCat(kSessionCookie, "=", token); }

  FakeIdentity identity_;
  int grpc_port_ = 0;
  std::unique_ptr<grpc::Server> grpc_server_;
  Metrics metrics_{"gateway"};
  RequestRecorder recorder_{metrics_.registry()};
  SecureRandom random_;
  Pages pages_ = *Pages::Load();
  ApiTokenCache api_tokens_{absl::Seconds(30), 100};
  std::unique_ptr<Backends> backends_;
  std::unique_ptr<ApiAuthenticator> api_;
  std::unique_ptr<Router> router_;
  std::unique_ptr<PageGuard> guard_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(WebTest, TheStartPageGivesAnonymousVisitorsACsrfCookie) {
  const HttpClientResponse response = Get("/");
  EXPECT_EQ(response.status, 200);
  EXPECT_TRUE(absl::StrContains(response.body, "Register early career teachers"));
  EXPECT_EQ(response.Header("Cache-Control"), "no-store");
  const std::string cookie = SetCookieFor(response, kCsrfCookie);
  EXPECT_TRUE(absl::StrContains(cookie, "; HttpOnly; SameSite=Lax")) << cookie;
  EXPECT_FALSE(absl::StrContains(cookie, "Secure")) << "the local public URL is http";
}

TEST_F(WebTest, SignedInUsersAreSentHome) {
  EXPECT_EQ(Get("/", Session(kSchoolToken)).Header("Location"), "/school/home");
  EXPECT_EQ(Get("/", Session(kLeadProviderToken)).Header("Location"), "/dashboard");
}

TEST_F(WebTest, SchoolPagesAreForTheirSchoolUsersOnly) {
  HttpClientResponse anonymous = Get("/school/home");
  EXPECT_EQ(anonymous.status, 303);
  EXPECT_EQ(anonymous.Header("Location"), "/sign-in");
  EXPECT_EQ(Get("/school/home", Session(kLeadProviderToken)).status, 403);
  const HttpClientResponse school = Get("/school/home", Session(kSchoolToken));
  EXPECT_EQ(school.status, 200);
  EXPECT_TRUE(absl::StrContains(school.body, "Oakfield Primary School"));
  EXPECT_TRUE(absl::StrContains(school.body, "action=\"/sign-out\""));
  EXPECT_TRUE(absl::StrContains(school.body, CsrfToken(kSchoolToken)));
}

TEST_F(WebTest, SchoolsThatMayNotUseTheServiceSeeTheirAccessDeniedPage) {
  const HttpClientResponse home = Get("/school/home", Session(kDeniedToken));
  EXPECT_EQ(home.status, 303);
  EXPECT_EQ(home.Header("Location"), "/school/access-denied");
  const HttpClientResponse denied = Get("/school/access-denied", Session(kDeniedToken));
  EXPECT_EQ(denied.status, 403);
  EXPECT_TRUE(absl::StrContains(
      denied.body,
      "You cannot access the Register early career teachers service for Oakfield Primary School"));
  EXPECT_EQ(Get("/school/access-denied", Session(kSchoolToken)).Header("Location"), "/school/home");
}

TEST_F(WebTest, ASchoolUserOnlyReachesTheirOwnSchool) {
  EXPECT_EQ(Get("/school/100001/teachers", Session(kSchoolToken)).status, 200);
  EXPECT_EQ(Get("/school/100002/teachers", Session(kSchoolToken)).status, 404);
}

TEST_F(WebTest, TheDashboardIsForLeadProviderUsersOnly) {
  EXPECT_EQ(Get("/dashboard").Header("Location"), "/users/sign_in");
  EXPECT_EQ(Get("/dashboard", Session(kSchoolToken)).status, 403);
  const HttpClientResponse dashboard = Get("/dashboard", Session(kLeadProviderToken));
  EXPECT_EQ(dashboard.status, 200);
  EXPECT_TRUE(absl::StrContains(dashboard.body, "Alice Northern"));
}

TEST_F(WebTest, AnEndedSessionIsForgottenByTheBrowser) {
  const HttpClientResponse response = Get("/school/home", Session("expired-session"));
  EXPECT_EQ(response.Header("Location"), "/sign-in");
  EXPECT_EQ(SetCookieFor(response, kSessionCookie),
            "rect_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
}

TEST_F(WebTest, IdentityBeingDownIsA503) {
  identity_.down_ = true;
  EXPECT_EQ(Get("/school/home", Session(kSchoolToken)).status, 503);
}

TEST_F(WebTest, FormsWithoutTheRightCsrfTokenAreRefused) {
  const std::string csrf = absl::StrCat(kCsrfCookie, "=browser-secret");
  EXPECT_EQ(Post("/users/sign_in", csrf, "email=alice%40northern.example").status, 403);
  EXPECT_EQ(Post("/users/sign_in", csrf,
                 "email=alice%40northern.example&authenticity_token=" + CsrfToken("other"))
                .status,
            403);
  EXPECT_EQ(Post("/users/sign_in", "",
                 "email=alice%40northern.example&authenticity_token=" + CsrfToken(""))
                .status,
            403)
      << "no CSRF cookie, no form";
  EXPECT_EQ(identity_.links_requested_, 0);

  const HttpClientResponse sent =
      Post("/users/sign_in", csrf,
           "email=alice%40northern.example&authenticity_token=" + CsrfToken("browser-secret"));
  EXPECT_EQ(sent.status, 200);
  EXPECT_TRUE(absl::StrContains(sent.body, "Check your email"));
  EXPECT_EQ(identity_.links_requested_, 1);
}

TEST_F(WebTest, SignedInFormsUseTheSessionForCsrf) {
  const std::string cookies = absl::StrCat(Session(kSchoolToken), "; ", kCsrfCookie, "=anon");
  EXPECT_EQ(Post("/sign-out", cookies, "authenticity_token=" + CsrfToken("anon")).status, 403);
  EXPECT_FALSE(identity_.ended(kSchoolToken));
  const HttpClientResponse out =
      Post("/sign-out", cookies, "authenticity_token=" + CsrfToken(kSchoolToken));
  EXPECT_EQ(out.status, 303);
  EXPECT_EQ(out.Header("Location"), kEndSession) << "DfE Sign-in sessions end at the provider";
  EXPECT_EQ(SetCookieFor(out, kSessionCookie),
            "rect_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
  EXPECT_TRUE(identity_.ended(kSchoolToken));
}

TEST_F(WebTest, EmailErrorsAreShownOnTheForm) {
  const std::string csrf = absl::StrCat(kCsrfCookie, "=browser-secret");
  const HttpClientResponse response =
      Post("/users/sign_in", csrf, "email=&authenticity_token=" + CsrfToken("browser-secret"));
  EXPECT_EQ(response.status, 422);
  EXPECT_TRUE(absl::StrContains(response.body, "Enter an email address"));
  EXPECT_TRUE(absl::StrContains(response.body, "govuk-error-summary"));
}

TEST_F(WebTest, StartingADfeSignInBindsTheAttemptToTheBrowser) {
  const std::string csrf = absl::StrCat(kCsrfCookie, "=browser-secret");
  const HttpClientResponse response =
      Post("/auth/dfe", csrf, "authenticity_token=" + CsrfToken("browser-secret"));
  EXPECT_EQ(response.status, 303);
  EXPECT_EQ(response.Header("Location"), "http://dsi.example/auth?state=s");
  EXPECT_EQ(SetCookieFor(response, kSignInAttemptCookie),
            "rect_dsi_attempt=attempt-1; Path=/auth/dfe; Max-Age=600; HttpOnly; SameSite=Lax");
  EXPECT_EQ(Post("/auth/dfe", csrf, "").status, 403);
}

TEST_F(WebTest, TheCallbackLandsEachOutcomeOnItsPage) {
  const std::string attempt = absl::StrCat(kSignInAttemptCookie, "=attempt-1");
  const std::pair<const char*, const char*> landings[] = {
      {"/auth/dfe/callback?code=school&state=s", "/school/home"},
      {"/auth/dfe/callback?code=denied&state=s", "/school/access-denied"},
      {"/auth/dfe/callback?code=no-organisation&state=s", "/access-denied?reason=no-organisation"},
      {"/auth/dfe/callback?code=unknown&state=s", "/access-denied"},
      {"/auth/dfe/callback?error=access_denied&state=s", "/auth/failure"},
      {"/auth/dfe/callback?state=s", "/auth/failure"},
  };
  for (const auto& [callback, page] : landings) {
    const HttpClientResponse response = Get(callback, attempt);
    EXPECT_EQ(response.status, 303) << callback;
    EXPECT_EQ(response.Header("Location"), page) << callback;
    EXPECT_EQ(SetCookieFor(response, kSignInAttemptCookie),
              "rect_dsi_attempt=; Path=/auth/dfe; Max-Age=0; HttpOnly; SameSite=Lax");
  }
  EXPECT_EQ(identity_.last_attempt(), "attempt-1");
  EXPECT_EQ(Get("/auth/dfe/callback?code=school&state=s").Header("Location"), "/auth/failure")
      << "no attempt cookie: another browser";

  const HttpClientResponse signed_in = Get("/auth/dfe/callback?code=school&state=s", attempt);
  EXPECT_EQ(SetCookieFor(signed_in, kSessionCookie),
            "rect_session=school-session-token; Path=/; HttpOnly; SameSite=Lax");
}

TEST_F(WebTest, AccessDeniedPagesSayWhy) {
  const HttpClientResponse no_organisation = Get("/access-denied?reason=no-organisation");
  EXPECT_EQ(no_organisation.status, 403);
  EXPECT_TRUE(absl::StrContains(no_organisation.body,
                                "You cannot use this service until you have DfE Sign-in account "
                                "access to a school or organisation"));
  EXPECT_TRUE(absl::StrContains(no_organisation.body,
                                "https://services.signin.education.gov.uk/request-organisation"));

  const HttpClientResponse callback = Get("/auth/dfe/callback?code=unknown&state=s",
                                          absl::StrCat(kSignInAttemptCookie, "=attempt-1"));
  const std::string organisation = SetCookieFor(callback, kDeniedOrganisationCookie);
  EXPECT_TRUE(absl::StartsWith(organisation, "rect_denied_org=Nowhere%20Academy%20%26%20Co;"))
      << organisation;
  const HttpClientResponse denied =
      Get("/access-denied", "rect_denied_org=Nowhere%20Academy%20%26%20Co");
  EXPECT_TRUE(absl::StrContains(denied.body,
                                "You do not have approved access to this service from your school "
                                "or organisation (Nowhere Academy &amp; Co)"));
  EXPECT_TRUE(absl::StrContains(denied.body, "/my-services"));
}

TEST_F(WebTest, TheSignInLinkPageNeedsAButtonPressToSpendTheLink) {
  const HttpClientResponse confirm =
      Get(absl::StrCat("/users/confirm_sign_in?login_token=", kLinkToken));
  EXPECT_EQ(confirm.status, 200);
  EXPECT_TRUE(absl::StrContains(confirm.body, "name=\"login_token\" value=\"link-token\""));
  EXPECT_EQ(confirm.Header("Referrer-Policy"), "no-referrer");
  EXPECT_EQ(Get("/users/confirm_sign_in?login_token=wrong").Header("Location"),
            "/users/link-invalid");

  const std::string csrf = absl::StrCat(kCsrfCookie, "=browser-secret");
  const std::string form =
      absl::StrCat("login_token=", kLinkToken, "&authenticity_token=", CsrfToken("browser-secret"));
  const HttpClientResponse redeemed = Post("/users/sign_in_with_token", csrf, form);
  EXPECT_EQ(redeemed.Header("Location"), "/dashboard");
  EXPECT_TRUE(absl::StartsWith(SetCookieFor(redeemed, kSessionCookie),
                               "rect_session=new-lead-provider-session; Path=/; HttpOnly"));
  EXPECT_EQ(Post("/users/sign_in_with_token", csrf, form).Header("Location"),
            "/users/link-invalid");
  EXPECT_EQ(Get("/users/link-invalid").status, 200);
}

TEST_F(WebTest, SigningOutEverywhereEndsTheSessionsAndTheCookie) {
  const HttpClientResponse out = Post("/sign-out-everywhere", Session(kLeadProviderToken),
                                      "authenticity_token=" + CsrfToken(kLeadProviderToken));
  EXPECT_EQ(out.Header("Location"), "/sign-out");
  EXPECT_TRUE(identity_.ended(kLeadProviderToken));
  EXPECT_EQ(Get("/sign-out").status, 200);
  EXPECT_EQ(Post("/sign-out-everywhere", "", "").Header("Location"), "/");
}

TEST_F(WebTest, CookiesAreSecureWhenTheServiceIsOnHttps) {
  WebOptions options;
  options.public_url = "https://rect.example";
  Start(options);
  EXPECT_TRUE(absl::EndsWith(SetCookieFor(Get("/"), kCsrfCookie), "; Secure"));
  const HttpClientResponse signed_in = Get("/auth/dfe/callback?code=school&state=s",
                                           absl::StrCat(kSignInAttemptCookie, "=attempt-1"));
  EXPECT_TRUE(absl::EndsWith(SetCookieFor(signed_in, kSessionCookie), "; Secure"));
}

TEST_F(WebTest, TheApiNeedsABearerTokenAndAnswers401AsUpstream) {
  for (const std::vector<std::pair<std::string, std::string>>& headers :
       std::vector<std::vector<std::pair<std::string, std::string>>>{
           {}, {{"Authorization", "Bearer wrong"}}, {{"Authorization", "Basic eDp5"}}}) {
    const HttpClientResponse response = Send("GET", "/api/v3/whoami", headers);
    EXPECT_EQ(response.status, 401);
    EXPECT_EQ(response.body, "{\"error\":\"HTTP Token: Access denied\"}");
    EXPECT_EQ(response.Header("Content-Type"), "application/json; charset=utf-8");
    EXPECT_EQ(response.Header("WWW-Authenticate"), "");
  }
  const int before = identity_.api_calls_;
  for (int i = 0; i < 3; ++i) {
    const HttpClientResponse ok =
        Send("GET", "/api/v3/whoami", {{"Authorization", std::string("Bearer ") + kApiToken}});
    EXPECT_EQ(ok.status, 200);
    EXPECT_EQ(ok.body, "lp-1");
  }
  EXPECT_EQ(identity_.api_calls_ - before, 1) << "the cache answers repeat calls";
}

}  // namespace
}  // namespace rect::gateway
