// Notifications' storage: the SQL behind the email outbox. The interface lets service tests
// substitute a failing store.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/pg_pool.h"

namespace rect::notifications {

enum class EmailStatus { kPending, kSending, kSent, kFailed };

struct NewEmail {
  std::string template_name;
  std::string recipient;
  std::map<std::string, std::string> personalisation;
  std::string idempotency_key;
};

struct EmailRecord {
  std::string id;
  std::string template_name;
  std::string recipient;
  std::map<std::string, std::string> personalisation;
  std::string idempotency_key;
  EmailStatus status = EmailStatus::kPending;
  int attempts = 0;
  std::string notify_id;   // empty until sent
  std::string last_error;  // empty unless an attempt failed
  absl::Time created_at;
  absl::Time updated_at;
  std::optional<absl::Time> next_attempt_at;  // none once sent or failed
  std::optional<absl::Time> sent_at;
};

struct EnqueueResult {
  EmailRecord email;  // the stored email: the new one, or the first with that key
  bool created = false;
};

class NotificationsStore {
 public:
  virtual ~NotificationsStore() = default;
  // Stores `email` as pending unless its idempotency key is taken; either way returns the row
  // holding the key. Concurrent calls with one key store exactly one row.
  virtual absl::StatusOr<EnqueueResult> EnqueueEmail(const NewEmail& email) = 0;
  // NOT_FOUND when there is no email with that id (a UUID).
  virtual absl::StatusOr<EmailRecord> GetEmail(const std::string& id) = 0;
};

class PgNotificationsStore : public NotificationsStore {
 public:
  explicit PgNotificationsStore(PgPool& pool) : pool_(pool) {}
  absl::StatusOr<EnqueueResult> EnqueueEmail(const NewEmail& email) override;
  absl::StatusOr<EmailRecord> GetEmail(const std::string& id) override;

 private:
  PgPool& pool_;
};

}  // namespace rect::notifications
