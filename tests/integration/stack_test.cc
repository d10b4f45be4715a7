// The real binaries together: readiness, a backend going away and coming back, a PostgreSQL
// restart, persistence across restarts, metrics, and clean shutdown.
#include "tests/integration/stack.h"

#include <grpcpp/client_context.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <map>
#include <pqxx/pqxx>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "protos/identity/v1/identity.grpc.pb.h"
#include "protos/notifications/v1/notifications.grpc.pb.h"
#include "protos/partnerships/v1/partnerships.grpc.pb.h"
#include "protos/registration/v1/registration.grpc.pb.h"
#include "protos/teachers/v1/teachers.grpc.pb.h"

namespace rect::integration {
namespace {

constexpr char kProvider[] = "0b3c5d7e-1f2a-4b6c-8d9e-abcdefabcdef";

class StackTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { stack_ = new Stack(); }
  static void TearDownTestSuite() {
    delete stack_;
    stack_ = nullptr;
  }
  void SetUp() override {
    ASSERT_TRUE(stack_->WaitForReadyz(200, absl::Seconds(60)))
        << "stack not ready: " << stack_->Get("/readyz").body;
  }

  static void ExpectAllRunning() {
    for (const char* name :
         {"identity", "teachers", "registration", "partnerships", "notifications", "gateway"}) {
      EXPECT_TRUE(stack_->process(name).Running()) << name << " exited";
    }
  }

  static Stack* stack_;
};

Stack* StackTest::stack_ = nullptr;

grpc::Status CreateToken(const Stack& stack, identity::v1::CreateApiTokenResponse* response) {
  auto stub = identity::v1::IdentityService::NewStub(stack.Channel("identity"));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  identity::v1::CreateApiTokenRequest request;
  request.set_lead_provider_id(kProvider);
  return stub->CreateApiToken(&context, request, response);
}

grpc::Status Authenticate(const Stack& stack, const std::string& token) {
  auto stub = identity::v1::IdentityService::NewStub(stack.Channel("identity"));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  identity::v1::AuthenticateApiTokenRequest request;
  identity::v1::AuthenticateApiTokenResponse response;
  request.set_token(token);
  return stub->AuthenticateApiToken(&context, request, &response);
}

TEST_F(StackTest, ReadyzNamesEveryServiceAsServing) {
  HttpResponse ready = stack_->Get("/readyz");
  EXPECT_EQ(ready.status, 200);
  for (const char* name : Stack::kServices) {
    EXPECT_NE(ready.body.find(name), std::string::npos) << ready.body;
  }
  EXPECT_EQ(stack_->Get("/healthz").status, 200);
}

TEST_F(StackTest, StoppedServiceMakesReadyzFailNamingItThenRecovers) {
  Process& teachers = stack_->process("teachers");
  EXPECT_EQ(teachers.Stop(SIGTERM, absl::Seconds(15)), 0) << "SIGTERM must exit cleanly";
  ASSERT_TRUE(stack_->WaitForReadyz(503, absl::Seconds(10)));
  HttpResponse down = stack_->Get("/readyz");
  EXPECT_NE(down.body.find("teachers"), std::string::npos) << down.body;

  teachers.Start();
  EXPECT_TRUE(stack_->WaitForReadyz(200, absl::Seconds(20)));
  ExpectAllRunning();
}

TEST_F(StackTest, PostgresRestartLeavesEveryProcessUpAndHealthRecovers) {
  identity::v1::CreateApiTokenResponse created;
  ASSERT_TRUE(CreateToken(*stack_, &created).ok());

  stack_->postgres().Stop();
  EXPECT_TRUE(stack_->WaitForReadyz(503, absl::Seconds(10)))
      << "readiness must follow the database";
  grpc::Status during = Authenticate(*stack_, created.token());
  EXPECT_EQ(during.error_code(), grpc::StatusCode::UNAVAILABLE) << during.error_message();
  ExpectAllRunning();

  stack_->postgres().Start();
  EXPECT_TRUE(stack_->WaitForReadyz(200, absl::Seconds(20)));
  ExpectAllRunning();
  EXPECT_TRUE(Authenticate(*stack_, created.token()).ok());
}

TEST_F(StackTest, DataSurvivesAServiceRestart) {
  identity::v1::CreateApiTokenResponse created;
  ASSERT_TRUE(CreateToken(*stack_, &created).ok());
  Process& identity = stack_->process("identity");
  EXPECT_EQ(identity.Stop(SIGTERM, absl::Seconds(15)), 0);
  identity.Start();
  ASSERT_TRUE(stack_->WaitForReadyz(200, absl::Seconds(20)));
  EXPECT_TRUE(Authenticate(*stack_, created.token()).ok());
}

std::chrono::system_clock::time_point Soon() {
  return std::chrono::system_clock::now() + std::chrono::seconds(5);
}

TEST_F(StackTest, TeachersServiceTracksATeacherInItsDatabase) {
  auto stub = teachers::v1::TeachersService::NewStub(stack_->Channel("teachers"));
  {
    grpc::ClientContext context;
    context.set_deadline(Soon());
    teachers::v1::TrackTeacherRequest request;
    teachers::v1::TrackTeacherResponse response;
    request.set_trn("1234567");
    request.set_first_name("Kirk");
    request.set_last_name("Van Houten");
    ASSERT_TRUE(stub->TrackTeacher(&context, request, &response).ok());
  }
  grpc::ClientContext context;
  context.set_deadline(Soon());
  teachers::v1::GetTeacherSnapshotRequest request;
  teachers::v1::TeacherSnapshot snapshot;
  request.set_trn("1234567");
  ASSERT_TRUE(stub->GetTeacherSnapshot(&context, request, &snapshot).ok());
  EXPECT_EQ(snapshot.last_name(), "Van Houten");
}

TEST_F(StackTest, TeachersServiceFindsATeacherInTheLocalTrs) {
  auto stub = teachers::v1::TeachersService::NewStub(stack_->Channel("teachers"));
  for (const auto& [day, outcome] :
       std::vector<std::pair<int, teachers::v1::FindTeacherResponse::Outcome>>{
           {15, teachers::v1::FindTeacherResponse::FOUND},
           {16, teachers::v1::FindTeacherResponse::DATE_OF_BIRTH_MISMATCH}}) {
    grpc::ClientContext context;
    context.set_deadline(Soon());
    teachers::v1::FindTeacherRequest request;
    teachers::v1::FindTeacherResponse response;
    request.set_trn("7000013");
    request.mutable_date_of_birth()->set_year(1990);
    request.mutable_date_of_birth()->set_month(4);
    request.mutable_date_of_birth()->set_day(day);
    grpc::Status status = stub->FindTeacher(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.outcome(), outcome) << day;
  }
}

TEST_F(StackTest, NotificationsServiceStoresOneEmailPerIdempotencyKey) {
  auto stub = notifications::v1::NotificationsService::NewStub(stack_->Channel("notifications"));
  notifications::v1::EnqueueEmailRequest request;
  request.set_template_("sign_in_link");
  request.set_recipient("provider.user@example.com");
  (*request.mutable_personalisation())["full_name"] = "Pat Provider";
  (*request.mutable_personalisation())["sign_in"] = "http://127.0.0.1/users/confirm_sign_in";
  (*request.mutable_personalisation())["token_expiry"] = "5 March 2026, 2:30 PM";
  request.set_idempotency_key("integration:sign-in:1");
  std::string first_id;
  for (bool expect_created : {true, false}) {
    grpc::ClientContext context;
    context.set_deadline(Soon());
    notifications::v1::EnqueueEmailResponse response;
    ASSERT_TRUE(stub->EnqueueEmail(&context, request, &response).ok());
    EXPECT_EQ(response.created(), expect_created);
    if (first_id.empty()) first_id = response.email().id();
    EXPECT_EQ(response.email().id(), first_id);
  }
  // The worker delivers it to the local Notify, once.
  const std::string emails_url = "/_fake/emails?email_address=provider.user%40example.com";
  HttpResponse sent;
  for (int i = 0; i < 100; ++i) {
    sent = Http(stack_->notify_port(), "GET", emails_url);
    if (sent.body.find("integration:sign-in:1") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_NE(sent.body.find("integration:sign-in:1"), std::string::npos) << sent.body;
  EXPECT_EQ(sent.body.find("integration:sign-in:1"), sent.body.rfind("integration:sign-in:1"))
      << "delivered more than once: " << sent.body;

  request.set_template_("no_such_template");
  request.set_idempotency_key("integration:sign-in:2");
  grpc::ClientContext context;
  notifications::v1::EnqueueEmailResponse response;
  EXPECT_EQ(stub->EnqueueEmail(&context, request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(StackTest, RegistrationServiceUpsertsATeacherByTrn) {
  auto stub = registration::v1::RegistrationService::NewStub(stack_->Channel("registration"));
  registration::v1::UpsertTeacherRequest request;
  request.set_trn("7654321");
  request.set_trs_first_name("Edna");
  request.set_trs_last_name("Krabappel");
  std::string id;
  for (bool expect_created : {true, false}) {
    grpc::ClientContext context;
    context.set_deadline(Soon());
    registration::v1::UpsertTeacherResponse response;
    ASSERT_TRUE(stub->UpsertTeacher(&context, request, &response).ok());
    EXPECT_EQ(response.created(), expect_created);
    if (id.empty()) id = response.teacher().id();
    EXPECT_EQ(response.teacher().id(), id);
    EXPECT_EQ(response.teacher().display_name(), "Edna Krabappel");
  }
  request.set_trn("12345");
  grpc::ClientContext context;
  registration::v1::UpsertTeacherResponse response;
  EXPECT_EQ(stub->UpsertTeacher(&context, request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(StackTest, PartnershipsServiceStoresAGiasSchoolWithItsEligibility) {
  auto stub = partnerships::v1::PartnershipsService::NewStub(stack_->Channel("partnerships"));
  {
    grpc::ClientContext context;
    context.set_deadline(Soon());
    partnerships::v1::UpsertGiasSchoolRequest request;
    partnerships::v1::School school;
    auto* establishment = request.mutable_establishment();
    establishment->set_urn("100001");
    establishment->set_name("Springfield Elementary");
    establishment->set_type_code(1);
    establishment->set_type_name("Community school");
    establishment->set_status_code(1);
    establishment->set_status_name("Open");
    establishment->set_administrative_district_code("E09000001");
    ASSERT_TRUE(stub->UpsertGiasSchool(&context, request, &school).ok());
  }
  grpc::ClientContext context;
  context.set_deadline(Soon());
  partnerships::v1::GetSchoolRequest request;
  partnerships::v1::School school;
  request.set_urn("100001");
  ASSERT_TRUE(stub->GetSchool(&context, request, &school).ok());
  EXPECT_TRUE(school.eligible());
  EXPECT_FALSE(school.cip_only());
}

// The lead provider API end to end: identity's token, the gateway, partnerships' database.
// The stack runs no seed, so the rows are written straight into partnerships' database.
TEST_F(StackTest, LeadProviderApiListsTheCallersDeliveryPartners) {
  constexpr char kPartner[] = "5d0f1c2e-3a4b-4c5d-8e6f-0a1b2c3d4e5f";
  {
    pqxx::connection c(stack_->postgres().Conninfo("rect_partnerships"));
    pqxx::work txn(c);
    txn.exec0(
        "INSERT INTO contract_periods (year, started_on, finished_on, academic_year_start_date) "
        "VALUES (2025, '2025-06-01', '2026-05-31', '2025-09-01') ON CONFLICT DO NOTHING");
    txn.exec_params0(
        "INSERT INTO lead_providers (id, name) VALUES ($1, 'Stack Provider') "
        "ON CONFLICT DO NOTHING",
        kProvider);
    txn.exec_params0(
        "INSERT INTO lead_provider_cohorts (lead_provider_id, contract_period_year) "
        "VALUES ($1, 2025) ON CONFLICT DO NOTHING",
        kProvider);
    txn.exec_params0(
        "INSERT INTO delivery_partners (id, name, created_at, updated_at) "
        "VALUES ($1, 'Stack Partner', '2025-07-01T09:30:00.25Z', '2025-07-02T10:00:00Z') "
        "ON CONFLICT DO NOTHING",
        kPartner);
    txn.exec_params0(
        "INSERT INTO provider_relationships (lead_provider_id, delivery_partner_id, "
        "contract_period_year) VALUES ($1, $2, 2025) ON CONFLICT DO NOTHING",
        kProvider, kPartner);
    txn.commit();
  }
  identity::v1::CreateApiTokenResponse created;
  ASSERT_TRUE(CreateToken(*stack_, &created).ok());
  const std::map<std::string, std::string> auth = {{"Authorization", "Bearer " + created.token()}};

  EXPECT_EQ(stack_->Get("/api/v3/delivery-partners").status, 401);
  const std::string resource = absl::StrCat(
      R"({"id":")", kPartner,
      R"(","type":"delivery-partner","attributes":{"name":"Stack Partner","cohort":["2025"],)",
      R"("created_at":"2025-07-01T09:30:00Z","updated_at":"2025-07-02T10:00:00Z"}})");
  HttpResponse list = Http(stack_->gateway_port(), "GET", "/api/v3/delivery-partners", "", auth);
  EXPECT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.body, absl::StrCat(R"({"data":[)", resource, "]}"));
  HttpResponse show = Http(stack_->gateway_port(), "GET",
                           absl::StrCat("/api/v3/delivery-partners/", kPartner), "", auth);
  EXPECT_EQ(show.status, 200) << show.body;
  EXPECT_EQ(show.body, absl::StrCat(R"({"data":)", resource, "}"));
  EXPECT_EQ(Http(stack_->gateway_port(), "GET", "/api/v3/delivery-partners?filter%5Bcohort%5D=2024",
                 "", auth)
                .body,
            R"({"data":[]})");

  HttpResponse docs = stack_->Get("/api/docs/v3/swagger.yaml");
  EXPECT_EQ(docs.status, 200);
  EXPECT_EQ(docs.headers["content-type"], "application/yaml");
}

TEST_F(StackTest, EveryProcessExposesMetrics) {
  stack_->Get("/healthz");
  HttpResponse gateway = stack_->Get("/metrics");
  EXPECT_EQ(gateway.status, 200);
  EXPECT_NE(gateway.body.find("rect_http_requests_total"), std::string::npos);
  EXPECT_NE(gateway.body.find("route=\"/healthz\""), std::string::npos);
  for (const char* name : Stack::kServices) {
    HttpResponse metrics = Http(stack_->metrics_port(name), "GET", "/metrics");
    EXPECT_EQ(metrics.status, 200) << name;
    EXPECT_NE(metrics.body.find("rect_grpc_server_requests_total"), std::string::npos) << name;
    EXPECT_NE(metrics.body.find("rect_db_pool_size"), std::string::npos) << name;
    EXPECT_NE(metrics.body.find("rect_build_info{component=\"" + std::string(name) + "\"}"),
              std::string::npos)
        << name;
  }
}

TEST_F(StackTest, SigtermStopsEveryProcessWithStatusZero) {
  for (const char* name :
       {"gateway", "identity", "teachers", "registration", "partnerships", "notifications"}) {
    EXPECT_EQ(stack_->process(name).Stop(SIGTERM, absl::Seconds(15)), 0) << name;
  }
  for (const char* name :
       {"identity", "teachers", "registration", "partnerships", "notifications", "gateway"}) {
    stack_->process(name).Start();
  }
}

}  // namespace
}  // namespace rect::integration
