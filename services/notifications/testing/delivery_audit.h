// Test support: compares the outbox with what the local Notify received, email by email, to
// prove nothing was lost and count what was sent twice.
#pragma once

#include <string>

#include "tests/fakes/notify/fake_notify.h"

namespace rect::testing {

struct DeliveryAudit {
  int emails = 0;        // rows in the outbox
  int sent = 0;          // rows marked sent
  int missing = 0;       // rows with no copy in Notify
  int unrecorded = 0;    // sent rows whose notify_id is none of their reference's copies
  int duplicated = 0;    // references Notify holds more than once
  int extra_copies = 0;  // copies beyond the first
  int strangers = 0;     // copies whose reference names no row, or whose address differs

  std::string ToString() const;
};

// Reads every email of the outbox at `conninfo` and every email `notify` holds.
DeliveryAudit AuditDelivery(const std::string& conninfo, const fakes::FakeNotify& notify);

}  // namespace rect::testing
