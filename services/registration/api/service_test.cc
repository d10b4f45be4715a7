#include "services/registration/api/service.h"

#include <grpcpp/client_context.h>
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <map>
#include <pqxx/pqxx>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/testing/service_fixture.h"
#include "services/registration/migrations.h"

namespace rect::registration::api {
namespace {

constexpr char kLp1[] = "11111111-1111-4111-8111-000000000001";
constexpr char kLp2[] = "11111111-1111-4111-8111-000000000002";
constexpr char kDp1[] = "22222222-2222-4222-8222-000000000001";
constexpr char kDp3[] = "22222222-2222-4222-8222-000000000003";
// Teachers: a funded ECT, an unfunded ECT, a mentor (all with LP1), an ECT with LP2.
constexpr char kFundedEct[] = "aaaaaaaa-0000-4000-8000-000000000001";
constexpr char kUnfundedEct[] = "aaaaaaaa-0000-4000-8000-000000000002";
constexpr char kMentor[] = "aaaaaaaa-0000-4000-8000-000000000003";
constexpr char kLp2Ect[] = "aaaaaaaa-0000-4000-8000-000000000004";
constexpr char kStatementLp1[] = "cccccccc-0000-4000-8000-000000000001";
constexpr char kStatementLp1Later[] = "cccccccc-0000-4000-8000-000000000002";
constexpr char kStatementLp2[] = "cccccccc-0000-4000-8000-000000000003";
constexpr char kServiceFeeLp1[] = "cccccccc-0000-4000-8000-000000000004";

constexpr char kFixtureSql[] = R"sql(
INSERT INTO schedules (id, contract_period_year, identifier) VALUES
  ('bbbbbbbb-0000-4000-8000-000000002025', 2025, 'ecf-standard-september');
INSERT INTO milestones (schedule_id, declaration_type, start_date)
SELECT 'bbbbbbbb-0000-4000-8000-000000002025', t, '2025-06-01'
FROM unnest(ARRAY['started', 'retained-1', 'retained-2', 'retained-3', 'retained-4',
                  'completed']) AS t;
INSERT INTO teachers (id, trn, trs_first_name, trs_last_name,
                      ect_first_became_eligible_for_training_at, created_at, updated_at) VALUES
  ('aaaaaaaa-0000-4000-8000-000000000001', '1000001', 'Funded', 'Ect', '2025-09-01',
   '2025-09-01 10:00Z', '2025-09-01 10:00Z'),
  ('aaaaaaaa-0000-4000-8000-000000000002', '1000002', 'Unfunded', 'Ect', NULL,
   '2025-09-02 10:00Z', '2025-10-02 10:00Z'),
  ('aaaaaaaa-0000-4000-8000-000000000003', '1000003', 'Mentor', 'One', NULL,
   '2025-09-03 10:00Z', '2025-09-03 10:00Z'),
  ('aaaaaaaa-0000-4000-8000-000000000004', '1000004', 'Southern', 'Ect', '2025-09-01',
   '2025-09-04 10:00Z', '2025-09-04 10:00Z');
INSERT INTO ect_at_school_periods (id, teacher_id, school_urn, started_on, email, working_pattern)
VALUES
  ('dddddddd-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000001', '100015',
   '2025-09-01', 'funded@school.example', 'full_time'),
  ('dddddddd-0000-4000-8000-000000000002', 'aaaaaaaa-0000-4000-8000-000000000002', '100015',
   '2025-09-01', 'unfunded@school.example', 'part_time'),
  ('dddddddd-0000-4000-8000-000000000004', 'aaaaaaaa-0000-4000-8000-000000000004', '100016',
   '2025-09-01', 'southern@school.example', 'full_time');
INSERT INTO mentor_at_school_periods (id, teacher_id, school_urn, started_on, email) VALUES
  ('eeeeeeee-0000-4000-8000-000000000003', 'aaaaaaaa-0000-4000-8000-000000000003', '100015',
   '2025-09-01', 'mentor@school.example');
INSERT INTO mentorship_periods (ect_at_school_period_id, mentor_at_school_period_id, school_urn,
                                mentee_teacher_id, mentor_teacher_id, started_on) VALUES
  ('dddddddd-0000-4000-8000-000000000001', 'eeeeeeee-0000-4000-8000-000000000003', '100015',
   'aaaaaaaa-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000003', '2025-09-01');
INSERT INTO training_periods (id, ect_at_school_period_id, mentor_at_school_period_id, started_on,
                              training_programme, lead_provider_id, contract_period_year,
                              school_partnership_id, schedule_id, delivery_partner_id) VALUES
  ('ffffffff-0000-4000-8000-000000000001', 'dddddddd-0000-4000-8000-000000000001', NULL,
   '2025-09-01', 'provider_led', '11111111-1111-4111-8111-000000000001', 2025,
   '55555555-5555-4555-8555-000000100015', 'bbbbbbbb-0000-4000-8000-000000002025',
   '22222222-2222-4222-8222-000000000001'),
  ('ffffffff-0000-4000-8000-000000000002', 'dddddddd-0000-4000-8000-000000000002', NULL,
   '2025-09-01', 'provider_led', '11111111-1111-4111-8111-000000000001', 2025,
   '55555555-5555-4555-8555-000000100015', 'bbbbbbbb-0000-4000-8000-000000002025',
   '22222222-2222-4222-8222-000000000001'),
  ('ffffffff-0000-4000-8000-000000000003', NULL, 'eeeeeeee-0000-4000-8000-000000000003',
   '2025-09-01', 'provider_led', '11111111-1111-4111-8111-000000000001', 2025,
   '55555555-5555-4555-8555-000000100015', 'bbbbbbbb-0000-4000-8000-000000002025',
   '22222222-2222-4222-8222-000000000001'),
  ('ffffffff-0000-4000-8000-000000000004', 'dddddddd-0000-4000-8000-000000000004', NULL,
   '2025-09-01', 'provider_led', '11111111-1111-4111-8111-000000000002', 2025,
   '55555555-5555-4555-8555-000000100016', 'bbbbbbbb-0000-4000-8000-000000002025',
   '22222222-2222-4222-8222-000000000003');
INSERT INTO statements (id, lead_provider_id, contract_period_year, month, year, deadline_date,
                        payment_date, output_fee, status) VALUES
  ('cccccccc-0000-4000-8000-000000000001', '11111111-1111-4111-8111-000000000001', 2025, 12,
   2025, '2025-11-30', '2025-12-25', true, 'open'),
  ('cccccccc-0000-4000-8000-000000000002', '11111111-1111-4111-8111-000000000001', 2025, 1,
   2026, '2025-12-31', '2026-01-25', true, 'open'),
  ('cccccccc-0000-4000-8000-000000000003', '11111111-1111-4111-8111-000000000002', 2025, 12,
   2025, '2025-11-30', '2025-12-25', true, 'open'),
  ('cccccccc-0000-4000-8000-000000000004', '11111111-1111-4111-8111-000000000001', 2025, 12,
   2025, '2025-11-30', '2025-12-25', false, 'open');
INSERT INTO lead_provider_names (id, name) VALUES
  ('11111111-1111-4111-8111-000000000001', 'Northern Teaching Trust');
)sql";

class LeadProviderApiServiceTest : public ::testing::Test {
 protected:
  LeadProviderApiServiceTest()
      : db_(Migrations(), 8),
        store_(db_.pool()),
        service_(store_, [] { return absl::FromUnixSeconds(1763640000); }),  // 2025-11-20 12:00Z
        server_(service_),
        stub_(v1::LeadProviderApiService::NewStub(server_.channel())) {
    Exec(kFixtureSql);
  }

  void Exec(const std::string& sql) {
    pqxx::connection c(db_.conninfo());
    pqxx::work txn(c);
    txn.exec(sql);
    txn.commit();
  }

  int64_t Count(const std::string& sql) {
    pqxx::connection c(db_.conninfo());
    pqxx::read_transaction txn(c);
    return txn.exec(sql)[0][0].as<int64_t>();
  }

  static v1::CreateDeclarationRequest Started(const std::string& participant,
                                              const std::string& lp = kLp1) {
    v1::CreateDeclarationRequest request;
    request.set_lead_provider_id(lp);
    request.set_participant_id(participant);
    request.set_course_identifier("ecf-induction");
    request.set_declaration_type("started");
    request.set_declaration_date("2025-10-01T09:30:00Z");
    request.set_evidence_held("training-event-attended");
    return request;
  }

  v1::DeclarationResult Create(const v1::CreateDeclarationRequest& request) {
    grpc::ClientContext context;
    v1::DeclarationResult result;
    grpc::Status status = stub_->CreateDeclaration(&context, request, &result);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return result;
  }

  grpc::Status Void(const std::string& lp, const std::string& id, v1::DeclarationResult* result) {
    grpc::ClientContext context;
    v1::VoidDeclarationRequest request;
    request.set_lead_provider_id(lp);
    request.set_id(id);
    return stub_->VoidDeclaration(&context, request, result);
  }

  grpc::Status GetDeclaration(const std::string& lp, const std::string& id,
                              v1::Declaration* declaration) {
    grpc::ClientContext context;
    v1::GetDeclarationRequest request;
    request.set_lead_provider_id(lp);
    request.set_id(id);
    return stub_->GetDeclaration(&context, request, declaration);
  }

  std::vector<std::string> DeclarationIds(v1::ListDeclarationsRequest request) {
    grpc::ClientContext context;
    v1::ListDeclarationsResponse response;
    grpc::Status status = stub_->ListDeclarations(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> ids;
    for (const auto& d : response.declarations()) ids.push_back(d.id());
    return ids;
  }

  std::vector<std::string> ParticipantIds(v1::ListParticipantsRequest request) {
    grpc::ClientContext context;
    v1::ListParticipantsResponse response;
    grpc::Status status = stub_->ListParticipants(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> ids;
    for (const auto& p : response.participants()) ids.push_back(p.id());
    return ids;
  }

  testing::MigratedDatabase db_;
  LeadProviderApiStore store_;
  LeadProviderApiServiceImpl service_;
  testing::InProcessServer server_;
  std::unique_ptr<v1::LeadProviderApiService::Stub> stub_;
};

TEST_F(LeadProviderApiServiceTest, FundedDeclarationIsEligibleOnTheEarliestOpenStatement) {
  v1::DeclarationResult result = Create(Started(kFundedEct));
  ASSERT_EQ(result.errors_size(), 0) << result.errors(0).message();
  const v1::Declaration& d = result.declaration();
  EXPECT_EQ(d.state(), "eligible");
  EXPECT_EQ(d.statement_id(), kStatementLp1);
  EXPECT_EQ(d.participant_id(), kFundedEct);
  EXPECT_EQ(d.delivery_partner_id(), kDp1);
  EXPECT_EQ(d.mentor_id(), kMentor);
  EXPECT_EQ(d.course_identifier(), "ecf-induction");
  EXPECT_EQ(d.evidence_held(), "training-event-attended");
  EXPECT_EQ(d.declaration_date().seconds(), 1759311000);
  EXPECT_EQ(d.cohort(), 2025);
  EXPECT_EQ(d.lead_provider_name(), "Northern Teaching Trust");
  EXPECT_EQ(d.updated_at().seconds(), 1763640000);
}

TEST_F(LeadProviderApiServiceTest, UnfundedDeclarationIsSubmittedWithoutAStatement) {
  v1::DeclarationResult result = Create(Started(kUnfundedEct));
  ASSERT_EQ(result.errors_size(), 0);
  EXPECT_EQ(result.declaration().state(), "submitted");
  EXPECT_EQ(result.declaration().statement_id(), "");
}

TEST_F(LeadProviderApiServiceTest, ExactRepeatAnswersWithTheFirstDeclaration) {
  const v1::DeclarationResult first = Create(Started(kFundedEct));
  const v1::DeclarationResult again = Create(Started(kFundedEct));
  ASSERT_EQ(again.errors_size(), 0);
  EXPECT_EQ(again.declaration().id(), first.declaration().id());
  EXPECT_EQ(Count("SELECT count(*) FROM declarations"), 1);
}

TEST_F(LeadProviderApiServiceTest, DifferentBodyDuplicatingABillableDeclarationIsRefused) {
  Create(Started(kFundedEct));
  v1::CreateDeclarationRequest other = Started(kFundedEct);
  other.set_declaration_date("2025-10-02T09:30:00Z");
  const v1::DeclarationResult result = Create(other);
  ASSERT_EQ(result.errors_size(), 1);
  EXPECT_EQ(result.errors(0).attribute(), "declaration_type");
  EXPECT_EQ(result.errors(0).message(),
            "A declaration has already been submitted that will be, or has been, paid for this "
            "event.");
}

TEST_F(LeadProviderApiServiceTest, ConcurrentTwinsCreateExactlyOneDeclaration) {
  std::vector<std::thread> threads;
  std::vector<std::string> ids(8);
  for (size_t i = 0; i < ids.size(); ++i) {
    threads.emplace_back([&, i] {
      grpc::ClientContext context;
      v1::DeclarationResult result;
      grpc::Status status = stub_->CreateDeclaration(&context, Started(kFundedEct), &result);
      if (status.ok() && result.errors_size() == 0) ids[i] = result.declaration().id();
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 1u);
  EXPECT_FALSE(ids[0].empty());
  EXPECT_EQ(Count("SELECT count(*) FROM declarations"), 1);
}

TEST_F(LeadProviderApiServiceTest, ConcurrentDifferentBodiesOfOneTypeCreateOne) {
  std::vector<std::thread> threads;
  std::atomic<int> created{0}, refused{0};
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&, i] {
      v1::CreateDeclarationRequest request = Started(kFundedEct);
      request.set_declaration_date("2025-10-0" + std::to_string(i + 1) + "T09:30:00Z");
      grpc::ClientContext context;
      v1::DeclarationResult result;
      if (!stub_->CreateDeclaration(&context, request, &result).ok()) return;
      (result.errors_size() == 0 ? created : refused)++;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(refused.load(), 5);
  EXPECT_EQ(Count("SELECT count(*) FROM declarations"), 1);
}

TEST_F(LeadProviderApiServiceTest, DatabaseRefusesASecondBillableDeclarationOfAType) {
  Create(Started(kFundedEct));
  EXPECT_THROW(Exec("INSERT INTO declarations (teacher_id, training_period_id, lead_provider_id, "
                    "contract_period_year, course, declaration_type, declaration_date, "
                    "payment_status, request_digest) SELECT teacher_id, training_period_id, "
                    "lead_provider_id, contract_period_year, course, declaration_type, "
                    "declaration_date, 'no_payment', repeat('0', 64) FROM declarations"),
               pqxx::unique_violation);
  EXPECT_THROW(Exec("UPDATE declarations SET payment_status = 'bogus'"), pqxx::check_violation);
  EXPECT_THROW(Exec("UPDATE declarations SET payment_statement_id = NULL"), pqxx::check_violation);
}

TEST_F(LeadProviderApiServiceTest, SandboxServerDateMovesTheClock) {
  v1::CreateDeclarationRequest later = Started(kUnfundedEct);
  later.set_declaration_date("2026-01-10T09:30:00Z");
  EXPECT_EQ(Create(later).errors_size(), 1);  // a future date today
  grpc::ClientContext context;
  context.AddMetadata(kServerDateMetadata, "2027-01-10T10:42:00Z");
  v1::DeclarationResult result;
  ASSERT_TRUE(stub_->CreateDeclaration(&context, later, &result).ok());
  ASSERT_EQ(result.errors_size(), 0) << result.errors(0).message();
  EXPECT_EQ(result.declaration().created_at().seconds(), 1799577720);
}

TEST_F(LeadProviderApiServiceTest, RulesRefuseWithAttributeErrors) {
  v1::CreateDeclarationRequest mentor_for_ect = Started(kFundedEct);
  mentor_for_ect.set_course_identifier("ecf-mentor");
  v1::DeclarationResult result = Create(mentor_for_ect);
  ASSERT_EQ(result.errors_size(), 1);
  EXPECT_EQ(result.errors(0).attribute(), "course_identifier");

  result = Create(Started(kLp2Ect));  // never with LP1
  ASSERT_EQ(result.errors_size(), 1);
  EXPECT_EQ(result.errors(0).attribute(), "participant_id");
  EXPECT_EQ(result.errors(0).message(), kParticipantNotRecognised);

  v1::CreateDeclarationRequest future = Started(kFundedEct);
  future.set_declaration_date("2025-11-21T09:30:00Z");
  result = Create(future);
  ASSERT_EQ(result.errors_size(), 1);
  EXPECT_EQ(result.errors(0).attribute(), "declaration_date");

  v1::CreateDeclarationRequest mentor_retained = Started(kMentor);
  mentor_retained.set_course_identifier("ecf-mentor");
  mentor_retained.set_declaration_type("retained-1");
  result = Create(mentor_retained);
  ASSERT_EQ(result.errors_size(), 1);
  EXPECT_EQ(result.errors(0).attribute(), "declaration_type");

  v1::CreateDeclarationRequest unknown = Started("aaaaaaaa-0000-4000-8000-000000000099");
  result = Create(unknown);
  ASSERT_EQ(result.errors_size(), 1);
  EXPECT_EQ(result.errors(0).message(), kParticipantNotRecognised);
  EXPECT_EQ(Count("SELECT count(*) FROM declarations"), 0);
}

TEST_F(LeadProviderApiServiceTest, SequenceIsCheckedAgainstExistingDeclarations) {
  Create(Started(kFundedEct));
  v1::CreateDeclarationRequest retained = Started(kFundedEct);
  retained.set_declaration_type("retained-1");
  retained.set_declaration_date("2025-09-30T09:30:00Z");
  v1::DeclarationResult result = Create(retained);
  ASSERT_EQ(result.errors_size(), 1);
  EXPECT_EQ(result.errors(0).attribute(), "declaration_date");
  retained.set_declaration_date("2025-10-30T09:30:00Z");
  EXPECT_EQ(Create(retained).errors_size(), 0);
}

TEST_F(LeadProviderApiServiceTest, VoidingUnpaidThenAgain) {
  const std::string id = Create(Started(kFundedEct)).declaration().id();
  v1::DeclarationResult result;
  v1::DeclarationResult other;
  EXPECT_EQ(Void(kLp2, id, &other).error_code(), grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(Void(kLp1, id, &result).ok());
  ASSERT_EQ(result.errors_size(), 0);
  EXPECT_EQ(result.declaration().state(), "voided");
  EXPECT_EQ(result.declaration().statement_id(), "");
  v1::DeclarationResult again;
  ASSERT_TRUE(Void(kLp1, id, &again).ok());
  ASSERT_EQ(again.errors_size(), 1);
  EXPECT_EQ(again.errors(0).attribute(), "participant_declaration_id");
  EXPECT_EQ(again.errors(0).message(), "The declaration has already been voided.");
  // Re-declaring after a void creates a new declaration, even with the same body.
  const v1::DeclarationResult redeclared = Create(Started(kFundedEct));
  ASSERT_EQ(redeclared.errors_size(), 0);
  EXPECT_NE(redeclared.declaration().id(), id);
}

TEST_F(LeadProviderApiServiceTest, VoidingPaidAwaitsClawback) {
  const std::string id = Create(Started(kFundedEct)).declaration().id();
  Exec("UPDATE declarations SET payment_status = 'paid'");
  v1::DeclarationResult result;
  ASSERT_TRUE(Void(kLp1, id, &result).ok());
  ASSERT_EQ(result.errors_size(), 0);
  EXPECT_EQ(result.declaration().state(), "awaiting-clawback");
  EXPECT_EQ(result.declaration().statement_id(), kStatementLp1);
  EXPECT_EQ(result.declaration().clawback_statement_id(), kStatementLp1);
  v1::DeclarationResult again;
  ASSERT_TRUE(Void(kLp1, id, &again).ok());
  ASSERT_EQ(again.errors_size(), 1);
  EXPECT_EQ(again.errors(0).message(), "The declaration will or has been refunded");
}

TEST_F(LeadProviderApiServiceTest, MentorCompletedEndsFundingAndVoidRestoresIt) {
  v1::CreateDeclarationRequest completed = Started(kMentor);
  completed.set_course_identifier("ecf-mentor");
  completed.set_declaration_type("completed");
  completed.set_evidence_held("75-percent-engagement-met");
  const v1::DeclarationResult result = Create(completed);
  ASSERT_EQ(result.errors_size(), 0) << result.errors(0).message();
  EXPECT_EQ(Count("SELECT count(*) FROM teachers WHERE mentor_became_ineligible_for_funding_on "
                  "= '2025-10-01' AND id = 'aaaaaaaa-0000-4000-8000-000000000003'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM training_periods WHERE finished_on = '2025-10-01'"), 1);
  v1::DeclarationResult voided;
  ASSERT_TRUE(Void(kLp1, result.declaration().id(), &voided).ok());
  EXPECT_EQ(Count("SELECT count(*) FROM teachers WHERE mentor_became_ineligible_for_funding_on "
                  "IS NOT NULL"),
            0);
  EXPECT_EQ(Count("SELECT count(*) FROM training_periods WHERE finished_on IS NOT NULL"), 0);
}

TEST_F(LeadProviderApiServiceTest, DeclarationsAreScopedAndFiltered) {
  const std::string lp1 = Create(Started(kFundedEct)).declaration().id();
  // The clock is fixed: make the first one older so created_at orders them.
  Exec("UPDATE declarations SET created_at = created_at - interval '1 hour'");
  const std::string lp1_unfunded = Create(Started(kUnfundedEct)).declaration().id();
  const std::string lp2 = Create(Started(kLp2Ect, kLp2)).declaration().id();
  v1::ListDeclarationsRequest request;
  request.set_lead_provider_id(kLp1);
  EXPECT_EQ(DeclarationIds(request), (std::vector<std::string>{lp1, lp1_unfunded}));
  request.set_lead_provider_id(kLp2);
  EXPECT_EQ(DeclarationIds(request), (std::vector<std::string>{lp2}));
  v1::Declaration declaration;
  EXPECT_EQ(GetDeclaration(kLp2, lp1, &declaration).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(GetDeclaration(kLp1, "not-a-uuid", &declaration).error_code(),
            grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(GetDeclaration(kLp1, lp1, &declaration).ok());
  EXPECT_EQ(declaration.id(), lp1);

  request.set_lead_provider_id(kLp1);
  request.set_filter_participant_ids(true);
  request.add_participant_ids(kUnfundedEct);
  EXPECT_EQ(DeclarationIds(request), (std::vector<std::string>{lp1_unfunded}));
  request.clear_participant_ids();
  EXPECT_TRUE(DeclarationIds(request).empty());
  request.set_filter_participant_ids(false);
  request.set_filter_delivery_partner_ids(true);
  request.add_delivery_partner_ids(kDp3);
  EXPECT_TRUE(DeclarationIds(request).empty());
  request.set_filter_delivery_partner_ids(false);
  request.set_filter_cohorts(true);
  request.add_cohorts(2025);
  EXPECT_EQ(DeclarationIds(request).size(), 2u);
  request.set_cohorts(0, 2024);
  EXPECT_TRUE(DeclarationIds(request).empty());
  request.set_filter_cohorts(false);
  request.mutable_updated_since()->set_seconds(1763640001);
  EXPECT_TRUE(DeclarationIds(request).empty());
  request.clear_updated_since();
  request.mutable_page()->set_per_page(1);
  request.mutable_page()->set_page(2);
  EXPECT_EQ(DeclarationIds(request), (std::vector<std::string>{lp1_unfunded}));
}

TEST_F(LeadProviderApiServiceTest, ParticipantsAreScopedWithEnrolments) {
  v1::ListParticipantsRequest request;
  request.set_lead_provider_id(kLp1);
  EXPECT_EQ(ParticipantIds(request), (std::vector<std::string>{kFundedEct, kUnfundedEct, kMentor}));
  request.set_lead_provider_id(kLp2);
  EXPECT_EQ(ParticipantIds(request), (std::vector<std::string>{kLp2Ect}));

  grpc::ClientContext context;
  v1::GetParticipantRequest get;
  get.set_lead_provider_id(kLp1);
  get.set_id(kFundedEct);
  v1::Participant participant;
  ASSERT_TRUE(stub_->GetParticipant(&context, get, &participant).ok());
  EXPECT_EQ(participant.full_name(), "Funded Ect");
  EXPECT_EQ(participant.teacher_reference_number(), "1000001");
  ASSERT_EQ(participant.enrolments_size(), 1);
  const v1::Enrolment& e = participant.enrolments(0);
  EXPECT_EQ(e.participant_type(), "ect");
  EXPECT_EQ(e.email(), "funded@school.example");
  EXPECT_EQ(e.school_urn(), "100015");
  EXPECT_EQ(e.cohort(), 2025);
  EXPECT_EQ(e.training_status(), "active");
  EXPECT_EQ(e.participant_status(), "active");
  EXPECT_EQ(e.schedule_identifier(), "ecf-standard-september");
  EXPECT_EQ(e.delivery_partner_id(), kDp1);
  EXPECT_EQ(e.mentor_id(), kMentor);
  EXPECT_EQ(e.working_pattern(), "full_time");
  EXPECT_TRUE(e.has_eligible_for_funding() && e.eligible_for_funding());

  grpc::ClientContext other;
  get.set_lead_provider_id(kLp2);
  EXPECT_EQ(stub_->GetParticipant(&other, get, &participant).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(LeadProviderApiServiceTest, ParticipantFiltersAndSort) {
  Exec(
      "UPDATE training_periods SET withdrawn_at = '2025-10-01 10:00Z', "
      "withdrawal_reason = 'other', finished_on = '2025-10-01' "
      "WHERE id = 'ffffffff-0000-4000-8000-000000000002'");
  v1::ListParticipantsRequest request;
  request.set_lead_provider_id(kLp1);
  request.set_training_status("withdrawn");
  EXPECT_EQ(ParticipantIds(request), (std::vector<std::string>{kUnfundedEct}));
  request.set_training_status("bogus");
  EXPECT_TRUE(ParticipantIds(request).empty());
  request.clear_training_status();
  request.set_filter_cohorts(true);
  request.add_cohorts(2024);
  EXPECT_TRUE(ParticipantIds(request).empty());
  request.set_cohorts(0, 2025);
  EXPECT_EQ(ParticipantIds(request).size(), 3u);
  request.set_filter_cohorts(false);
  request.mutable_updated_since()->set_seconds(1759399200);  // 2025-10-02 10:00Z
  EXPECT_EQ(ParticipantIds(request), (std::vector<std::string>{kUnfundedEct}));
  request.clear_updated_since();
  v1::ApiSortTerm* sort = request.add_sort();
  sort->set_key(v1::ApiSortTerm::UPDATED_AT);
  sort->set_descending(true);
  EXPECT_EQ(ParticipantIds(request), (std::vector<std::string>{kUnfundedEct, kMentor, kFundedEct}));

  grpc::ClientContext context;
  v1::GetParticipantRequest get;
  get.set_lead_provider_id(kLp1);
  get.set_id(kUnfundedEct);
  v1::Participant participant;
  ASSERT_TRUE(stub_->GetParticipant(&context, get, &participant).ok());
  EXPECT_EQ(participant.enrolments(0).training_status(), "withdrawn");
  EXPECT_EQ(participant.enrolments(0).participant_status(), "left");
  EXPECT_EQ(participant.enrolments(0).withdrawal().reason(), "other");
  EXPECT_FALSE(participant.enrolments(0).has_eligible_for_funding());
}

TEST_F(LeadProviderApiServiceTest, StatementsAreTheProvidersOutputStatements) {
  grpc::ClientContext context;
  v1::ListStatementsRequest request;
  request.set_lead_provider_id(kLp1);
  v1::ListStatementsResponse response;
  ASSERT_TRUE(stub_->ListStatements(&context, request, &response).ok());
  ASSERT_EQ(response.statements_size(), 2);
  EXPECT_EQ(response.statements(0).id(), kStatementLp1);
  EXPECT_EQ(response.statements(1).id(), kStatementLp1Later);
  EXPECT_EQ(response.statements(0).cut_off_date().day(), 30);
  EXPECT_FALSE(response.statements(0).paid());

  for (const auto& [lp, id, found] :
       std::vector<std::tuple<std::string, std::string, bool>>{{kLp1, kStatementLp1, true},
                                                               {kLp2, kStatementLp1, false},
                                                               {kLp1, kServiceFeeLp1, false},
                                                               {kLp2, kStatementLp2, true}}) {
    grpc::ClientContext c;
    v1::GetStatementRequest get;
    get.set_lead_provider_id(lp);
    get.set_id(id);
    v1::Statement statement;
    EXPECT_EQ(stub_->GetStatement(&c, get, &statement).ok(), found) << lp << " " << id;
  }
}

TEST_F(LeadProviderApiServiceTest, UnfundedMentorsAreMentorsOfTheProvidersEctsItDoesNotTrain) {
  Exec(R"sql(
    INSERT INTO teachers (id, trn, trs_first_name, trs_last_name) VALUES
      ('aaaaaaaa-0000-4000-8000-000000000005', '1000005', 'Unfunded', 'Mentor');
    INSERT INTO mentor_at_school_periods (id, teacher_id, school_urn, started_on, email) VALUES
      ('eeeeeeee-0000-4000-8000-000000000005', 'aaaaaaaa-0000-4000-8000-000000000005', '100015',
       '2025-09-01', 'unfunded.mentor@school.example');
    INSERT INTO mentorship_periods (ect_at_school_period_id, mentor_at_school_period_id,
                                    school_urn, mentee_teacher_id, mentor_teacher_id, started_on)
    VALUES ('dddddddd-0000-4000-8000-000000000002', 'eeeeeeee-0000-4000-8000-000000000005',
            '100015', 'aaaaaaaa-0000-4000-8000-000000000002',
            'aaaaaaaa-0000-4000-8000-000000000005', '2025-09-01');
  )sql");
  auto list = [&](const std::string& lp) {
    grpc::ClientContext context;
    v1::ListUnfundedMentorsRequest request;
    request.set_lead_provider_id(lp);
    v1::ListUnfundedMentorsResponse response;
    EXPECT_TRUE(stub_->ListUnfundedMentors(&context, request, &response).ok());
    return response;
  };
  // Mentor One trains with LP1, so only the new mentor is unfunded for LP1.
  const v1::ListUnfundedMentorsResponse lp1 = list(kLp1);
  ASSERT_EQ(lp1.unfunded_mentors_size(), 1);
  EXPECT_EQ(lp1.unfunded_mentors(0).id(), "aaaaaaaa-0000-4000-8000-000000000005");
  EXPECT_EQ(lp1.unfunded_mentors(0).email(), "unfunded.mentor@school.example");
  EXPECT_EQ(lp1.unfunded_mentors(0).full_name(), "Unfunded Mentor");
  EXPECT_EQ(list(kLp2).unfunded_mentors_size(), 0);

  for (const auto& [lp, code] : std::vector<std::pair<std::string, grpc::StatusCode>>{
           {kLp1, grpc::StatusCode::OK}, {kLp2, grpc::StatusCode::NOT_FOUND}}) {
    grpc::ClientContext context;
    v1::GetUnfundedMentorRequest get;
    get.set_lead_provider_id(lp);
    get.set_id("aaaaaaaa-0000-4000-8000-000000000005");
    v1::UnfundedMentor mentor;
    EXPECT_EQ(stub_->GetUnfundedMentor(&context, get, &mentor).error_code(), code) << lp;
  }
  grpc::ClientContext context;
  v1::GetUnfundedMentorRequest get;
  get.set_lead_provider_id(kLp1);
  get.set_id(kMentor);
  v1::UnfundedMentor mentor;
  EXPECT_EQ(stub_->GetUnfundedMentor(&context, get, &mentor).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

v1::ParticipantActionRequest Action(const std::string& lp, const std::string& id,
                                    const std::string& course, const std::string& reason) {
  v1::ParticipantActionRequest request;
  request.set_lead_provider_id(lp);
  request.set_id(id);
  request.set_course_identifier(course);
  request.set_reason(reason);
  return request;
}

TEST_F(LeadProviderApiServiceTest, WithdrawThenResumeTomorrow) {
  v1::ParticipantActionResult result;
  {
    grpc::ClientContext context;
    EXPECT_EQ(stub_
                  ->WithdrawParticipant(
                      &context, Action(kLp2, kFundedEct, "ecf-induction", "moved-school"), &result)
                  .error_code(),
              grpc::StatusCode::NOT_FOUND);
  }
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub_
                    ->WithdrawParticipant(&context,
                                          Action(kLp1, kFundedEct, "ecf-induction", "moved-school"),
                                          &result)
                    .ok());
    ASSERT_EQ(result.errors_size(), 0) << result.errors(0).message();
    const v1::Enrolment& e = result.participant().enrolments(0);
    EXPECT_EQ(e.training_status(), "withdrawn");
    EXPECT_EQ(e.participant_status(), "left");
    EXPECT_EQ(e.withdrawal().reason(), "moved-school");
    EXPECT_EQ(e.withdrawal().date().seconds(), 1763640000);
    EXPECT_EQ(result.participant().updated_at().seconds(), 1763640000);
  }
  {
    grpc::ClientContext context;
    v1::ParticipantActionResult again;
    ASSERT_TRUE(stub_
                    ->WithdrawParticipant(
                        &context, Action(kLp1, kFundedEct, "ecf-induction", "other"), &again)
                    .ok());
    ASSERT_EQ(again.errors_size(), 1);
    EXPECT_EQ(again.errors(0).message(), "The '#/participant_id' is already withdrawn.");
  }
  {
    grpc::ClientContext context;
    v1::ParticipantActionResult same_day;
    ASSERT_TRUE(
        stub_->ResumeParticipant(&context, Action(kLp1, kFundedEct, "ecf-induction", ""), &same_day)
            .ok());
    ASSERT_EQ(same_day.errors_size(), 1);
    EXPECT_EQ(same_day.errors(0).attribute(), "participant_id");
  }
  {
    grpc::ClientContext context;
    context.AddMetadata(kServerDateMetadata, "2025-11-21T12:00:00Z");
    v1::ParticipantActionResult resumed;
    ASSERT_TRUE(
        stub_->ResumeParticipant(&context, Action(kLp1, kFundedEct, "ecf-induction", ""), &resumed)
            .ok());
    ASSERT_EQ(resumed.errors_size(), 0) << resumed.errors(0).message();
    EXPECT_EQ(resumed.participant().enrolments(0).training_status(), "active");
    EXPECT_EQ(resumed.participant().enrolments(0).participant_status(), "active");
  }
  EXPECT_EQ(Count("SELECT count(*) FROM training_periods WHERE ect_at_school_period_id = "
                  "'dddddddd-0000-4000-8000-000000000001'"),
            2);
}

TEST_F(LeadProviderApiServiceTest, DeferRulesAndEffects) {
  v1::ParticipantActionResult result;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub_
                    ->DeferParticipant(
                        &context, Action(kLp1, kMentor, "ecf-induction", "career-break"), &result)
                    .ok());
    ASSERT_EQ(result.errors_size(), 1);
    EXPECT_EQ(result.errors(0).attribute(), "course_identifier");
    EXPECT_EQ(result.errors(0).message(), kCourseNotRecognised);
  }
  {
    grpc::ClientContext context;
    v1::ParticipantActionResult deferred;
    ASSERT_TRUE(stub_
                    ->DeferParticipant(
                        &context, Action(kLp1, kMentor, "ecf-mentor", "career-break"), &deferred)
                    .ok());
    ASSERT_EQ(deferred.errors_size(), 0);
    EXPECT_EQ(deferred.participant().enrolments(0).training_status(), "deferred");
    EXPECT_EQ(deferred.participant().enrolments(0).deferral().reason(), "career-break");
  }
  v1::ListParticipantsRequest request;
  request.set_lead_provider_id(kLp1);
  request.set_training_status("deferred");
  EXPECT_EQ(ParticipantIds(request), (std::vector<std::string>{kMentor}));
}

TEST_F(LeadProviderApiServiceTest, NewProviderSeesAndIsBlockedByThePreviousProvidersDeclarations) {
  const std::string id = Create(Started(kFundedEct)).declaration().id();
  // The ECT moves from LP1 to LP2 at the same school.
  Exec(R"sql(
    UPDATE training_periods SET finished_on = '2025-10-31'
     WHERE id = 'ffffffff-0000-4000-8000-000000000001';
    INSERT INTO training_periods (ect_at_school_period_id, started_on, training_programme,
                                  lead_provider_id, contract_period_year, school_partnership_id,
                                  schedule_id, delivery_partner_id)
    VALUES ('dddddddd-0000-4000-8000-000000000001', '2025-11-01', 'provider_led',
            '11111111-1111-4111-8111-000000000002', 2025, '55555555-5555-4555-8555-000000200015',
            'bbbbbbbb-0000-4000-8000-000000002025', '22222222-2222-4222-8222-000000000003');
  )sql");
  v1::ListDeclarationsRequest request;
  request.set_lead_provider_id(kLp2);
  EXPECT_EQ(DeclarationIds(request), (std::vector<std::string>{id}));
  v1::Declaration declaration;
  ASSERT_TRUE(GetDeclaration(kLp2, id, &declaration).ok());
  EXPECT_EQ(declaration.lead_provider_name(), "Northern Teaching Trust");
  v1::DeclarationResult voided;
  EXPECT_EQ(Void(kLp2, id, &voided).error_code(), grpc::StatusCode::NOT_FOUND);

  const v1::DeclarationResult duplicate = Create(Started(kFundedEct, kLp2));
  ASSERT_EQ(duplicate.errors_size(), 1);
  EXPECT_EQ(duplicate.errors(0).attribute(), "declaration_type");

  // Once voided by its provider it is no longer shown to LP2, and LP2 may declare.
  ASSERT_TRUE(Void(kLp1, id, &voided).ok());
  EXPECT_TRUE(DeclarationIds(request).empty());
  const v1::DeclarationResult own = Create(Started(kFundedEct, kLp2));
  ASSERT_EQ(own.errors_size(), 0) << own.errors(0).message();
  EXPECT_EQ(own.declaration().statement_id(), kStatementLp2);
  EXPECT_EQ(own.declaration().delivery_partner_id(), kDp3);
}

// ---- change-schedule ----

class FakeSchoolPartnerships : public SchoolPartnerships {
 public:
  absl::StatusOr<std::optional<SchoolPartnership>> Find(
      const std::string& lead_provider_id, const std::string& school_urn, int year,
      const std::string& preferred_delivery_partner_id) override {
    asked.push_back(absl::StrCat(lead_provider_id, " ", school_urn, " ", year, " ",
                                 preferred_delivery_partner_id));
    if (!status.ok()) return status;
    auto found = partnerships.find({school_urn, year});
    if (found == partnerships.end()) return std::nullopt;
    return found->second;
  }
  absl::StatusOr<std::vector<YearPartnership>> ListOfYear(const std::string&, int) override {
    return absl::UnimplementedError("not used here");
  }
  absl::Status status;
  std::map<std::pair<std::string, int>, SchoolPartnership> partnerships;
  std::vector<std::string> asked;
};

constexpr char kLp1Partnership2024[] = "55555555-5555-4555-8555-000000240015";
constexpr char kFundedEctPeriod[] = "dddddddd-0000-4000-8000-000000000001";

class ChangeScheduleTest : public LeadProviderApiServiceTest {
 protected:
  ChangeScheduleTest() {
    service_.set_school_partnerships(&partnerships_);
    // The extended September schedule of 2025 (retained-1 opens in 2026), and September
    // schedules of 2024 and the frozen 2021 and 2022.
    Exec(R"sql(
      INSERT INTO schedules (id, contract_period_year, identifier) VALUES
        ('bbbbbbbb-0000-4000-8000-000000012025', 2025, 'ecf-extended-september'),
        ('bbbbbbbb-0000-4000-8000-000000002024', 2024, 'ecf-standard-september'),
        ('bbbbbbbb-0000-4000-8000-000000002022', 2022, 'ecf-standard-september'),
        ('bbbbbbbb-0000-4000-8000-000000002021', 2021, 'ecf-standard-september');
      INSERT INTO milestones (schedule_id, declaration_type, start_date)
      SELECT 'bbbbbbbb-0000-4000-8000-000000012025', t,
             CASE WHEN t = 'started' THEN DATE '2025-06-01' ELSE DATE '2026-01-01' END
      FROM unnest(ARRAY['started', 'retained-1', 'retained-2', 'retained-3', 'retained-4',
                        'completed', 'extended-1', 'extended-2', 'extended-3']) AS t;
    )sql");
  }

  v1::ParticipantActionResult Change(const std::string& schedule, const std::string& cohort = "",
                                     const std::string& server_date = "",
                                     grpc::StatusCode expected = grpc::StatusCode::OK,
                                     const std::string& course = "ecf-induction",
                                     const std::string& id = kFundedEct) {
    v1::ParticipantActionRequest request;
    request.set_lead_provider_id(kLp1);
    request.set_id(id);
    request.set_course_identifier(course);
    request.set_schedule_identifier(schedule);
    request.set_cohort(cohort);
    grpc::ClientContext context;
    if (!server_date.empty()) context.AddMetadata(kServerDateMetadata, server_date);
    v1::ParticipantActionResult result;
    grpc::Status status = stub_->ChangeParticipantSchedule(&context, request, &result);
    EXPECT_EQ(status.error_code(), expected) << status.error_message();
    return result;
  }

  static std::vector<std::string> Errors(const v1::ParticipantActionResult& result) {
    std::vector<std::string> errors;
    for (const auto& e : result.errors()) errors.push_back(e.attribute() + ": " + e.message());
    return errors;
  }

  FakeSchoolPartnerships partnerships_;
};

TEST_F(ChangeScheduleTest, StartedBeforeTodayEndsYesterdayAndANewPeriodStartsToday) {
  const v1::ParticipantActionResult result = Change("ecf-extended-september");
  ASSERT_TRUE(Errors(result).empty()) << Errors(result)[0];
  const v1::Enrolment& e = result.participant().enrolments(0);
  EXPECT_EQ(e.schedule_identifier(), "ecf-extended-september");
  EXPECT_EQ(e.cohort(), 2025);
  EXPECT_EQ(e.training_status(), "active");
  EXPECT_EQ(e.participant_status(), "active");
  EXPECT_EQ(e.delivery_partner_id(), kDp1);
  EXPECT_FALSE(e.cohort_changed_after_payments_frozen());
  EXPECT_EQ(result.participant().updated_at().seconds(), 1763640000);
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM training_periods WHERE "
                               "ect_at_school_period_id = '", kFundedEctPeriod,
                               "' AND ((started_on = '2025-09-01' AND finished_on = '2025-11-19') "
                               "OR (started_on = '2025-11-20' AND finished_on IS NULL "
                               "AND schedule_id = 'bbbbbbbb-0000-4000-8000-000000012025'))")),
            2);
  EXPECT_EQ(Count("SELECT count(*) FROM events WHERE event_type = 'teacher_schedule_changed' "
                  "AND author_type = 'lead_provider_api' AND teacher_id = "
                  "'aaaaaaaa-0000-4000-8000-000000000001'"),
            1);
  // The same cohort asks nothing of the partnerships service.
  EXPECT_TRUE(partnerships_.asked.empty());
  // Now on it: the same schedule again is refused.
  EXPECT_EQ(Errors(Change("ecf-extended-september", "2025")),
            (std::vector<std::string>{
                "schedule_identifier: Selected schedule is already on the profile"}));
}

TEST_F(ChangeScheduleTest, RefusalsWriteNothing) {
  EXPECT_EQ(Errors(Change("ecf-standard-september")),
            (std::vector<std::string>{
                "schedule_identifier: Selected schedule is already on the profile"}));
  EXPECT_EQ(Errors(Change("")),
            (std::vector<std::string>{
                "schedule_identifier: The property '#/schedule_identifier' must be present and "
                "correspond to a valid schedule."}));
  // No reduced schedule in 2025 here.
  EXPECT_EQ(Errors(Change("ecf-reduced-april")),
            (std::vector<std::string>{
                "schedule_identifier: The property '#/schedule_identifier' must be present and "
                "correspond to a valid schedule."}));
  // Without training in the role there is no cohort to find the schedule in.
  EXPECT_EQ(Errors(Change("ecf-extended-september", "", "", grpc::StatusCode::OK, "ecf-mentor")),
            (std::vector<std::string>{
                absl::StrCat("course_identifier: ", kCourseNotRecognised),
                "schedule_identifier: The property '#/schedule_identifier' must be present and "
                "correspond to a valid schedule."}));
  EXPECT_EQ(Count("SELECT count(*) FROM training_periods"), 4);
  EXPECT_EQ(Count("SELECT count(*) FROM events"), 0);
  Change("ecf-extended-september", "", "", grpc::StatusCode::NOT_FOUND, "ecf-induction", kLp2Ect);
}

TEST_F(ChangeScheduleTest, ChangingCohortNeedsAPartnershipWithTheSchool) {
  EXPECT_EQ(Errors(Change("ecf-standard-september", "2024")),
            (std::vector<std::string>{
                "cohort: You cannot change a participant to this contract_period as you do not "
                "have a partnership with the school for the contract_period. Contact the DfE for "
                "assistance."}));
  EXPECT_EQ(partnerships_.asked,
            (std::vector<std::string>{absl::StrCat(kLp1, " 100015 2024 ", kDp1)}));
  partnerships_.partnerships[{"100015", 2024}] = SchoolPartnership{kLp1Partnership2024, kDp3};
  const v1::ParticipantActionResult result = Change("ecf-standard-september", "2024");
  ASSERT_TRUE(Errors(result).empty()) << Errors(result)[0];
  EXPECT_EQ(result.participant().enrolments(0).cohort(), 2024);
  EXPECT_EQ(result.participant().enrolments(0).delivery_partner_id(), kDp3);
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM training_periods WHERE school_partnership_id "
                               "= '", kLp1Partnership2024, "' AND contract_period_year = 2024")),
            1);
  // An unknown cohort is the current one (now 2024).
  EXPECT_EQ(Errors(Change("ecf-standard-september", "1999")),
            (std::vector<std::string>{
                "schedule_identifier: Selected schedule is already on the profile"}));
}

TEST_F(ChangeScheduleTest, PartnershipsServiceDownIsUnavailable) {
  partnerships_.status = absl::UnavailableError("partnerships down");
  Change("ecf-standard-september", "2024", "", grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Count("SELECT count(*) FROM training_periods"), 4);
}

TEST_F(ChangeScheduleTest, FrozenCohortsOnlyBackToTheOneTheyLeft) {
  partnerships_.partnerships[{"100015", 2021}] = SchoolPartnership{kLp1Partnership2024, kDp1};
  partnerships_.partnerships[{"100015", 2022}] = SchoolPartnership{kLp1Partnership2024, kDp1};
  EXPECT_EQ(Errors(Change("ecf-standard-september", "2022")),
            (std::vector<std::string>{
                "cohort: You cannot move a participant to a payments frozen cohort unless they "
                "previously belonged to that cohort."}));
  // Someone in the frozen 2021 cohort moves to 2025...
  Exec(R"sql(
    UPDATE training_periods SET contract_period_year = 2021,
           schedule_id = 'bbbbbbbb-0000-4000-8000-000000002021'
     WHERE id = 'ffffffff-0000-4000-8000-000000000001';
  )sql");
  partnerships_.partnerships[{"100015", 2025}] =
      SchoolPartnership{"55555555-5555-4555-8555-000000100015", kDp1};
  v1::ParticipantActionResult moved = Change("ecf-standard-september", "2025");
  ASSERT_TRUE(Errors(moved).empty()) << Errors(moved)[0];
  EXPECT_TRUE(moved.participant().enrolments(0).cohort_changed_after_payments_frozen());
  EXPECT_EQ(Count("SELECT count(*) FROM teachers WHERE ect_payments_frozen_year = 2021"), 1);
  // ... may not go to 2022, but may go back to 2021 (the next day: today's period is new).
  EXPECT_EQ(Errors(Change("ecf-standard-september", "2022", "2025-11-21T12:00:00Z")).size(), 1u);
  v1::ParticipantActionResult back =
      Change("ecf-standard-september", "2021", "2025-11-21T12:00:00Z");
  ASSERT_TRUE(Errors(back).empty()) << Errors(back)[0];
  EXPECT_EQ(back.participant().enrolments(0).cohort(), 2021);
  EXPECT_FALSE(back.participant().enrolments(0).cohort_changed_after_payments_frozen());
}

TEST_F(ChangeScheduleTest, StartedTodayChangesInPlaceWhenItsDeclarationsFit) {
  Exec(R"sql(
    UPDATE training_periods SET started_on = '2025-11-20'
     WHERE id = 'ffffffff-0000-4000-8000-000000000001';
    INSERT INTO declarations (teacher_id, training_period_id, lead_provider_id,
                              contract_period_year, course, declaration_type, declaration_date,
                              payment_status, request_digest)
    VALUES ('aaaaaaaa-0000-4000-8000-000000000001', 'ffffffff-0000-4000-8000-000000000001',
            '11111111-1111-4111-8111-000000000001', 2025, 'ect', 'retained-1',
            '2025-11-20 09:00Z', 'no_payment', repeat('a', 64));
  )sql");
  EXPECT_EQ(Errors(Change("ecf-extended-september")),
            (std::vector<std::string>{
                "schedule_identifier: The change of schedule cannot be applied because a previous "
                "change of schedule and a declaration were made on the same day. Applying another "
                "change of schedule would invalidate existing declarations. Please contact DfE "
                "for assistance."}));
  // Voided, the declaration no longer counts; the period changes in place.
  Exec("UPDATE declarations SET payment_status = 'voided', voided_at = now()");
  v1::ParticipantActionResult result = Change("ecf-extended-september");
  ASSERT_TRUE(Errors(result).empty()) << Errors(result)[0];
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM training_periods WHERE "
                               "ect_at_school_period_id = '", kFundedEctPeriod, "'")),
            1);
  EXPECT_EQ(result.participant().enrolments(0).schedule_identifier(), "ecf-extended-september");
}

TEST_F(LeadProviderApiServiceTest, AttachPartnershipChecksItsRequest) {
  v1::AttachPartnershipRequest request;
  request.set_lead_provider_id(kLp1);
  request.set_cohort(2025);
  request.set_school_urn("100015");
  request.set_partnership_id("55555555-5555-4555-8555-000000250015");
  request.set_delivery_partner_id(kDp1);
  v1::AttachPartnershipResponse response;
  {
    grpc::ClientContext context;
    EXPECT_EQ(stub_->AttachPartnership(&context, request, &response).error_code(),
              grpc::StatusCode::UNAVAILABLE);  // not configured here
  }
  for (auto change : std::vector<std::function<void(v1::AttachPartnershipRequest&)>>{
           [](auto& r) { r.set_partnership_id("x"); },
           [](auto& r) { r.set_school_urn("100015,1"); },
           [](auto& r) { r.set_cohort(0); },
           [](auto& r) { r.set_lead_provider_id(""); }}) {
    v1::AttachPartnershipRequest bad = request;
    change(bad);
    grpc::ClientContext context;
    EXPECT_EQ(stub_->AttachPartnership(&context, bad, &response).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
  }
}

TEST_F(ChangeScheduleTest, AttachPartnershipMakesWaitingTrainingVisible) {
  PartnershipAttachment attachment(db_.pool(), partnerships_);
  service_.set_partnership_attachment(&attachment);
  Exec(R"sql(
    UPDATE training_periods SET school_partnership_id = NULL, delivery_partner_id = NULL,
           expression_of_interest_id = '33333333-3333-4333-8333-000000012025'
     WHERE id = 'ffffffff-0000-4000-8000-000000000002';
  )sql");
  v1::ListParticipantsRequest list;
  list.set_lead_provider_id(kLp1);
  EXPECT_EQ(ParticipantIds(list), (std::vector<std::string>{kFundedEct, kMentor}));
  v1::AttachPartnershipRequest request;
  request.set_lead_provider_id(kLp1);
  request.set_cohort(2025);
  request.set_school_urn("100015");
  request.set_partnership_id("55555555-5555-4555-8555-000000250015");
  request.set_delivery_partner_id(kDp3);
  v1::AttachPartnershipResponse response;
  grpc::ClientContext context;
  ASSERT_TRUE(stub_->AttachPartnership(&context, request, &response).ok());
  EXPECT_EQ(response.training_periods(), 1);
  EXPECT_EQ(ParticipantIds(list), (std::vector<std::string>{kFundedEct, kUnfundedEct, kMentor}));
  EXPECT_TRUE(partnerships_.asked.empty());  // the partnership came with the request
}

TEST_F(LeadProviderApiServiceTest, DescribePartnershipsCountsOngoingTrainingAndNamesTutors) {
  Exec(R"sql(
    INSERT INTO schools (school_urn, induction_tutor_name, induction_tutor_email)
    VALUES ('100015', 'Sam Tutor', 'sam.tutor@school.example'), ('100016', NULL, NULL);
    -- The mentor's training ended yesterday: not counted.
    UPDATE training_periods SET finished_on = '2025-11-19'
     WHERE id = 'ffffffff-0000-4000-8000-000000000003';
  )sql");
  v1::DescribePartnershipsRequest request;
  request.set_lead_provider_id(kLp1);
  request.add_partnership_ids("55555555-5555-4555-8555-000000100015");
  request.add_partnership_ids("55555555-5555-4555-8555-000000100016");  // LP2's training
  request.add_school_urns("100015");
  request.add_school_urns("100016");
  v1::DescribePartnershipsResponse response;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub_->DescribePartnerships(&context, request, &response).ok());
  }
  ASSERT_EQ(response.partnerships_size(), 2);
  EXPECT_EQ(response.partnerships(0).participants_currently_training(), 2);
  EXPECT_EQ(response.partnerships(1).participants_currently_training(), 0);
  ASSERT_EQ(response.induction_tutors_size(), 1);
  EXPECT_EQ(response.induction_tutors(0).school_urn(), "100015");
  EXPECT_EQ(response.induction_tutors(0).name(), "Sam Tutor");
  EXPECT_EQ(response.induction_tutors(0).email(), "sam.tutor@school.example");

  request.add_school_urns("100015,1");
  grpc::ClientContext context;
  EXPECT_EQ(stub_->DescribePartnerships(&context, request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(LeadProviderApiServiceTest, DescribeSchoolsTellsWhoIsRegisteredWithTheProvider) {
  Exec(R"sql(
    INSERT INTO schools (school_urn, induction_tutor_name, induction_tutor_email)
    VALUES ('100016', 'Pat Tutor', 'pat.tutor@school.example');
  )sql");
  v1::DescribeSchoolsRequest request;
  request.set_lead_provider_id(kLp1);
  request.set_cohort(2025);
  request.add_school_urns("100016");
  request.add_school_urns("100015");
  request.add_school_urns("100099");
  v1::DescribeSchoolsResponse response;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub_->DescribeSchools(&context, request, &response).ok());
  }
  ASSERT_EQ(response.schools_size(), 3);
  EXPECT_EQ(response.schools(0).school_urn(), "100016");
  EXPECT_FALSE(response.schools(0).registered_with_provider());  // LP2's ECT only
  EXPECT_EQ(response.schools(0).induction_tutor_name(), "Pat Tutor");
  EXPECT_TRUE(response.schools(1).registered_with_provider());
  EXPECT_EQ(response.schools(1).induction_tutor_email(), "");
  EXPECT_FALSE(response.schools(2).registered_with_provider());
  request.set_cohort(2024);
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub_->DescribeSchools(&context, request, &response).ok());
  }
  EXPECT_FALSE(response.schools(1).registered_with_provider());
}

}  // namespace
}  // namespace rect::registration::api
