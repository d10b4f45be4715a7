// How declarations move through payment after they are made (lead-provider-api.md §6.1):
// submitted -> eligible when the person's funding eligibility is recorded (on the declaring
// provider's next open output statement of the cohort), eligible -> payable once their
// statement's deadline passes, payable -> paid and awaiting-clawback -> clawed-back when DfE
// authorises the statement. The transitions are one pure function (table-tested); the store
// applies them set by set in SQL, and a background job runs the system ones.
#pragma once

#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/pg_pool.h"
#include "services/common/server.h"

namespace rect::registration::api {

enum class PaymentEvent {
  kEligibilityRecorded,  // the person became funding-eligible in the declaration's role
  kStatementPayable,     // a statement's deadline passed
  kStatementPaid,        // DfE authorised a statement
};

struct PaymentState {
  std::string payment_status;   // no_payment, eligible, payable, paid, voided
  std::string clawback_status;  // no_clawback, awaiting_clawback, clawed_back
  bool operator==(const PaymentState& o) const {
    return payment_status == o.payment_status && clawback_status == o.clawback_status;
  }
};

struct PaymentContext {
  // The event's statement is the declaration's payment statement / its clawback statement.
  bool on_payment_statement = false;
  bool on_clawback_statement = false;
  // kEligibilityRecorded: the provider has an open output statement for the cohort with a
  // deadline from today (the statement the declaration then goes on).
  bool open_statement_available = false;
};

// The declaration's state after `event`, or nullopt when the event leaves it alone.
std::optional<PaymentState> ProgressPayment(PaymentEvent event, const PaymentState& state,
                                            const PaymentContext& context);

// What MarkStatementPaid changed.
struct PaidStatement {
  int paid = 0;         // declarations payable -> paid
  int clawed_back = 0;  // declarations awaiting-clawback -> clawed-back
};

class DeclarationPayments {
 public:
  explicit DeclarationPayments(PgPool& pool) : pool_(pool) {}

  // Open statements whose deadline (a London day) is before `now`'s day become payable, with
  // the eligible declarations on any statement no longer open. Returns how many statements
  // changed.
  absl::StatusOr<int> CloseStatementsPastDeadline(absl::Time now);

  // Submitted ECT declarations of people whose funding eligibility is recorded become eligible
  // on their provider's next open output statement of the cohort (those without one stay
  // submitted). Returns how many changed.
  absl::StatusOr<int> MarkEligibleDeclarations(absl::Time now);

  // Records that an ECT became eligible for funded training (what the appropriate body's record
  // of their induction does), once: later calls keep the first instant. Their submitted
  // declarations then become eligible on the next pass. NOT_FOUND for an unknown participant,
  // INVALID_ARGUMENT for an id that is not a UUID. Returns whether it was newly recorded.
  absl::StatusOr<bool> RecordEctEligibility(const std::string& participant_id, absl::Time now);

  // DfE authorises a payable statement: its payable declarations are paid and the clawbacks
  // awaiting it are clawed back. NOT_FOUND for an unknown statement, FAILED_PRECONDITION
  // unless it is payable, INVALID_ARGUMENT for an id that is not a UUID.
  absl::StatusOr<PaidStatement> MarkStatementPaid(const std::string& statement_id, absl::Time now);

 private:
  PgPool& pool_;
};

// Runs CloseStatementsPastDeadline and MarkEligibleDeclarations every `interval`.
class DeclarationPaymentsJob : public BackgroundJob {
 public:
  DeclarationPaymentsJob(DeclarationPayments& payments, absl::Duration interval)
      : payments_(payments), interval_(interval) {}
  ~DeclarationPaymentsJob() override { Stop(); }
  void Start() override;
  void Stop() override;

 private:
  void Loop();
  DeclarationPayments& payments_;
  absl::Duration interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace rect::registration::api
