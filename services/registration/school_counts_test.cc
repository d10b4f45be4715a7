// SchoolCountsService over gRPC against a real PostgreSQL database.
#include "services/registration/school_counts.h"

#include <grpcpp/client_context.h>
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "services/common/testing/service_fixture.h"
#include "services/registration/migrations.h"

namespace rect::registration {
namespace {

constexpr char kLp1[] = "11111111-1111-4111-8111-000000000001";
constexpr char kLp2[] = "11111111-1111-4111-8111-000000000002";

class SchoolCountsTest : public ::testing::Test {
 protected:
  SchoolCountsTest()
      : db_(Migrations()),
        service_(db_.pool()),
        server_(service_),
        stub_(v1::SchoolCountsService::NewStub(server_.channel())) {
    Exec("INSERT INTO schedules (id, contract_period_year, identifier) VALUES "
         "('99999999-9999-4999-8999-000000000001', 2021, 'ecf-standard-september')");
  }

  void Exec(const std::string& sql) {
    pqxx::connection c(db_.conninfo());
    pqxx::work txn(c);
    txn.exec0(sql);
    txn.commit();
  }

  // A teacher at `urn` as an ECT (or mentor) with provider-led training of `lead_provider` in
  // 2021; `extra` is appended to the training period's columns (e.g. a withdrawal).
  void AddTrainee(const std::string& trn, const std::string& urn, bool mentor,
                  const std::string& lead_provider, const std::string& training_finished = "NULL",
                  bool withdrawn = false) {
    const std::string table = mentor ? "mentor_at_school_periods" : "ect_at_school_periods";
    const std::string column = mentor ? "mentor_at_school_period_id" : "ect_at_school_period_id";
    Exec("WITH t AS (INSERT INTO teachers (trn, trs_first_name, trs_last_name) VALUES ('" + trn +
         "', 'A', 'B') RETURNING id), p AS (INSERT INTO " + table +
         " (teacher_id, school_urn, started_on) SELECT id, '" + urn +
         "', '2021-09-01' FROM t RETURNING id) INSERT INTO training_periods (" + column +
         ", started_on, finished_on, training_programme, lead_provider_id, contract_period_year, "
         "schedule_id, expression_of_interest_id, withdrawn_at, withdrawal_reason) SELECT id, "
         "'2021-09-01', " + training_finished + ", 'provider_led', '" + lead_provider +
         "', 2021, '99999999-9999-4999-8999-000000000001', gen_random_uuid(), " +
         (withdrawn ? "now(), 'other'" : "NULL, NULL") + " FROM p");
  }

  grpc::Status Count(const std::vector<std::string>& urns, const std::string& lead_provider,
                     v1::CountParticipantsResponse* response) {
    grpc::ClientContext context;
    v1::CountParticipantsRequest request;
    request.set_cohort(2021);
    for (const std::string& urn : urns) request.add_school_urns(urn);
    request.set_lead_provider_id(lead_provider);
    return stub_->CountParticipants(&context, request, response);
  }

  testing::MigratedDatabase db_;
  SchoolCountsServiceImpl service_;
  testing::InProcessServer server_;
  std::unique_ptr<v1::SchoolCountsService::Stub> stub_;
};

TEST_F(SchoolCountsTest, CountsOngoingProviderLedTraineesPerSchoolInTheOrderAsked) {
  AddTrainee("1000001", "100015", false, kLp1);
  AddTrainee("1000002", "100015", false, kLp1);
  AddTrainee("1000003", "100015", true, kLp1);
  AddTrainee("1000004", "100015", false, kLp1, "NULL", /*withdrawn=*/true);  // withdrawn
  AddTrainee("1000005", "100015", false, kLp1, "'2021-12-31'");             // finished
  AddTrainee("1000006", "100015", false, kLp2);                             // another LP
  AddTrainee("1000007", "100001", true, kLp1);

  v1::CountParticipantsResponse response;
  ASSERT_TRUE(Count({"100001", "100015", "999999"}, kLp1, &response).ok());
  ASSERT_EQ(response.counts_size(), 3);
  EXPECT_EQ(response.counts(0).school_urn(), "100001");
  EXPECT_EQ(response.counts(0).ects(), 0);
  EXPECT_EQ(response.counts(0).mentors(), 1);
  EXPECT_EQ(response.counts(1).ects(), 2);
  EXPECT_EQ(response.counts(1).mentors(), 1);
  EXPECT_EQ(response.counts(2).ects(), 0);

  v1::CountParticipantsResponse any_provider;
  ASSERT_TRUE(Count({"100015"}, "", &any_provider).ok());
  EXPECT_EQ(any_provider.counts(0).ects(), 3);
}

TEST_F(SchoolCountsTest, RefusesMalformedRequests) {
  v1::CountParticipantsResponse response;
  EXPECT_EQ(Count({"020006"}, "", &response).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Count({"1'); DROP TABLE teachers; --"}, "", &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Count({"100001"}, "not-a-uuid", &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Count(std::vector<std::string>(1001, "100001"), "", &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(SchoolCountsTest, GivesTheInductionTutorsOfSchoolsThatHaveOne) {
  Exec("INSERT INTO schools (school_urn, induction_tutor_name, induction_tutor_email) VALUES "
       "('100001', 'Sam Tutor', 'sam.tutor@oakfield.example'), ('100002', NULL, NULL)");
  grpc::ClientContext context;
  v1::GetInductionTutorsRequest request;
  request.add_school_urns("100001");
  request.add_school_urns("100002");
  request.add_school_urns("100003");
  v1::GetInductionTutorsResponse response;
  ASSERT_TRUE(stub_->GetInductionTutors(&context, request, &response).ok());
  ASSERT_EQ(response.induction_tutors_size(), 1);
  EXPECT_EQ(response.induction_tutors(0).school_urn(), "100001");
  EXPECT_EQ(response.induction_tutors(0).name(), "Sam Tutor");
  EXPECT_EQ(response.induction_tutors(0).email(), "sam.tutor@oakfield.example");
}

}  // namespace
}  // namespace rect::registration
