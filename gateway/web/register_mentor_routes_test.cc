// The assign-a-mentor and register-a-new-mentor pages over real HTTP, against fake identity and
// registration services over real gRPC: the school taken from the session only, CSRF on every
// form, errors shown on the form, "register a new mentor" starting the wizard and its cookie, and
// a date of birth never echoed back into a page.
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
#include "gateway/web/register_mentor_routes.h"
#include "services/common/http_client.h"
#include "services/common/metrics.h"

namespace rect::gateway {
namespace {

namespace rv1 = registration::v1;

constexpr const char* kSchoolToken = testing::kSchoolSessionToken;
constexpr char kWizard[] = "mentor-wizard-1";
constexpr char kEct[] = "11111111-2222-4333-8444-555555555555";
constexpr char kLonelyEct[] = "11111111-2222-4333-8444-666666666666";
constexpr char kMentor[] = "22222222-2222-4333-8444-555555555555";

using FakeIdentity = testing::FakeSchoolIdentity;

class FakeRegistration final : public rv1::RegistrationService::Service {
 public:
  grpc::Status ListMentorsForEct(grpc::ServerContext*, const rv1::ListMentorsForEctRequest* request,
                                 rv1::MentorsForEct* found) override {
    if (request->school_urn() != "100001" ||
        (request->ect_id() != kEct && request->ect_id() != kLonelyEct)) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such ECT at this school");
    }
    found->mutable_ect()->set_id(request->ect_id());
    found->mutable_ect()->set_name("Jamal Price");
    if (request->ect_id() == kEct) {
      rv1::Choice* mentor = found->add_mentors();
      mentor->set_value(kMentor);
      mentor->set_label("Ella Grant");
    }
    return grpc::Status::OK;
  }
  grpc::Status AssignMentor(grpc::ServerContext*, const rv1::AssignMentorRequest* request,
                            rv1::AssignMentorResponse* response) override {
    std::lock_guard<std::mutex> lock(mu);
    assigned = *request;
    response->set_ect_name("Jamal Price");
    if (request->mentor() == "new") {
      response->set_register_new(true);
    } else if (request->mentor() != kMentor) {
      rv1::FieldError* error = response->add_errors();
      error->set_field("mentor");
      error->set_message(request->mentor().empty()
                             ? "Select a mentor from the list provided or choose to register a "
                               "new mentor"
                             : "It needs to be a different mentor for this ECT");
    } else {
      response->set_mentor_name("Ella Grant");
      response->set_started_on("23 November 2026");
      response->set_mentorship_period_id("33333333-2222-4333-8444-555555555555");
    }
    return grpc::Status::OK;
  }
  grpc::Status StartMentorRegistration(grpc::ServerContext*,
                                       const rv1::StartMentorWizardRequest* request,
                                       rv1::MentorWizardPage* page) override {
    std::lock_guard<std::mutex> lock(mu);
    started = *request;
    page->set_wizard_id(kWizard);
    page->set_step("find-mentor");
    return grpc::Status::OK;
  }
  grpc::Status GetMentorRegistrationStep(grpc::ServerContext*,
                                         const rv1::WizardStepRequest* request,
                                         rv1::MentorWizardPage* page) override {
    if (request->wizard_id() != kWizard) return grpc::Status(grpc::StatusCode::NOT_FOUND, "no");
    page->set_wizard_id(kWizard);
    page->set_step("find-mentor");
    page->set_redirected(request->step() != "find-mentor");
    page->set_ect_name("Jamal Price");
    return grpc::Status::OK;
  }
  grpc::Status SubmitMentorRegistrationStep(grpc::ServerContext*,
                                            const rv1::WizardStepRequest* request,
                                            rv1::MentorWizardPage* page) override {
    std::lock_guard<std::mutex> lock(mu);
    submitted = *request;
    page->set_wizard_id(kWizard);
    page->set_ect_name("Jamal Price");
    if (request->fields().at("trn").size() != 7) {
      page->set_step("find-mentor");
      rv1::FieldError* error = page->add_errors();
      error->set_field("trn");
      error->set_message("Enter a TRN that is 7 digits long");
      return grpc::Status::OK;
    }
    page->set_step("review-mentor-details");
    page->set_redirected(true);
    return grpc::Status::OK;
  }
  std::mutex mu;
  rv1::AssignMentorRequest assigned;
  rv1::StartMentorWizardRequest started;
  rv1::WizardStepRequest submitted;
};

class RegisterMentorRoutesTest : public ::testing::Test {
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
    ASSERT_TRUE(AddRegisterMentorRoutes(router_, *backends_, pages_, *guard_).ok());
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
                        with_wizard ? absl::StrCat("; rect_register_mentor=", kWizard) : "");
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

TEST_F(RegisterMentorRoutesTest, TheChoiceListsTheSchoolsMentorsAndANewOne) {
  const HttpClientResponse page =
      Send("GET", absl::StrCat("/school/ects/", kEct, "/mentorship/new"), Cookies(false));
  EXPECT_EQ(page.status, 200);
  EXPECT_TRUE(absl::StrContains(page.body, "Who will mentor Jamal Price?"));
  EXPECT_TRUE(absl::StrContains(page.body, absl::StrCat("value=\"", kMentor, "\"")));
  EXPECT_TRUE(absl::StrContains(page.body, "Register a new mentor"));
  EXPECT_TRUE(absl::StrContains(page.body, "name=\"authenticity_token\""));
  EXPECT_EQ(Send("GET", "/school/ects/11111111-2222-4333-8444-000000000000/mentorship/new",
                 Cookies(false))
                .status,
            404);
}

TEST_F(RegisterMentorRoutesTest, WithNoMentorToChooseTheWizardStarts) {
  const HttpClientResponse page =
      Send("GET", absl::StrCat("/school/ects/", kLonelyEct, "/mentorship/new"), Cookies(false));
  EXPECT_EQ(page.status, 303);
  EXPECT_EQ(page.Header("Location"), "/school/register-mentor/find-mentor");
  const std::string cookie = page.Header("Set-Cookie");
  EXPECT_TRUE(absl::StartsWith(cookie, absl::StrCat("rect_register_mentor=", kWizard))) << cookie;
  EXPECT_TRUE(absl::StrContains(cookie, "HttpOnly"));
  std::lock_guard<std::mutex> lock(registration_.mu);
  EXPECT_EQ(registration_.started.ect_id(), kLonelyEct);
  EXPECT_EQ(registration_.started.user().school_urn(), "100001");
}

TEST_F(RegisterMentorRoutesTest, ChoosingNeedsTheCsrfTokenAndShowsErrorsInline) {
  const std::string path = absl::StrCat("/school/ects/", kEct, "/mentorship/new");
  EXPECT_EQ(Send("POST", path, Cookies(false), absl::StrCat("mentor=", kMentor)).status, 403);
  const std::string token = absl::StrCat("authenticity_token=", CsrfToken(kSchoolToken));
  const HttpClientResponse none = Send("POST", path, Cookies(false), token + "&mentor=");
  EXPECT_EQ(none.status, 422);
  EXPECT_TRUE(absl::StrContains(none.body, "govuk-error-summary"));
  EXPECT_TRUE(absl::StrContains(
      none.body,
      "<a href=\"#mentor\">Select a mentor from the list provided or choose to register a new "
      "mentor</a>"));
  const HttpClientResponse self =
      Send("POST", path, Cookies(false), token + "&mentor=11111111-2222-4333-8444-555555555555");
  EXPECT_EQ(self.status, 422);
  EXPECT_TRUE(absl::StrContains(self.body, "It needs to be a different mentor for this ECT"));
  const HttpClientResponse chosen =
      Send("POST", path, Cookies(false), absl::StrCat(token, "&mentor=", kMentor));
  EXPECT_EQ(chosen.status, 200);
  EXPECT_TRUE(absl::StrContains(chosen.body, "You’ve assigned Ella Grant as a mentor for Jamal Price"));
  std::lock_guard<std::mutex> lock(registration_.mu);
  EXPECT_EQ(registration_.assigned.school_urn(), "100001");
  EXPECT_EQ(registration_.assigned.ect_id(), kEct);
}

TEST_F(RegisterMentorRoutesTest, RegisterANewMentorStartsTheWizard) {
  const std::string token = absl::StrCat("authenticity_token=", CsrfToken(kSchoolToken));
  const HttpClientResponse response = Send(
      "POST", absl::StrCat("/school/ects/", kEct, "/mentorship/new"), Cookies(false),
      token + "&mentor=new");
  EXPECT_EQ(response.status, 303);
  EXPECT_EQ(response.Header("Location"), "/school/register-mentor/find-mentor");
  EXPECT_TRUE(absl::StrContains(response.Header("Set-Cookie"), "Path=/school/register-mentor"));
}

TEST_F(RegisterMentorRoutesTest, WizardStepsShowErrorsWithoutEchoingTheDateOfBirth) {
  const HttpClientResponse page = Send("GET", "/school/register-mentor/find-mentor", Cookies());
  EXPECT_EQ(page.status, 200);
  EXPECT_TRUE(absl::StrContains(page.body, "Find a mentor"));
  const HttpClientResponse ahead = Send("GET", "/school/register-mentor/check-answers", Cookies());
  EXPECT_EQ(ahead.status, 303);
  EXPECT_EQ(ahead.Header("Location"), "/school/register-mentor/find-mentor");
  EXPECT_EQ(Send("GET", "/school/register-mentor/find-mentor", Cookies(false)).Header("Location"),
            "/school/ects");
  const std::string token = absl::StrCat("authenticity_token=", CsrfToken(kSchoolToken));
  EXPECT_EQ(Send("POST", "/school/register-mentor/find-mentor", Cookies(), "trn=1").status, 403);
  const HttpClientResponse bad =
      Send("POST", "/school/register-mentor/find-mentor", Cookies(),
           token + "&trn=12&date_of_birth_day=19&date_of_birth_month=7&date_of_birth_year=1983");
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(absl::StrContains(bad.body, "<a href=\"#trn\">Enter a TRN that is 7 digits long</a>"));
  EXPECT_TRUE(absl::StrContains(bad.body, "value=\"12\""));
  EXPECT_FALSE(absl::StrContains(bad.body, "1983"));
  const HttpClientResponse good =
      Send("POST", "/school/register-mentor/find-mentor", Cookies(),
           token + "&trn=1234567&date_of_birth_day=19&date_of_birth_month=7&date_of_birth_year=1983");
  EXPECT_EQ(good.status, 303);
  EXPECT_EQ(good.Header("Location"), "/school/register-mentor/review-mentor-details");
  std::lock_guard<std::mutex> lock(registration_.mu);
  EXPECT_EQ(registration_.submitted.user().school_urn(), "100001");
  EXPECT_EQ(registration_.submitted.fields().count("authenticity_token"), 0u);
}

}  // namespace
}  // namespace rect::gateway
