// DeclarationPayments against PostgreSQL: statements closing at their deadline, declarations
// becoming eligible, payable, paid and clawed back.
#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <string>

#include "services/common/testing/service_fixture.h"
#include "services/registration/api/declaration_payments.h"
#include "services/registration/migrations.h"

namespace rect::registration::api {
namespace {

// LP1's statements of 2025: S1 (deadline 2025-11-30), S2 (2025-12-31); LP2's S3 (2025-11-30).
// Declarations: 1 eligible on S1, 2 eligible on S2, 3 submitted of an ECT who is not yet
// eligible, 4 paid on an earlier paid statement and awaiting clawback on S1, 5 voided on S1,
// 6 eligible on LP2's S3.
constexpr char kFixtureSql[] = R"sql(
INSERT INTO schedules (id, contract_period_year, identifier) VALUES
  ('bbbbbbbb-0000-4000-8000-000000002025', 2025, 'ecf-standard-september');
INSERT INTO teachers (id, trn, trs_first_name, trs_last_name) VALUES
  ('aaaaaaaa-0000-4000-8000-000000000001', '1000001', 'Funded', 'Ect'),
  ('aaaaaaaa-0000-4000-8000-000000000002', '1000002', 'Later', 'Ect');
INSERT INTO ect_at_school_periods (id, teacher_id, school_urn, started_on) VALUES
  ('dddddddd-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000001', '100015',
   '2025-09-01'),
  ('dddddddd-0000-4000-8000-000000000002', 'aaaaaaaa-0000-4000-8000-000000000002', '100015',
   '2025-09-01');
INSERT INTO training_periods (id, ect_at_school_period_id, started_on, training_programme,
                              lead_provider_id, contract_period_year, school_partnership_id,
                              schedule_id) VALUES
  ('ffffffff-0000-4000-8000-000000000001', 'dddddddd-0000-4000-8000-000000000001', '2025-09-01',
   'provider_led', '11111111-1111-4111-8111-000000000001', 2025,
   '55555555-5555-4555-8555-000000100015', 'bbbbbbbb-0000-4000-8000-000000002025'),
  ('ffffffff-0000-4000-8000-000000000002', 'dddddddd-0000-4000-8000-000000000002', '2025-09-01',
   'provider_led', '11111111-1111-4111-8111-000000000001', 2025,
   '55555555-5555-4555-8555-000000100015', 'bbbbbbbb-0000-4000-8000-000000002025');
INSERT INTO statements (id, lead_provider_id, contract_period_year, month, year, deadline_date,
                        payment_date, status) VALUES
  ('cccccccc-0000-4000-8000-000000000001', '11111111-1111-4111-8111-000000000001', 2025, 12,
   2025, '2025-11-30', '2025-12-25', 'open'),
  ('cccccccc-0000-4000-8000-000000000002', '11111111-1111-4111-8111-000000000001', 2025, 1,
   2026, '2025-12-31', '2026-01-25', 'open'),
  ('cccccccc-0000-4000-8000-000000000003', '11111111-1111-4111-8111-000000000002', 2025, 12,
   2025, '2025-11-30', '2025-12-25', 'open'),
  ('cccccccc-0000-4000-8000-000000000009', '11111111-1111-4111-8111-000000000001', 2025, 10,
   2025, '2025-09-30', '2025-10-25', 'paid');
INSERT INTO declarations (id, teacher_id, training_period_id, lead_provider_id,
                          contract_period_year, course, declaration_type, declaration_date,
                          payment_status, clawback_status, payment_statement_id,
                          clawback_statement_id, voided_at, request_digest, updated_at)
SELECT d.id::uuid, d.teacher::uuid, d.period::uuid, d.lp::uuid, 2025, 'ect', d.type,
       '2025-10-01 09:00Z', d.payment, d.clawback, d.statement::uuid, d.clawback_statement::uuid,
       CASE WHEN d.payment = 'voided' THEN '2025-10-02 09:00Z'::timestamptz END,
       repeat(right(d.id, 1), 64), '2025-10-01 10:00Z'
FROM (VALUES
  ('eeeeeeee-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000001',
   'ffffffff-0000-4000-8000-000000000001', '11111111-1111-4111-8111-000000000001', 'started',
   'eligible', 'no_clawback', 'cccccccc-0000-4000-8000-000000000001', NULL),
  ('eeeeeeee-0000-4000-8000-000000000002', 'aaaaaaaa-0000-4000-8000-000000000001',
   'ffffffff-0000-4000-8000-000000000001', '11111111-1111-4111-8111-000000000001', 'retained-1',
   'eligible', 'no_clawback', 'cccccccc-0000-4000-8000-000000000002', NULL),
  ('eeeeeeee-0000-4000-8000-000000000003', 'aaaaaaaa-0000-4000-8000-000000000002',
   'ffffffff-0000-4000-8000-000000000002', '11111111-1111-4111-8111-000000000001', 'started',
   'no_payment', 'no_clawback', NULL, NULL),
  ('eeeeeeee-0000-4000-8000-000000000004', 'aaaaaaaa-0000-4000-8000-000000000001',
   'ffffffff-0000-4000-8000-000000000001', '11111111-1111-4111-8111-000000000001', 'retained-2',
   'paid', 'awaiting_clawback', 'cccccccc-0000-4000-8000-000000000009',
   'cccccccc-0000-4000-8000-000000000001'),
  ('eeeeeeee-0000-4000-8000-000000000005', 'aaaaaaaa-0000-4000-8000-000000000001',
   'ffffffff-0000-4000-8000-000000000001', '11111111-1111-4111-8111-000000000001', 'retained-3',
   'voided', 'no_clawback', 'cccccccc-0000-4000-8000-000000000001', NULL),
  ('eeeeeeee-0000-4000-8000-000000000006', 'aaaaaaaa-0000-4000-8000-000000000001',
   'ffffffff-0000-4000-8000-000000000001', '11111111-1111-4111-8111-000000000002', 'retained-4',
   'eligible', 'no_clawback', 'cccccccc-0000-4000-8000-000000000003', NULL)
) AS d (id, teacher, period, lp, type, payment, clawback, statement, clawback_statement);
)sql";

class DeclarationPaymentsTest : public ::testing::Test {
 protected:
  DeclarationPaymentsTest() : db_(Migrations(), 2), payments_(db_.pool()) {
    pqxx::connection c(db_.conninfo());
    pqxx::work txn(c);
    txn.exec(kFixtureSql);
    txn.commit();
  }

  // "payment_status/clawback_status@statement" of declaration n.
  std::string State(int n) {
    pqxx::connection c(db_.conninfo());
    pqxx::read_transaction txn(c);
    return txn
        .exec_params("SELECT payment_status || '/' || clawback_status || '@' || "
                     "coalesce(right(payment_statement_id::text, 1), '-') FROM declarations "
                     "WHERE id = $1::uuid",
                     "eeeeeeee-0000-4000-8000-00000000000" + std::to_string(n))[0][0]
        .as<std::string>();
  }

  std::string Statuses() {
    pqxx::connection c(db_.conninfo());
    pqxx::read_transaction txn(c);
    return txn.exec("SELECT string_agg(status, ',' ORDER BY id) FROM statements")[0][0]
        .as<std::string>();
  }

  int64_t UpdatedAt(int n) {
    pqxx::connection c(db_.conninfo());
    pqxx::read_transaction txn(c);
    return txn
        .exec_params("SELECT extract(epoch FROM updated_at)::bigint FROM declarations "
                     "WHERE id = $1::uuid",
                     "eeeeeeee-0000-4000-8000-00000000000" + std::to_string(n))[0][0]
        .as<int64_t>();
  }

  testing::MigratedDatabase db_;
  DeclarationPayments payments_;
};

// 2025-11-30 12:00Z and 2025-12-01 00:30 London (00:30Z).
const absl::Time kDeadlineDay = absl::FromUnixSeconds(1764504000);
const absl::Time kDayAfter = absl::FromUnixSeconds(1764549000);

TEST_F(DeclarationPaymentsTest, StatementsCloseTheDayAfterTheirDeadline) {
  ASSERT_EQ(*payments_.CloseStatementsPastDeadline(kDeadlineDay), 0);
  EXPECT_EQ(State(1), "eligible/no_clawback@1");
  ASSERT_EQ(*payments_.CloseStatementsPastDeadline(kDayAfter), 2);
  EXPECT_EQ(Statuses(), "payable,open,payable,paid");
  EXPECT_EQ(State(1), "payable/no_clawback@1");
  EXPECT_EQ(UpdatedAt(1), absl::ToUnixSeconds(kDayAfter));
  EXPECT_EQ(State(2), "eligible/no_clawback@2");
  EXPECT_EQ(State(5), "voided/no_clawback@1");
  EXPECT_EQ(State(6), "payable/no_clawback@3");
  // Again: nothing more.
  EXPECT_EQ(*payments_.CloseStatementsPastDeadline(kDayAfter), 0);
}

TEST_F(DeclarationPaymentsTest, PayingAStatementPaysItsDeclarationsAndClawsBack) {
  const std::string s1 = "cccccccc-0000-4000-8000-000000000001";
  EXPECT_EQ(payments_.MarkStatementPaid(s1, kDeadlineDay).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(payments_.MarkStatementPaid("cccccccc-0000-4000-8000-00000000000f", kDayAfter)
                .status()
                .code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(payments_.MarkStatementPaid("x", kDayAfter).status().code(),
            absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(payments_.CloseStatementsPastDeadline(kDayAfter).ok());
  absl::StatusOr<PaidStatement> paid = payments_.MarkStatementPaid(s1, kDayAfter);
  ASSERT_TRUE(paid.ok()) << paid.status();
  EXPECT_EQ(paid->paid, 1);
  EXPECT_EQ(paid->clawed_back, 1);
  EXPECT_EQ(State(1), "paid/no_clawback@1");
  EXPECT_EQ(State(4), "paid/clawed_back@9");
  EXPECT_EQ(State(5), "voided/no_clawback@1");
  EXPECT_EQ(State(6), "payable/no_clawback@3");  // LP2's statement is not paid
  EXPECT_EQ(Statuses(), "paid,open,payable,paid");
  EXPECT_EQ(payments_.MarkStatementPaid(s1, kDayAfter).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(DeclarationPaymentsTest, SubmittedBecomeEligibleOnceEligibilityIsRecorded) {
  ASSERT_EQ(*payments_.MarkEligibleDeclarations(kDeadlineDay), 0);
  EXPECT_EQ(State(3), "no_payment/no_clawback@-");
  {
    pqxx::connection c(db_.conninfo());
    pqxx::work txn(c);
    txn.exec("UPDATE teachers SET ect_first_became_eligible_for_training_at = now() "
             "WHERE trn = '1000002'");
    txn.commit();
  }
  // On the deadline day S1 still takes it; the day after, S2.
  ASSERT_EQ(*payments_.MarkEligibleDeclarations(kDeadlineDay), 1);
  EXPECT_EQ(State(3), "eligible/no_clawback@1");
  EXPECT_EQ(UpdatedAt(3), absl::ToUnixSeconds(kDeadlineDay));
  EXPECT_EQ(*payments_.MarkEligibleDeclarations(kDayAfter), 0);
}

TEST_F(DeclarationPaymentsTest, EligibilityIsRecordedOnce) {
  const std::string later = "aaaaaaaa-0000-4000-8000-000000000002";
  EXPECT_EQ(payments_.RecordEctEligibility("x", kDeadlineDay).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(payments_.RecordEctEligibility("aaaaaaaa-0000-4000-8000-00000000000f", kDeadlineDay)
                .status()
                .code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(*payments_.RecordEctEligibility(later, kDeadlineDay), true);
  EXPECT_EQ(*payments_.RecordEctEligibility(later, kDayAfter), false);
  {
    pqxx::connection c(db_.conninfo());
    pqxx::read_transaction txn(c);
    EXPECT_EQ(txn.exec("SELECT extract(epoch FROM ect_first_became_eligible_for_training_at)"
                       "::bigint FROM teachers WHERE trn = '1000002'")[0][0]
                  .as<int64_t>(),
              absl::ToUnixSeconds(kDeadlineDay));
  }
  ASSERT_EQ(*payments_.MarkEligibleDeclarations(kDeadlineDay), 1);
  EXPECT_EQ(State(3), "eligible/no_clawback@1");
}

TEST_F(DeclarationPaymentsTest, WithoutAnOpenStatementTheyStaySubmitted) {
  {
    pqxx::connection c(db_.conninfo());
    pqxx::work txn(c);
    txn.exec("UPDATE teachers SET ect_first_became_eligible_for_training_at = now() "
             "WHERE trn = '1000002'");
    txn.commit();
  }
  // 2026-01-01: both LP1 statements' deadlines have passed.
  EXPECT_EQ(*payments_.MarkEligibleDeclarations(absl::FromUnixSeconds(1767268800)), 0);
  EXPECT_EQ(State(3), "no_payment/no_clawback@-");
}

}  // namespace
}  // namespace rect::registration::api
