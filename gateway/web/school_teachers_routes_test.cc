// The school's teacher pages over real HTTP, against fake identity and school-teachers services
// over real gRPC: the school and author taken from the session only (another school's teacher is
// 404), the search and page passed on, CSRF on every change form, errors shown on the form and a
// saved change redirecting to the teacher's page.
#include "gateway/web/school_teachers_routes.h"

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
#include "gateway/web/csrf.h"
#include "gateway/web/page_guard.h"
#include "gateway/web/pages.h"
#include "gateway/web/school_identity_fake.h"
#include "protos/registration/v1/school_teachers.grpc.pb.h"
#include "services/common/http_client.h"
#include "services/common/metrics.h"

namespace rect::gateway {
namespace {

namespace rv1 = registration::v1;

constexpr const char* kSchoolToken = testing::kSchoolSessionToken;
constexpr char kEct[] = "11111111-2222-4333-8444-555555555555";

using FakeIdentity = testing::FakeSchoolIdentity;

class FakeSchoolTeachers final : public rv1::SchoolTeachersService::Service {
 public:
  grpc::Status ListEcts(grpc::ServerContext*, const rv1::ListSchoolTeachersRequest* request,
                        rv1::ListEctsResponse* response) override {
    std::lock_guard<std::mutex> lock(mu);
    listed = *request;
    *response->add_ects() = Jamal();
    response->mutable_page()->set_page(2);
    response->mutable_page()->set_pages(3);
    response->mutable_page()->set_total_at_school(45);
    response->mutable_page()->set_matching(45);
    return grpc::Status::OK;
  }
  grpc::Status GetEct(grpc::ServerContext*, const rv1::GetSchoolTeacherRequest* request,
                      rv1::EctAtSchool* ect) override {
    if (request->school_urn() != "100001" || request->id() != kEct) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such ECT at this school");
    }
    *ect = Jamal();
    if (request->include_choices()) {
      rv1::Choice* body = ect->add_appropriate_bodies();
      body->set_value("ab-2");
      body->set_label("Severn Teaching School Hub");
    }
    return grpc::Status::OK;
  }
  grpc::Status ChangeEct(grpc::ServerContext*, const rv1::ChangeTeacherRequest* request,
                         rv1::ChangeTeacherResponse* response) override {
    std::lock_guard<std::mutex> lock(mu);
    changed = *request;
    if (request->user().school_urn() != "100001" || request->id() != kEct) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such ECT at this school");
    }
    auto email = request->fields().find("email");
    if (email != request->fields().end() && email->second.empty()) {
      rv1::FieldError* error = response->add_errors();
      error->set_field("email");
      error->set_message("Enter the email address");
    }
    return grpc::Status::OK;
  }
  static rv1::EctAtSchool Jamal() {
    rv1::EctAtSchool ect;
    ect.set_id(kEct);
    ect.set_name("Jamal Price");
    ect.set_trn("7000013");
    ect.set_email("jamal@example.org");
    ect.set_status("mentor_required");
    ect.set_status_tag("Action required");
    ect.set_status_text("A mentor needs to be assigned to Jamal Price");
    ect.set_training_programme("school_led");
    return ect;
  }
  std::mutex mu;
  rv1::ListSchoolTeachersRequest listed;
  rv1::ChangeTeacherRequest changed;
};

class SchoolTeachersRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &grpc_port_);
    builder.RegisterService(&identity_);
    builder.RegisterService(&teachers_);
    grpc_server_ = builder.BuildAndStart();
    BackendOptions options;
    for (std::string& address : options.addresses) address = absl::StrCat("127.0.0.1:", grpc_port_);
    backends_ = std::make_unique<Backends>(options);
    guard_ = std::make_unique<PageGuard>(*backends_, pages_, random_, WebOptions());
    ASSERT_TRUE(AddSchoolTeachersRoutes(router_, *backends_, pages_, *guard_).ok());
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
                          const std::string& body = "") {
    HttpClientRequest request;
    request.method = method;
    request.url = absl::StrCat("http://127.0.0.1:", server_->port(), path);
    request.headers.emplace_back("Cookie", absl::StrCat("rect_session=", kSchoolToken));
    if (!body.empty()) {
      request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    }
    request.body = body;
    absl::StatusOr<HttpClientResponse> response = HttpClient().Send(request);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : HttpClientResponse{};
  }
  HttpClientResponse Get(const std::string& path) { return Send("GET", path); }

  FakeIdentity identity_;
  FakeSchoolTeachers teachers_;
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

TEST_F(SchoolTeachersRoutesTest, AnEctOfAnotherSchoolIsNotFound) {
  const HttpClientResponse mine = Get(absl::StrCat("/school/ects/", kEct));
  EXPECT_EQ(mine.status, 200);
  EXPECT_TRUE(absl::StrContains(mine.body, "A mentor needs to be assigned to Jamal Price"));
  EXPECT_EQ(Get("/school/ects/66666666-2222-4333-8444-555555555555").status, 404);
}

TEST_F(SchoolTeachersRoutesTest, TheListPassesTheSearchAndPageForTheSessionsSchool) {
  const HttpClientResponse page = Get("/school/ects?q=jamal+price&page=2");
  EXPECT_EQ(page.status, 200);
  EXPECT_TRUE(absl::StrContains(page.body, "Jamal Price"));
  EXPECT_TRUE(absl::StrContains(page.body, "value=\"jamal price\""));
  EXPECT_TRUE(absl::StrContains(page.body, "/school/ects?q=jamal%20price&amp;page=3")) << page.body;
  std::lock_guard<std::mutex> lock(teachers_.mu);
  EXPECT_EQ(teachers_.listed.school_urn(), "100001");
  EXPECT_EQ(teachers_.listed.query(), "jamal price");
  EXPECT_EQ(teachers_.listed.page(), 2);
}

TEST_F(SchoolTeachersRoutesTest, ChangeFormsNeedCsrfShowErrorsAndRedirectWhenSaved) {
  const std::string path = absl::StrCat("/school/ects/", kEct, "/change/email");
  const HttpClientResponse form = Get(path);
  EXPECT_EQ(form.status, 200);
  EXPECT_TRUE(absl::StrContains(form.body, "Change email address for Jamal Price"));
  EXPECT_TRUE(absl::StrContains(form.body, "value=\"jamal@example.org\""));
  EXPECT_EQ(Send("POST", path, "email=new%40example.org").status, 403);
  const std::string token = absl::StrCat("authenticity_token=", CsrfToken(kSchoolToken));
  const HttpClientResponse blank = Send("POST", path, token + "&email=");
  EXPECT_EQ(blank.status, 422);
  EXPECT_TRUE(absl::StrContains(blank.body, "<a href=\"#email\">Enter the email address</a>"));
  const HttpClientResponse saved = Send("POST", path, token + "&email=new%40example.org");
  EXPECT_EQ(saved.status, 303);
  EXPECT_EQ(saved.Header("Location"), absl::StrCat("/school/ects/", kEct, "?changed=email"));
  {
    std::lock_guard<std::mutex> lock(teachers_.mu);
    EXPECT_EQ(teachers_.changed.user().school_urn(), "100001");
    EXPECT_EQ(teachers_.changed.user().user_name(), "Sam Tutor");
    EXPECT_EQ(teachers_.changed.change(), "email");
    EXPECT_EQ(teachers_.changed.fields().at("email"), "new@example.org");
    EXPECT_EQ(teachers_.changed.fields().count("authenticity_token"), 0u);
  }
  const HttpClientResponse shown = Get(saved.Header("Location"));
  EXPECT_TRUE(absl::StrContains(shown.body,
                                "You’ve changed Jamal Price’s email address to "
                                "jamal@example.org"));
  EXPECT_EQ(Get(absl::StrCat("/school/ects/", kEct, "/change/start-date")).status, 404);
  EXPECT_EQ(Send("POST", "/school/ects/66666666-2222-4333-8444-555555555555/change/email",
                 token + "&email=new%40example.org")
                .status,
            404);
}

TEST_F(SchoolTeachersRoutesTest, TheAppropriateBodyFormOffersTheServicesChoices) {
  const HttpClientResponse form =
      Get(absl::StrCat("/school/ects/", kEct, "/change/appropriate-body"));
  EXPECT_EQ(form.status, 200);
  EXPECT_TRUE(absl::StrContains(form.body, "Severn Teaching School Hub"));
}

}  // namespace
}  // namespace rect::gateway
