#include "services/notifications/store.h"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <pqxx/pqxx>

#include "services/common/status.h"

namespace rect::notifications {
namespace {

// The columns EmailFromRow reads, in order.
constexpr char kEmailColumns[] =
    "id, template, recipient, personalisation::text, idempotency_key, status, attempts, "
    "coalesce(notify_id::text, ''), coalesce(last_error, ''), "
    "floor(extract(epoch FROM created_at))::bigint, "
    "floor(extract(epoch FROM updated_at))::bigint, "
    "floor(extract(epoch FROM next_attempt_at))::bigint, "
    "floor(extract(epoch FROM sent_at))::bigint";

std::string PersonalisationJson(const std::map<std::string, std::string>& personalisation) {
  boost::json::object object;
  for (const auto& [field, value] : personalisation) object[field] = value;
  return boost::json::serialize(object);
}

absl::StatusOr<std::map<std::string, std::string>> PersonalisationFrom(const std::string& json) {
  boost::json::error_code error;
  const boost::json::value value = boost::json::parse(json, error);
  if (error || !value.is_object()) {
    return absl::InternalError("database: email personalisation is not a JSON object");
  }
  std::map<std::string, std::string> personalisation;
  for (const auto& [field, field_value] : value.get_object()) {
    if (!field_value.is_string()) {
      return absl::InternalError("database: email personalisation value is not a string");
    }
    personalisation.emplace(std::string(field), std::string(field_value.get_string()));
  }
  return personalisation;
}

absl::StatusOr<EmailStatus> StatusFrom(const std::string& status) {
  if (status == "pending") return EmailStatus::kPending;
  if (status == "sending") return EmailStatus::kSending;
  if (status == "sent") return EmailStatus::kSent;
  if (status == "failed") return EmailStatus::kFailed;
  return absl::InternalError("database: unknown email status");
}

std::optional<absl::Time> OptionalTime(const pqxx::field& epoch_seconds) {
  if (epoch_seconds.is_null()) return std::nullopt;
  return absl::FromUnixSeconds(epoch_seconds.as<int64_t>());
}

absl::StatusOr<EmailRecord> EmailFromRow(const pqxx::row& row) {
  EmailRecord email;
  email.id = row[0].as<std::string>();
  email.template_name = row[1].as<std::string>();
  email.recipient = row[2].as<std::string>();
  ASSIGN_OR_RETURN(email.personalisation, PersonalisationFrom(row[3].as<std::string>()));
  email.idempotency_key = row[4].as<std::string>();
  ASSIGN_OR_RETURN(email.status, StatusFrom(row[5].as<std::string>()));
  email.attempts = row[6].as<int>();
  email.notify_id = row[7].as<std::string>();
  email.last_error = row[8].as<std::string>();
  email.created_at = absl::FromUnixSeconds(row[9].as<int64_t>());
  email.updated_at = absl::FromUnixSeconds(row[10].as<int64_t>());
  email.next_attempt_at = OptionalTime(row[11]);
  email.sent_at = OptionalTime(row[12]);
  return email;
}

}  // namespace

absl::StatusOr<EnqueueResult> PgNotificationsStore::EnqueueEmail(const NewEmail& email) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<EnqueueResult> {
    // A concurrent insert with the same key makes this wait for it, then do nothing; the
    // SELECT (a new snapshot under READ COMMITTED) then sees the winner's row.
    pqxx::result inserted = txn.exec_params(
        std::string("INSERT INTO emails (template, recipient, personalisation, idempotency_key) "
                    "VALUES ($1, $2, $3::jsonb, $4) "
                    "ON CONFLICT (idempotency_key) DO NOTHING RETURNING ") +
            kEmailColumns,
        email.template_name, email.recipient, PersonalisationJson(email.personalisation),
        email.idempotency_key);
    const bool created = !inserted.empty();
    pqxx::result rows = created ? inserted
                                : txn.exec_params(std::string("SELECT ") + kEmailColumns +
                                                      " FROM emails WHERE idempotency_key = $1",
                                                  email.idempotency_key);
    if (rows.empty()) return absl::AbortedError("email removed meanwhile; retry");
    ASSIGN_OR_RETURN(EmailRecord stored, EmailFromRow(rows[0]));
    return EnqueueResult{std::move(stored), created};
  });
}

absl::StatusOr<EmailRecord> PgNotificationsStore::GetEmail(const std::string& id) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<EmailRecord> {
    pqxx::result rows =
        txn.exec_params(std::string("SELECT ") + kEmailColumns + " FROM emails WHERE id = $1", id);
    if (rows.empty()) return absl::NotFoundError("no email with that id");
    return EmailFromRow(rows[0]);
  });
}

}  // namespace rect::notifications
