// The lead provider's confirm-your-schools pages and the challenge pages over real HTTP,
// against fake identity and partnerships services over real gRPC: who may see them, the
// multipart upload with its CSRF token and file checks, the errors and check pages, and the
// challenge form's checks.
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
#include "gateway/web/challenge_routes.h"
#include "gateway/web/check_schools_routes.h"
#include "gateway/web/confirm_schools_routes.h"
#include "gateway/web/cookies.h"
#include "gateway/web/csrf.h"
#include "gateway/web/page_guard.h"
#include "gateway/web/pages.h"
#include "services/common/http_client.h"
#include "services/common/metrics.h"
#include "protos/registration/v1/school_counts.grpc.pb.h"

namespace rect::gateway {
namespace {

namespace http = boost::beast::http;
namespace iv1 = identity::v1;
namespace pv1 = partnerships::v1;
namespace rv1 = registration::v1;

constexpr char kLeadProviderToken[] = "lead-provider-session";
constexpr char kSchoolToken[] = "school-session";
constexpr char kLp[] = "11111111-1111-4111-8111-000000000001";
constexpr char kDp[] = "22222222-2222-4222-8222-000000000001";
constexpr char kUpload[] = "33333333-3333-4333-8333-000000000001";
constexpr char kToken[] = "0123456789abcdef0123456789abcdef";

class FakeIdentity final : public iv1::IdentityService::Service {
 public:
  grpc::Status ValidateSession(grpc::ServerContext*, const iv1::ValidateSessionRequest* request,
                               iv1::Session* session) override {
    if (request->session_token() == kLeadProviderToken) {
      session->set_kind(iv1::Session::LEAD_PROVIDER_USER);
      session->set_full_name("Alice Northern");
      session->set_lead_provider_id(kLp);
    } else if (request->session_token() == kSchoolToken) {
      session->set_kind(iv1::Session::SCHOOL_USER);
      session->set_school_urn("100001");
      session->set_school_access(iv1::Session::FULL);
    } else {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "no");
    }
    return grpc::Status::OK;
  }
};

class FakePartnerships final : public pv1::PartnershipsService::Service {
 public:
  grpc::Status GetLeadProvider(grpc::ServerContext*, const pv1::GetLeadProviderRequest*,
                               pv1::LeadProvider* lp) override {
    lp->set_id(kLp);
    lp->set_name("Northern Teaching Trust");
    lp->add_cohorts(2021);
    lp->add_cohorts(2022);
    return grpc::Status::OK;
  }
  grpc::Status GetDeliveryPartner(grpc::ServerContext*, const pv1::GetDeliveryPartnerRequest* r,
                                  pv1::DeliveryPartner* dp) override {
    if (r->id() != kDp) return grpc::Status(grpc::StatusCode::NOT_FOUND, "no");
    dp->set_id(kDp);
    dp->set_name("Pennine Schools Alliance");
    dp->add_cohorts(2021);
    return grpc::Status::OK;
  }
  grpc::Status CheckUpload(grpc::ServerContext*, const pv1::CheckUploadRequest* request,
                           pv1::CsvUpload* upload) override {
    std::lock_guard<std::mutex> lock(mu);
    checked = *request;
    upload->set_id(kUpload);
    upload->set_rows_with_errors(1);
    return grpc::Status::OK;
  }
  grpc::Status GetUpload(grpc::ServerContext*, const pv1::GetUploadRequest* request,
                         pv1::CsvUpload* upload) override {
    if (request->id() != kUpload || request->lead_provider_id() != kLp) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such upload");
    }
    upload->set_id(kUpload);
    upload->set_cohort(2021);
    upload->set_delivery_partner_id(kDp);
    upload->set_delivery_partner_name("Pennine Schools Alliance");
    pv1::UploadRow* bad = upload->add_rows();
    bad->set_row(1);
    bad->set_error("URN is not valid");
    pv1::UploadRow* good = upload->add_rows();
    good->set_row(2);
    good->set_your_data("100001");
    upload->set_rows_with_errors(1);
    pv1::UploadSchool* school = upload->add_valid_schools();
    school->set_school_id("44444444-4444-4444-8444-000000000001");
    school->set_urn("100001");
    school->set_name("Oakfield Primary School");
    return grpc::Status::OK;
  }
  grpc::Status ConfirmUpload(grpc::ServerContext*, const pv1::ConfirmUploadRequest* request,
                             pv1::ConfirmUploadResponse* response) override {
    std::lock_guard<std::mutex> lock(mu);
    confirmed = *request;
    response->set_schools_confirmed(request->school_ids_size());
    response->set_delivery_partner_name("Pennine Schools Alliance");
    return grpc::Status::OK;
  }
  grpc::Status GetChallenge(grpc::ServerContext*, const pv1::GetChallengeRequest* request,
                            pv1::Challenge* challenge) override {
    if (request->token() != kToken) return grpc::Status(grpc::StatusCode::NOT_FOUND, "no");
    std::lock_guard<std::mutex> lock(mu);
    challenge->set_state(challenged.reason().empty() ? pv1::Challenge::OPEN
                                                     : pv1::Challenge::ALREADY_CHALLENGED);
    challenge->set_school_name("Riverside Academy");
    challenge->set_delivery_partner_name("Pennine Schools Alliance");
    challenge->set_lead_provider_name("Northern Teaching Trust");
    return grpc::Status::OK;
  }
  grpc::Status ChallengePartnership(grpc::ServerContext*,
                                    const pv1::ChallengePartnershipRequest* request,
                                    pv1::Challenge* challenge) override {
    std::lock_guard<std::mutex> lock(mu);
    challenged = *request;
    challenge->set_school_name("Riverside Academy");
    return grpc::Status::OK;
  }

  grpc::Status ListLeadProviderSchools(grpc::ServerContext*,
                                       const pv1::ListLeadProviderSchoolsRequest* request,
                                       pv1::ListLeadProviderSchoolsResponse* response) override {
    std::lock_guard<std::mutex> lock(mu);
    listed = *request;
    if (!request->partnership_id().empty() && request->partnership_id() != "p-1") {
      return grpc::Status::OK;
    }
    pv1::LeadProviderSchool* school = response->add_schools();
    school->set_partnership_id("p-1");
    school->set_urn("100002");
    school->set_school_name("Riverside Academy");
    school->set_delivery_partner_name("Pennine Schools Alliance");
    school->set_challenged(true);
    school->set_challenge_reason("mistake");
    school->set_cohort(2021);
    response->set_total(23);
    response->set_total_matching(23);
    return grpc::Status::OK;
  }

  std::mutex mu;
  pv1::ListLeadProviderSchoolsRequest listed;
  pv1::CheckUploadRequest checked;
  pv1::ConfirmUploadRequest confirmed;
  pv1::ChallengePartnershipRequest challenged;
};

class FakeSchoolCounts final : public rv1::SchoolCountsService::Service {
 public:
  grpc::Status CountParticipants(grpc::ServerContext*, const rv1::CountParticipantsRequest* request,
                                 rv1::CountParticipantsResponse* response) override {
    for (const std::string& urn : request->school_urns()) {
      rv1::SchoolParticipantCounts* counts = response->add_counts();
      counts->set_school_urn(urn);
      counts->set_ects(2);
      counts->set_mentors(1);
    }
    return grpc::Status::OK;
  }
  grpc::Status GetInductionTutors(grpc::ServerContext*, const rv1::GetInductionTutorsRequest*,
                                  rv1::GetInductionTutorsResponse* response) override {
    rv1::InductionTutor* tutor = response->add_induction_tutors();
    tutor->set_school_urn("100002");
    tutor->set_email("tutor@riverside.example");
    return grpc::Status::OK;
  }
};

class ConfirmSchoolsRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &grpc_port_);
    builder.RegisterService(&identity_);
    builder.RegisterService(&partnerships_);
    builder.RegisterService(&counts_);
    grpc_server_ = builder.BuildAndStart();
    BackendOptions options;
    for (std::string& address : options.addresses) address = absl::StrCat("127.0.0.1:", grpc_port_);
    backends_ = std::make_unique<Backends>(options);
    guard_ = std::make_unique<PageGuard>(*backends_, pages_, random_, WebOptions());
    ASSERT_TRUE(AddConfirmSchoolsRoutes(router_, *backends_, pages_, *guard_).ok());
    ASSERT_TRUE(AddChallengeRoutes(router_, *backends_, pages_, *guard_).ok());
    ASSERT_TRUE(AddCheckSchoolsRoutes(router_, *backends_, pages_, *guard_).ok());
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
                          const std::string& cookie, const std::string& content_type = "",
                          const std::string& body = "") {
    HttpClientRequest request;
    request.method = method;
    request.url = absl::StrCat("http://127.0.0.1:", server_->port(), path);
    if (!cookie.empty()) request.headers.emplace_back("Cookie", cookie);
    if (!content_type.empty()) request.headers.emplace_back("Content-Type", content_type);
    request.body = body;
    absl::StatusOr<HttpClientResponse> response = HttpClient().Send(request);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : HttpClientResponse();
  }

  static std::string Session(const char* token) { return absl::StrCat(kSessionCookie, "=", token); }

  // The upload form as a browser sends it.
  static std::string UploadBody(const std::string& csrf, const std::string& file_name,
                                const std::string& contents) {
    std::string body;
    const auto field = [&](const std::string& name, const std::string& value) {
      absl::StrAppend(&body, "--XyZ\r\nContent-Disposition: form-data; name=\"", name,
                      "\"\r\n\r\n", value, "\r\n");
    };
    field("authenticity_token", csrf);
    field("cohort", "2021");
    field("delivery_partner_id", kDp);
    absl::StrAppend(&body, "--XyZ\r\nContent-Disposition: form-data; name=\"csv_file\"; filename=\"",
                    file_name, "\"\r\nContent-Type: text/csv\r\n\r\n", contents, "\r\n--XyZ--\r\n");
    return body;
  }

  HttpClientResponse Upload(const std::string& csrf, const std::string& file_name,
                            const std::string& contents) {
    return Send("POST", "/lead-providers/report-schools/csv", Session(kLeadProviderToken),
                "multipart/form-data; boundary=XyZ", UploadBody(csrf, file_name, contents));
  }

  FakeIdentity identity_;
  FakePartnerships partnerships_;
  FakeSchoolCounts counts_;
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

TEST_F(ConfirmSchoolsRoutesTest, TheWizardIsForLeadProviderUsersOnly) {
  const HttpClientResponse anonymous = Send("GET", "/lead-providers/report-schools/start", "");
  EXPECT_EQ(anonymous.status, 303);
  EXPECT_EQ(anonymous.Header("Location"), "/users/sign_in");
  EXPECT_EQ(Send("GET", "/lead-providers/report-schools/start", Session(kSchoolToken)).status,
            403);
  const HttpClientResponse start = Send("GET", "/lead-providers/report-schools/start?cohort=2021",
                                        Session(kLeadProviderToken));
  EXPECT_EQ(start.status, 200);
  EXPECT_TRUE(absl::StrContains(start.body, "2021 to 2022 academic year")) << start.body;
}

TEST_F(ConfirmSchoolsRoutesTest, AnUploadCarriesItsCsrfTokenAndFileToTheCheck) {
  const std::string csrf = CsrfToken(kLeadProviderToken);
  const HttpClientResponse uploaded = Upload(csrf, "schools.csv", "URN\n100001\n");
  EXPECT_EQ(uploaded.status, 303) << uploaded.body;
  EXPECT_EQ(uploaded.Header("Location"),
            absl::StrCat("/lead-providers/report-schools/uploads/", kUpload, "/errors"));
  std::lock_guard<std::mutex> lock(partnerships_.mu);
  EXPECT_EQ(partnerships_.checked.lead_provider_id(), kLp);
  EXPECT_EQ(partnerships_.checked.delivery_partner_id(), kDp);
  EXPECT_EQ(partnerships_.checked.cohort(), 2021);
  EXPECT_EQ(partnerships_.checked.file_name(), "schools.csv");
  EXPECT_EQ(partnerships_.checked.contents(), "URN\n100001\n");
}

TEST_F(ConfirmSchoolsRoutesTest, UploadsWithoutTheTokenOrWithTheWrongFileAreRefused) {
  EXPECT_EQ(Upload("forged", "schools.csv", "100001").status, 403);
  const HttpClientResponse xlsx = Upload(CsrfToken(kLeadProviderToken), "schools.xlsx", "x");
  EXPECT_EQ(xlsx.status, 422);
  EXPECT_TRUE(absl::StrContains(xlsx.body, "File must be a CSV"));
  const HttpClientResponse none = Upload(CsrfToken(kLeadProviderToken), "", "");
  EXPECT_EQ(none.status, 422);
  EXPECT_TRUE(absl::StrContains(none.body, "Select a CSV file to upload."));
  const HttpClientResponse garbled =
      Send("POST", "/lead-providers/report-schools/csv", Session(kLeadProviderToken),
           "multipart/form-data; boundary=XyZ", "not multipart at all");
  EXPECT_EQ(garbled.status, 403) << "no readable token";
}

TEST_F(ConfirmSchoolsRoutesTest, TheErrorsAndCheckPagesShowTheUploadAndConfirmSendsTheSchools) {
  const std::string base = absl::StrCat("/lead-providers/report-schools/uploads/", kUpload);
  const HttpClientResponse errors = Send("GET", base + "/errors", Session(kLeadProviderToken));
  EXPECT_EQ(errors.status, 200);
  EXPECT_TRUE(absl::StrContains(errors.body, "We have found 2 rows in your CSV:"));
  EXPECT_TRUE(absl::StrContains(errors.body, "1 row has errors"));
  EXPECT_TRUE(absl::StrContains(errors.body, "1 row matches available schools"));
  EXPECT_TRUE(absl::StrContains(errors.body, "URN is not valid"));
  EXPECT_TRUE(absl::StrContains(errors.body, "Continue with 1 school"));
  EXPECT_EQ(Send("GET", "/lead-providers/report-schools/uploads/other/errors",
                 Session(kLeadProviderToken))
                .status,
            404);

  const HttpClientResponse check = Send("GET", base + "/confirm", Session(kLeadProviderToken));
  EXPECT_TRUE(absl::StrContains(check.body, "Confirm that you have an agreement with 1 school"));
  EXPECT_TRUE(absl::StrContains(check.body, "Oakfield Primary School"));

  const HttpClientResponse confirmed =
      Send("POST", base + "/confirm", Session(kLeadProviderToken),
           "application/x-www-form-urlencoded",
           absl::StrCat("authenticity_token=", CsrfToken(kLeadProviderToken), "&removed="));
  EXPECT_EQ(confirmed.status, 200);
  EXPECT_TRUE(absl::StrContains(confirmed.body, "1 school confirmed for Pennine Schools Alliance"));
  std::lock_guard<std::mutex> lock(partnerships_.mu);
  EXPECT_EQ(partnerships_.confirmed.school_ids_size(), 1);
  EXPECT_EQ(partnerships_.confirmed.service_url(), "http://127.0.0.1:8080");
}

TEST_F(ConfirmSchoolsRoutesTest, TheChallengeFormChecksTheLinkAndTheReason) {
  EXPECT_EQ(Send("GET", "/report-incorrect-partnership?token=unknown", "").status, 404);
  const HttpClientResponse form =
      Send("GET", absl::StrCat("/report-incorrect-partnership?token=", kToken), "");
  EXPECT_EQ(form.status, 200);
  EXPECT_TRUE(absl::StrContains(form.body, "Report that your school has been signed up incorrectly"));
  EXPECT_EQ(form.Header("Referrer-Policy"), "no-referrer");
  std::string csrf_cookie;
  for (const auto& [name, value] : form.headers) {
    if (absl::EqualsIgnoreCase(name, "Set-Cookie") && absl::StartsWith(value, kCsrfCookie)) {
      csrf_cookie = value.substr(0, value.find(';'));
    }
  }
  ASSERT_FALSE(csrf_cookie.empty());
  const std::string secret = csrf_cookie.substr(csrf_cookie.find('=') + 1);
  const std::string fields =
      absl::StrCat("authenticity_token=", CsrfToken(secret), "&token=", kToken);
  const HttpClientResponse missing = Send("POST", "/report-incorrect-partnership", csrf_cookie,
                                          "application/x-www-form-urlencoded", fields);
  EXPECT_EQ(missing.status, 422);
  EXPECT_TRUE(absl::StrContains(missing.body,
                                "Select a reason why you think this confirmation is incorrect"));
  const HttpClientResponse done = Send("POST", "/report-incorrect-partnership", csrf_cookie,
                                       "application/x-www-form-urlencoded",
                                       fields + "&reason=mistake");
  EXPECT_EQ(done.status, 200);
  EXPECT_TRUE(absl::StrContains(done.body, "Your report has been submitted"));
  {
    std::lock_guard<std::mutex> lock(partnerships_.mu);
    EXPECT_EQ(partnerships_.challenged.token(), kToken);
    EXPECT_EQ(partnerships_.challenged.reason(), "mistake");
  }
  const HttpClientResponse again =
      Send("GET", absl::StrCat("/report-incorrect-partnership?token=", kToken), "");
  EXPECT_TRUE(absl::StrContains(again.body,
                                "Someone at Riverside Academy has already reported this issue"));
}

TEST_F(ConfirmSchoolsRoutesTest, CheckYourSchoolsListsCountsReportedErrorsAndPages) {
  const HttpClientResponse list = Send("GET", "/lead-providers/your-schools?cohort=2021&q=river&page=2",
                                       Session(kLeadProviderToken));
  EXPECT_EQ(list.status, 200);
  EXPECT_TRUE(absl::StrContains(list.body, "23</span> Schools recruited")) << list.body;
  EXPECT_TRUE(absl::StrContains(list.body, "Reported error"));
  EXPECT_TRUE(absl::StrContains(list.body, "Search schools in the 2021 cohort"));
  EXPECT_TRUE(absl::StrContains(list.body, "2022 cohort"));
  EXPECT_TRUE(absl::StrContains(list.body, "aria-label=\"Page 3\""));
  EXPECT_TRUE(absl::StrContains(list.body, ">2</td>"));
  {
    std::lock_guard<std::mutex> lock(partnerships_.mu);
    EXPECT_EQ(partnerships_.listed.lead_provider_id(), kLp);
    EXPECT_EQ(partnerships_.listed.search(), "river");
    EXPECT_EQ(partnerships_.listed.page().page(), 2);
    EXPECT_EQ(partnerships_.listed.page().per_page(), 10);
  }
  EXPECT_EQ(Send("GET", "/lead-providers/your-schools", Session(kSchoolToken)).status, 403);

  const HttpClientResponse detail =
      Send("GET", "/lead-providers/partnerships/p-1", Session(kLeadProviderToken));
  EXPECT_EQ(detail.status, 200);
  EXPECT_TRUE(absl::StrContains(detail.body,
                                "This school reported they did not confirm an agreement with you"));
  EXPECT_TRUE(absl::StrContains(detail.body, "This looks like a mistake"));
  EXPECT_TRUE(absl::StrContains(detail.body, "mailto:tutor@riverside.example"));
  EXPECT_TRUE(absl::StrContains(detail.body, "No local authority assigned"));
  EXPECT_EQ(Send("GET", "/lead-providers/partnerships/p-2", Session(kLeadProviderToken)).status,
            404);
}

}  // namespace
}  // namespace rect::gateway
