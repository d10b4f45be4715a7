// payments_admin: DfE's payment operations on the Lead Provider API's statements, against the
// registration database (--database_url or RECT_REGISTRATION_DATABASE_URL).
//
//   payments_admin mark-statement-paid --statement_id=<uuid>
//       authorises a payable statement: its payable declarations are paid and the clawbacks
//       awaiting it clawed back.
//   payments_admin record-ect-eligibility --participant_id=<uuid>
//       records that an ECT became eligible for funded training (as the appropriate body's
//       record of their induction does) and runs the pass, so their submitted declarations
//       become eligible.
//   payments_admin advance
//       runs the system's pass now (the registration service runs it every minute): statements
//       past their deadline become payable, submitted declarations of people now eligible
//       become eligible.
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/time/clock.h"
#include "services/common/options.h"
#include "services/common/pg_pool.h"
#include "services/registration/api/declaration_payments.h"

ABSL_FLAG(std::string, database_url, "", "registration database (libpq URI or conninfo)");
ABSL_FLAG(std::string, statement_id, "", "mark-statement-paid: the statement");
ABSL_FLAG(std::string, participant_id, "", "record-ect-eligibility: the participant");

int main(int argc, char** argv) {
  const std::vector<char*> args =
      rect::ParseFlagsWithEnvironment(argc, argv, "RECT_REGISTRATION_", {"database_url"});
  const std::string command = args.size() > 1 ? args[1] : "";
  if (absl::GetFlag(FLAGS_database_url).empty() ||
      (command != "mark-statement-paid" && command != "advance" &&
       command != "record-ect-eligibility")) {
    std::cerr << "usage: payments_admin mark-statement-paid --statement_id=<uuid> "
                 "--database_url=...\n"
                 "       payments_admin record-ect-eligibility --participant_id=<uuid> "
                 "--database_url=...\n"
                 "       payments_admin advance --database_url=...\n";
    return 2;
  }
  rect::PgPool pool({absl::GetFlag(FLAGS_database_url), 1, absl::Seconds(10)}, nullptr);
  rect::registration::api::DeclarationPayments payments(pool);
  const absl::Time now = absl::Now();
  if (command == "record-ect-eligibility") {
    absl::StatusOr<bool> recorded =
        payments.RecordEctEligibility(absl::GetFlag(FLAGS_participant_id), now);
    if (!recorded.ok()) {
      std::cerr << "eligibility not recorded: " << recorded.status().message() << "\n";
      return recorded.status().code() == absl::StatusCode::kInvalidArgument ? 2 : 3;
    }
    absl::StatusOr<int> eligible = payments.MarkEligibleDeclarations(now);
    if (!eligible.ok()) {
      std::cerr << "marking declarations eligible failed: " << eligible.status().message()
                << "\n";
      return 3;
    }
    std::cout << (*recorded ? "eligibility recorded, " : "eligibility was already recorded, ")
              << *eligible << " declarations became eligible\n";
    return 0;
  }
  if (command == "advance") {
    absl::StatusOr<int> closed = payments.CloseStatementsPastDeadline(now);
    absl::StatusOr<int> eligible =
        closed.ok() ? payments.MarkEligibleDeclarations(now) : closed.status();
    if (!eligible.ok()) {
      std::cerr << "payments pass failed: " << eligible.status().message() << "\n";
      return 3;
    }
    std::cout << *closed << " statements became payable, " << *eligible
              << " declarations became eligible\n";
    return 0;
  }
  absl::StatusOr<rect::registration::api::PaidStatement> paid =
      payments.MarkStatementPaid(absl::GetFlag(FLAGS_statement_id), now);
  if (!paid.ok()) {
    std::cerr << "statement not paid: " << paid.status().message() << "\n";
    return paid.status().code() == absl::StatusCode::kInvalidArgument ? 2 : 3;
  }
  std::cout << "statement paid: " << paid->paid << " declarations paid, " << paid->clawed_back
            << " clawed back\n";
  return 0;
}
