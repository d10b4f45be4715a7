// Notifications' storage: the SQL behind the email outbox. The interface lets service tests
// substitute a failing store.
#pragma once

#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/pg_pool.h"
#include "services/notifications/sealed_personalisation.h"
#include "services/notifications/templates.h"

namespace rect::notifications {

enum class EmailStatus { kPending, kSending, kSent, kFailed };

struct NewEmail {
  std::string template_name;
  std::string recipient;
  Personalisation personalisation;
  std::string idempotency_key;
};

struct EmailRecord {
  std::string id;
  std::string template_name;
  std::string recipient;
  Personalisation personalisation;
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

// Support's filters for ListEmails; empty fields match everything.
struct EmailFilter {
  std::string recipient;  // compared ignoring case
  std::string template_name;
  std::optional<EmailStatus> status;
  std::string idempotency_key;
  std::optional<absl::Time> created_after;   // inclusive
  std::optional<absl::Time> created_before;  // exclusive
};

// Where a page of the newest-first list ends: the last email's creation time and id.
struct EmailCursor {
  absl::Time created_at;  // microsecond precision, as stored
  std::string id;
};

struct EmailPage {
  std::vector<EmailRecord> emails;
  std::optional<EmailCursor> next;  // set when more emails match
};

class NotificationsStore {
 public:
  virtual ~NotificationsStore() = default;
  // Stores `email` as pending unless its idempotency key is taken; either way returns the row
  // holding the key. Concurrent calls with one key store exactly one row.
  virtual absl::StatusOr<EnqueueResult> EnqueueEmail(const NewEmail& email) = 0;
  // NOT_FOUND when there is no email with that id (a UUID).
  virtual absl::StatusOr<EmailRecord> GetEmail(const std::string& id) = 0;
  // Emails matching `filter`, newest first (ties by id), at most `limit`, after `after`;
  // without their personalisation (it may hold live sign-in links).
  virtual absl::StatusOr<EmailPage> ListEmails(const EmailFilter& filter, int limit,
                                               const std::optional<EmailCursor>& after) = 0;
};

class PgNotificationsStore : public NotificationsStore {
 public:
  // Personalisation is sealed with `sealer` on the way in and opened on the way out; both
  // must outlive the store.
  PgNotificationsStore(PgPool& pool, const PersonalisationSealer& sealer)
      : pool_(pool), sealer_(sealer) {}
  absl::StatusOr<EnqueueResult> EnqueueEmail(const NewEmail& email) override;
  absl::StatusOr<EmailRecord> GetEmail(const std::string& id) override;
  absl::StatusOr<EmailPage> ListEmails(const EmailFilter& filter, int limit,
                                       const std::optional<EmailCursor>& after) override;

 private:
  PgPool& pool_;
  const PersonalisationSealer& sealer_;
};

// Personalisation as a JSON object of strings (what is sealed), and back.
std::string PersonalisationToJson(const Personalisation& personalisation);
absl::StatusOr<Personalisation> PersonalisationFromJson(const std::string& json);

// `email`'s personalisation sealed for its row (bound to its idempotency key), and opened
// from a row: `sealed` (bytea) when set, else `legacy_json`, the clear jsonb of rows written
// before migration 003.
std::string SealPersonalisation(const PersonalisationSealer& sealer,
                                const Personalisation& personalisation,
                                const std::string& idempotency_key);
absl::StatusOr<Personalisation> OpenPersonalisation(const PersonalisationSealer& sealer,
                                                    const pqxx::field& sealed,
                                                    const pqxx::field& legacy_json,
                                                    const std::string& idempotency_key);

// The stored spelling of a status: "pending", "sending", "sent", "failed".
const char* EmailStatusName(EmailStatus status);

}  // namespace rect::notifications
