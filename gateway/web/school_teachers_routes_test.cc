// The school's teacher pages over real HTTP, against fake identity and registration services over
// real gRPC: the school taken from the session only, so another school's teacher is 404.
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gateway/backends.h"
#include "gateway/http/request_recorder.h"
#include "gateway/http/router.h"
#include "gateway/http/server.h"
#include "gateway/web/page_guard.h"
#include "gateway/web/pages.h"
#include "gateway/web/school_teachers_routes.h"
#include "services/common/http_client.h"
#include "services/common/metrics.h"

namespace rect::gateway {
namespace {

namespace iv1 = identity::v1;
namespace rv1 = registration::v1;

constexpr char kSchoolToken[] = "school-session";
constexpr char kEct[] = "11111111-2222-4333-8444-555555555555";

class FakeIdentity final : public iv1::IdentityService::Service {
 public:
  grpc::Status ValidateSession(grpc::ServerContext*, const iv1::ValidateSessionRequest* request,
                               iv1::Session* session) override {
    if (request->session_token() != kSchoolToken) {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "no");
    }
    session->set_kind(iv1::Session::SCHOOL_USER);
    session->set_user_id("user-1");
    session->set_full_name("Sam Tutor");
    session->set_school_urn("100001");
    session->set_school_name("Oakfield Primary School");
    session->set_school_access(iv1::Session::FULL);
    return grpc::Status::OK;
  }
};

class FakeRegistration final : public rv1::RegistrationService::Service {
 public:
  grpc::Status GetSchoolEct(grpc::ServerContext*, const rv1::GetSchoolEctRequest* request,
                            rv1::SchoolEct* ect) override {
    if (request->school_urn() != "100001" || request->id() != kEct) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such ECT at this school");
    }
    ect->set_id(kEct);
    ect->set_name("Jamal Price");
    ect->set_status_tag("Action required");
    ect->set_status_text("A mentor needs to be assigned to Jamal Price");
    return grpc::Status::OK;
  }
};

class SchoolTeachersRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &grpc_port_);
    builder.RegisterService(&identity_);
    builder.RegisterService(&registration_);
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
  HttpClientResponse Get(const std::string& path) {
    HttpClientRequest request;
    request.method = "GET";
    request.url = absl::StrCat("http://127.0.0.1:", server_->port(), path);
    request.headers.emplace_back("Cookie", absl::StrCat("rect_session=", kSchoolToken));
    absl::StatusOr<HttpClientResponse> response = HttpClient().Send(request);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : HttpClientResponse{};
  }

  FakeIdentity identity_;
  FakeRegistration registration_;
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

}  // namespace
}  // namespace rect::gateway
