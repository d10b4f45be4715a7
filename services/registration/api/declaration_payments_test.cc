#include "services/registration/api/declaration_payments.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rect::registration::api {
namespace {

struct Case {
  std::string name;
  PaymentEvent event;
  PaymentState before;
  PaymentContext context;
  std::optional<PaymentState> after;
};

TEST(ProgressPaymentTest, Transitions) {
  const PaymentContext on_payment{true, false, false};
  const PaymentContext on_clawback{false, true, false};
  const PaymentContext elsewhere{false, false, false};
  const PaymentContext statement_open{false, false, true};
  const std::vector<Case> cases = {
      {"submitted becomes eligible", PaymentEvent::kEligibilityRecorded,
       {"no_payment", "no_clawback"}, statement_open, PaymentState{"eligible", "no_clawback"}},
      {"submitted stays without an open statement", PaymentEvent::kEligibilityRecorded,
       {"no_payment", "no_clawback"}, elsewhere, std::nullopt},
      {"eligible is not re-marked", PaymentEvent::kEligibilityRecorded,
       {"eligible", "no_clawback"}, statement_open, std::nullopt},
      {"voided is not marked", PaymentEvent::kEligibilityRecorded, {"voided", "no_clawback"},
       statement_open, std::nullopt},
      {"eligible on the statement becomes payable", PaymentEvent::kStatementPayable,
       {"eligible", "no_clawback"}, on_payment, PaymentState{"payable", "no_clawback"}},
      {"eligible on another statement stays", PaymentEvent::kStatementPayable,
       {"eligible", "no_clawback"}, elsewhere, std::nullopt},
      {"submitted is not on a statement", PaymentEvent::kStatementPayable,
       {"no_payment", "no_clawback"}, on_payment, std::nullopt},
      {"voided stays voided", PaymentEvent::kStatementPayable, {"voided", "no_clawback"},
       on_payment, std::nullopt},
      {"payable becomes paid", PaymentEvent::kStatementPaid, {"payable", "no_clawback"},
       on_payment, PaymentState{"paid", "no_clawback"}},
      {"payable on another statement stays", PaymentEvent::kStatementPaid,
       {"payable", "no_clawback"}, elsewhere, std::nullopt},
      {"eligible waits for payable", PaymentEvent::kStatementPaid, {"eligible", "no_clawback"},
       on_payment, std::nullopt},
      {"awaiting clawback is clawed back", PaymentEvent::kStatementPaid,
       {"paid", "awaiting_clawback"}, on_clawback, PaymentState{"paid", "clawed_back"}},
      {"awaiting clawback on another statement stays", PaymentEvent::kStatementPaid,
       {"paid", "awaiting_clawback"}, on_payment, std::nullopt},
      {"clawed back stays", PaymentEvent::kStatementPaid, {"paid", "clawed_back"}, on_clawback,
       std::nullopt},
      {"paid is paid once", PaymentEvent::kStatementPaid, {"paid", "no_clawback"}, on_payment,
       std::nullopt},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ProgressPayment(c.event, c.before, c.context), c.after) << c.name;
  }
}

}  // namespace
}  // namespace rect::registration::api
