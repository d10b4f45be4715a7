// The register-an-ECT pages over real HTTP, against fake identity and registration services over
// real gRPC: the wizard cookie, the school and user taken from the session only, CSRF on every
// form, errors shown on the form and the guard's redirects.
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <gtest/gtest.h>

#include <mutex>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gateway/backends.h"
#include "gateway/http/request_recorder.h"
#include "gateway/http/router.h"
#include "gateway/http/server.h"
#include "gateway/web/induction_tutor_fake.h"
#include "gateway/web/csrf.h"
#include "gateway/web/page_guard.h"
#include "gateway/web/pages.h"
#include "gateway/web/school_identity_fake.h"
#include "gateway/web/register_ect_routes.h"
#include "services/common/http_client.h"
#include "services/common/metrics.h"

namespace rect::gateway {
namespace {

namespace rv1 = registration::v1;

constexpr const char* kSchoolToken = testing::kSchoolSessionToken;
constexpr char kWizard[] = "wizard-id-1";

using FakeIdentity = testing::FakeSchoolIdentity;

class FakeRegistration final : public rv1::RegistrationService::Service {
 public:
  grpc::Status StartEctRegistration(grpc::ServerContext*, const rv1::StartWizardRequest* request,
                                    rv1::EctWizardPage* page) override {
    std::lock_guard<std::mutex> lock(mu);
    started = *request;
    page->set_wizard_id(kWizard);
    page->set_step("find-ect");
    return grpc::Status::OK;
  }
  grpc::Status GetEctRegistrationStep(grpc::ServerContext*, const rv1::WizardStepRequest* request,
                                      rv1::EctWizardPage* page) override {
    if (request->wizard_id() != kWizard) return grpc::Status(grpc::StatusCode::NOT_FOUND, "no");
    page->set_wizard_id(kWizard);
    page->set_step("email-address");
    page->set_redirected(request->step() != "email-address");
    page->mutable_answers()->set_name("Jamal Price");
    return grpc::Status::OK;
  }
  grpc::Status SubmitEctRegistrationStep(grpc::ServerContext*,
                                         const rv1::WizardStepRequest* request,
                                         rv1::EctWizardPage* page) override {
    std::lock_guard<std::mutex> lock(mu);
    submitted = *request;
    page->set_wizard_id(kWizard);
    page->mutable_answers()->set_name("Jamal Price");
    if (request->fields().at("email").empty()) {
      page->set_step("email-address");
      rv1::FieldError* error = page->add_errors();
      error->set_field("email");
      error->set_message("Enter the email address");
      return grpc::Status::OK;
    }
    page->set_step("start-date");
    page->set_redirected(true);
    return grpc::Status::OK;
  }
  std::mutex mu;
  rv1::StartWizardRequest started;
  rv1::WizardStepRequest submitted;
};

class RegisterEctRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &grpc_port_);
    builder.RegisterService(&identity_);
    builder.RegisterService(&registration_);
    builder.RegisterService(&induction_tutor_);
    grpc_server_ = builder.BuildAndStart();
    BackendOptions options;
    for (std::string& address : options.addresses) address = absl::StrCat("127.0.0.1:", grpc_port_);
    backends_ = std::make_unique<Backends>(options);
    guard_ = std::make_unique<PageGuard>(*backends_, pages_, random_, WebOptions());
    ASSERT_TRUE(AddRegisterEctRoutes(router_, *backends_, pages_, *guard_).ok());
    ServerOptions server_options;
    server_options.port = 0;
    server_ = std::make_unique<HttpServer>(server_options, router_, recorder_, random_);
    ASSERT_TRUE(server_->Start().ok());
  }
  void TearDown() override {
    server_->Shutdown(absl::Seconds(1));
    backends_->Shutdown();
    grpc_server_->Shutdown();
  }
  HttpClientResponse Send(const std::string& method, const std::string& path,
                          const std::string& cookie, const std::string& body = "") {
    HttpClientRequest request;
    request.method = method;
    request.url = absl::StrCat("http://127.0.0.1:", server_->port(), path);
    if (!cookie.empty()) request.headers.emplace_back("Cookie", cookie);
    if (!body.empty()) {
      request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    }
    request.body = body;
    absl::StatusOr<HttpClientResponse> response = HttpClient().Send(request);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : HttpClientResponse{};
  }
  static std::string Cookies(bool with_wizard = true) {
    return absl::StrCat("rect_session=", kSchoolToken,
                        with_wizard ? absl::StrCat("; rect_register_ect=", kWizard) : "");
  }

  FakeIdentity identity_;
  FakeRegistration registration_;
  testing::FakeInductionTutor induction_tutor_;
  int grpc_port_ = 0;
  std::unique_ptr<grpc::Server> grpc_server_;
  Metrics metrics_{"gateway"};
  RequestRecorder recorder_{metrics_.registry()};
  SecureRandom random_;
  Pages pages_ = *Pages::Load();
  std::unique_ptr<Backends> backends_;
  Router router_;
  std::unique_ptr<PageGuard> guard_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(RegisterEctRoutesTest, FindEctStartsAWizardForTheSessionsSchoolAndUser) {
  EXPECT_EQ(Send("GET", "/school/register-ect/find-ect", "").status, 303);
  const HttpClientResponse page = Send("GET", "/school/register-ect/find-ect", Cookies(false));
  EXPECT_EQ(page.status, 200);
  EXPECT_TRUE(absl::StrContains(page.body, "Find an early career teacher"));
  const std::string cookie = page.Header("Set-Cookie");
  EXPECT_TRUE(absl::StartsWith(cookie, absl::StrCat("rect_register_ect=", kWizard))) << cookie;
  EXPECT_TRUE(absl::StrContains(cookie, "Path=/school/register-ect"));
  EXPECT_TRUE(absl::StrContains(cookie, "HttpOnly"));
  std::lock_guard<std::mutex> lock(registration_.mu);
  EXPECT_EQ(registration_.started.user().school_urn(), "100001");
  EXPECT_EQ(registration_.started.user().user_id(), "user-1");
}

TEST_F(RegisterEctRoutesTest, TheGuardRedirectsAndAMissingWizardStartsAgain) {
  const HttpClientResponse ahead = Send("GET", "/school/register-ect/check-answers", Cookies());
  EXPECT_EQ(ahead.status, 303);
  EXPECT_EQ(ahead.Header("Location"), "/school/register-ect/email-address");
  const HttpClientResponse lost = Send("GET", "/school/register-ect/start-date", Cookies(false));
  EXPECT_EQ(lost.status, 303);
  EXPECT_EQ(lost.Header("Location"), "/school/register-ect/what-you-will-need");
}

TEST_F(RegisterEctRoutesTest, FormsNeedTheCsrfTokenAndShowErrorsInline) {
  EXPECT_EQ(Send("POST", "/school/register-ect/email-address", Cookies(), "email=a%40b.org").status,
            403);
  const std::string token = absl::StrCat("authenticity_token=", CsrfToken(kSchoolToken));
  const HttpClientResponse blank =
      Send("POST", "/school/register-ect/email-address", Cookies(), token + "&email=");
  EXPECT_EQ(blank.status, 422);
  EXPECT_TRUE(absl::StrContains(blank.body, "govuk-error-summary"));
  EXPECT_TRUE(absl::StrContains(blank.body, "<a href=\"#email\">Enter the email address</a>"));
  EXPECT_TRUE(absl::StrContains(blank.body, "<title>Error: "));
  const HttpClientResponse good = Send("POST", "/school/register-ect/email-address", Cookies(),
                                       token + "&email=jamal%40example.org");
  EXPECT_EQ(good.status, 303);
  EXPECT_EQ(good.Header("Location"), "/school/register-ect/start-date");
  std::lock_guard<std::mutex> lock(registration_.mu);
  EXPECT_EQ(registration_.submitted.fields().at("email"), "jamal@example.org");
  EXPECT_EQ(registration_.submitted.fields().count("authenticity_token"), 0u);
  EXPECT_EQ(registration_.submitted.user().school_urn(), "100001");
}

}  // namespace
}  // namespace rect::gateway
