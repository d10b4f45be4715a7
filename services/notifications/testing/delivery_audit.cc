#include "services/notifications/testing/delivery_audit.h"

#include <map>
#include <pqxx/pqxx>
#include <vector>

#include "absl/strings/str_cat.h"

namespace rect::testing {

std::string DeliveryAudit::ToString() const {
  return absl::StrCat("emails=", emails, " sent=", sent, " missing=", missing,
                      " unrecorded=", unrecorded, " duplicated=", duplicated,
                      " extra_copies=", extra_copies, " strangers=", strangers);
}

DeliveryAudit AuditDelivery(const std::string& conninfo, const fakes::FakeNotify& notify) {
  std::map<std::string, std::vector<fakes::FakeEmail>> copies;  // by reference
  for (fakes::FakeEmail& email : notify.Emails()) copies[email.reference].push_back(email);

  DeliveryAudit audit;
  pqxx::connection connection(conninfo);
  pqxx::nontransaction txn(connection);
  std::map<std::string, std::string> recipients;  // idempotency key -> recipient
  for (const pqxx::row& row : txn.exec("SELECT idempotency_key, recipient, status, "
                                       "coalesce(notify_id::text, '') FROM emails")) {
    const std::string key = row[0].as<std::string>();
    recipients[key] = row[1].as<std::string>();
    ++audit.emails;
    const bool sent = row[2].as<std::string>() == "sent";
    if (sent) ++audit.sent;
    auto found = copies.find(key);
    if (found == copies.end()) {
      ++audit.missing;
      continue;
    }
    bool recorded = false;
    for (const fakes::FakeEmail& copy : found->second)
      recorded |= copy.id == row[3].as<std::string>();
    if (sent && !recorded) ++audit.unrecorded;
  }
  for (const auto& [reference, list] : copies) {
    if (list.size() > 1) {
      ++audit.duplicated;
      audit.extra_copies += static_cast<int>(list.size()) - 1;
    }
    auto row = recipients.find(reference);
    for (const fakes::FakeEmail& copy : list) {
      if (row == recipients.end() || copy.email_address != row->second) ++audit.strangers;
    }
  }
  return audit;
}

}  // namespace rect::testing
