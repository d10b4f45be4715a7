#include "services/registration/api/declaration_payments.h"

#include <pqxx/pqxx>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/log.h"
#include "services/common/tokens.h"
#include "services/registration/api/declaration_rules.h"

namespace rect::registration::api {
namespace {

std::string LondonDayText(absl::Time now) {
  return absl::FormatCivilTime(absl::ToCivilDay(now, LondonTimeZone()));
}

}  // namespace

std::optional<PaymentState> ProgressPayment(PaymentEvent event, const PaymentState& state,
                                            const PaymentContext& context) {
  const bool no_clawback = state.clawback_status == "no_clawback";
  switch (event) {
    case PaymentEvent::kEligibilityRecorded:
      if (state.payment_status == "no_payment" && no_clawback &&
          context.open_statement_available) {
        return PaymentState{"eligible", state.clawback_status};
      }
      return std::nullopt;
    case PaymentEvent::kStatementPayable:
      if (state.payment_status == "eligible" && context.on_payment_statement) {
        return PaymentState{"payable", state.clawback_status};
      }
      return std::nullopt;
    case PaymentEvent::kStatementPaid:
      if (state.payment_status == "payable" && no_clawback && context.on_payment_statement) {
        return PaymentState{"paid", state.clawback_status};
      }
      if (state.payment_status == "paid" && state.clawback_status == "awaiting_clawback" &&
          context.on_clawback_statement) {
        return PaymentState{"paid", "clawed_back"};
      }
      return std::nullopt;
  }
  return std::nullopt;
}

// The set-based updates below are ProgressPayment's transitions for every declaration an event
// touches at once.

absl::StatusOr<int> DeclarationPayments::CloseStatementsPastDeadline(absl::Time now) {
  const std::string today = LondonDayText(now);
  const int64_t at = absl::ToUnixSeconds(now);
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<int> {
    const pqxx::result closed = txn.exec_params(
        "UPDATE statements SET status = 'payable', updated_at = to_timestamp($2::bigint) "
        "WHERE status = 'open' AND deadline_date < $1::date RETURNING id",
        today, at);
    // kStatementPayable: eligible declarations on any statement that is no longer open (also
    // one that a declaration reached while its statement was closing).
    txn.exec_params(
        "UPDATE declarations d SET payment_status = 'payable', "
        "updated_at = to_timestamp($1::bigint) FROM statements s "
        "WHERE s.id = d.payment_statement_id AND s.status <> 'open' "
        "AND d.payment_status = 'eligible'",
        at);
    return static_cast<int>(closed.size());
  });
}

absl::StatusOr<int> DeclarationPayments::MarkEligibleDeclarations(absl::Time now) {
  const std::string today = LondonDayText(now);
  const int64_t at = absl::ToUnixSeconds(now);
  // S of §6.1 for the declaration's provider and cohort.
  constexpr char kNextStatement[] =
      "SELECT s.id FROM statements s WHERE s.lead_provider_id = d.lead_provider_id "
      "AND s.contract_period_year = d.contract_period_year AND s.output_fee "
      "AND s.status = 'open' AND s.deadline_date >= $1::date "
      "ORDER BY s.deadline_date, s.id LIMIT 1";
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<int> {
    const pqxx::result changed = txn.exec_params(
        absl::StrCat("UPDATE declarations d SET payment_status = 'eligible', "
                     "payment_statement_id = (",
                     kNextStatement,
                     "), updated_at = to_timestamp($2::bigint) "
                     "WHERE d.payment_status = 'no_payment' AND d.clawback_status = "
                     "'no_clawback' AND d.course = 'ect' AND EXISTS (SELECT 1 FROM teachers t "
                     "WHERE t.id = d.teacher_id "
                     "AND t.ect_first_became_eligible_for_training_at IS NOT NULL) "
                     "AND EXISTS (",
                     kNextStatement, ") RETURNING d.id"),
        today, at);
    return static_cast<int>(changed.size());
  });
}

absl::StatusOr<bool> DeclarationPayments::RecordEctEligibility(const std::string& participant_id,
                                                               absl::Time now) {
  if (!IsUuid(participant_id)) return absl::InvalidArgumentError("participant id must be a UUID");
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<bool> {
    const pqxx::result found = txn.exec_params(
        "SELECT ect_first_became_eligible_for_training_at IS NULL FROM teachers "
        "WHERE id = $1::uuid FOR UPDATE",
        participant_id);
    if (found.empty()) return absl::NotFoundError("no such participant");
    if (!found[0][0].as<bool>()) return false;
    // eligible_for_funding is API-visible.
    txn.exec_params(
        "UPDATE teachers SET ect_first_became_eligible_for_training_at = "
        "to_timestamp($2::bigint), updated_at = to_timestamp($2::bigint) WHERE id = $1::uuid",
        participant_id, absl::ToUnixSeconds(now));
    return true;
  });
}

absl::StatusOr<PaidStatement> DeclarationPayments::MarkStatementPaid(
    const std::string& statement_id, absl::Time now) {
  if (!IsUuid(statement_id)) return absl::InvalidArgumentError("statement id must be a UUID");
  const int64_t at = absl::ToUnixSeconds(now);
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<PaidStatement> {
    const pqxx::result statement = txn.exec_params(
        "SELECT status FROM statements WHERE id = $1::uuid FOR UPDATE", statement_id);
    if (statement.empty()) return absl::NotFoundError("no such statement");
    const std::string status = statement[0][0].as<std::string>();
    if (status != "payable") {
      return absl::FailedPreconditionError(
          absl::StrCat("the statement is ", status, "; only a payable statement can be paid"));
    }
    txn.exec_params(
        "UPDATE statements SET status = 'paid', updated_at = to_timestamp($2::bigint) "
        "WHERE id = $1::uuid",
        statement_id, at);
    PaidStatement result;
    for (const pqxx::row& row : txn.exec_params(
             "SELECT id, payment_status, clawback_status, payment_statement_id = $1::uuid, "
             "clawback_statement_id IS NOT DISTINCT FROM $1::uuid FROM declarations "
             "WHERE payment_statement_id = $1::uuid OR clawback_statement_id = $1::uuid "
             "FOR UPDATE",
             statement_id)) {
      PaymentContext context;
      context.on_payment_statement = row[3].as<bool>();
      context.on_clawback_statement = row[4].as<bool>();
      const PaymentState before{row[1].as<std::string>(), row[2].as<std::string>()};
      const std::optional<PaymentState> after =
          ProgressPayment(PaymentEvent::kStatementPaid, before, context);
      if (!after.has_value()) continue;
      txn.exec_params(
          "UPDATE declarations SET payment_status = $2, clawback_status = $3, "
          "updated_at = to_timestamp($4::bigint) WHERE id = $1::uuid",
          row[0].as<std::string>(), after->payment_status, after->clawback_status, at);
      if (after->clawback_status != before.clawback_status) {
        ++result.clawed_back;
      } else {
        ++result.paid;
      }
    }
    return result;
  });
}

void DeclarationPaymentsJob::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void DeclarationPaymentsJob::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void DeclarationPaymentsJob::Loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    const absl::Time now = absl::Now();
    absl::StatusOr<int> closed = payments_.CloseStatementsPastDeadline(now);
    if (!closed.ok()) {
      log::Warning("closing statements past their deadline failed",
                   {{"status", closed.status().ToString()}});
    } else if (*closed > 0) {
      log::Info("statements past their deadline are payable", {{"statements", *closed}});
    }
    absl::StatusOr<int> eligible = payments_.MarkEligibleDeclarations(now);
    if (!eligible.ok()) {
      log::Warning("marking declarations eligible failed",
                   {{"status", eligible.status().ToString()}});
    } else if (*eligible > 0) {
      log::Info("submitted declarations are eligible", {{"declarations", *eligible}});
    }
    lock.lock();
    wake_.wait_for(lock, absl::ToChronoMilliseconds(interval_), [this] { return stopping_; });
  }
}

}  // namespace rect::registration::api
