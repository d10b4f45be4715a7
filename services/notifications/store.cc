#include "services/notifications/store.h"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "services/common/status.h"

namespace rect::notifications {
namespace {

// The columns EmailFromRow reads, in order: kSummaryColumns, then for an email with its
// personalisation kPersonalisationColumns (sealed, or in clear from before migration 003).
constexpr char kSummaryColumns[] =
    "id, template, recipient, idempotency_key, status, attempts, "
    "coalesce(notify_id::text, ''), coalesce(last_error, ''), "
    "floor(extract(epoch FROM created_at) * 1000000)::bigint, "
    "floor(extract(epoch FROM updated_at))::bigint, "
    "floor(extract(epoch FROM next_attempt_at))::bigint, "
    "floor(extract(epoch FROM sent_at))::bigint";
constexpr char kPersonalisationColumns[] = ", personalisation_sealed, personalisation::text";

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

// Opens the personalisation with `sealer` when given (the row has kPersonalisationColumns).
absl::StatusOr<EmailRecord> EmailFromRow(const pqxx::row& row,
                                         const PersonalisationSealer* sealer) {
  EmailRecord email;
  email.id = row[0].as<std::string>();
  email.template_name = row[1].as<std::string>();
  email.recipient = row[2].as<std::string>();
  email.idempotency_key = row[3].as<std::string>();
  ASSIGN_OR_RETURN(email.status, StatusFrom(row[4].as<std::string>()));
  email.attempts = row[5].as<int>();
  email.notify_id = row[6].as<std::string>();
  email.last_error = row[7].as<std::string>();
  email.created_at = absl::FromUnixMicros(row[8].as<int64_t>());
  email.updated_at = absl::FromUnixSeconds(row[9].as<int64_t>());
  email.next_attempt_at = OptionalTime(row[10]);
  email.sent_at = OptionalTime(row[11]);
  if (sealer != nullptr) {
    ASSIGN_OR_RETURN(email.personalisation,
                     OpenPersonalisation(*sealer, row[12], row[13], email.idempotency_key));
  }
  return email;
}

}  // namespace

std::string PersonalisationToJson(const Personalisation& personalisation) {
  boost::json::object object;
  for (const auto& [field, value] : personalisation) object[field] = value;
  return boost::json::serialize(object);
}

absl::StatusOr<Personalisation> PersonalisationFromJson(const std::string& json) {
  boost::json::error_code error;
  const boost::json::value value = boost::json::parse(json, error);
  if (error || !value.is_object()) {
    return absl::InternalError("database: email personalisation is not a JSON object");
  }
  Personalisation personalisation;
  for (const auto& [field, field_value] : value.get_object()) {
    if (!field_value.is_string()) {
      return absl::InternalError("database: email personalisation value is not a string");
    }
    personalisation.emplace(std::string(field), std::string(field_value.get_string()));
  }
  return personalisation;
}

std::string SealPersonalisation(const PersonalisationSealer& sealer,
                                const Personalisation& personalisation,
                                const std::string& idempotency_key) {
  return sealer.Seal(PersonalisationToJson(personalisation), idempotency_key);
}

absl::StatusOr<Personalisation> OpenPersonalisation(const PersonalisationSealer& sealer,
                                                    const pqxx::field& sealed,
                                                    const pqxx::field& legacy_json,
                                                    const std::string& idempotency_key) {
  if (sealed.is_null()) {
    if (legacy_json.is_null()) return absl::InternalError("database: email has no personalisation");
    return PersonalisationFromJson(legacy_json.as<std::string>());
  }
  absl::StatusOr<std::string> json = sealer.Open(pqxx::binarystring(sealed).str(), idempotency_key);
  if (!json.ok()) return absl::InternalError(absl::StrCat("database: ", json.status().message()));
  return PersonalisationFromJson(*json);
}

const char* EmailStatusName(EmailStatus status) {
  switch (status) {
    case EmailStatus::kPending:
      return "pending";
    case EmailStatus::kSending:
      return "sending";
    case EmailStatus::kSent:
      return "sent";
    case EmailStatus::kFailed:
      return "failed";
  }
  return "";
}

absl::StatusOr<EnqueueResult> PgNotificationsStore::EnqueueEmail(const NewEmail& email) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<EnqueueResult> {
    // A concurrent insert with the same key makes this wait for it, then do nothing; the
    // SELECT (a new snapshot under READ COMMITTED) then sees the winner's row.
    pqxx::result inserted = txn.exec_params(
        std::string("INSERT INTO emails (template, recipient, personalisation_sealed, "
                    "idempotency_key) VALUES ($1, $2, $3, $4) "
                    "ON CONFLICT (idempotency_key) DO NOTHING RETURNING ") +
            kSummaryColumns + kPersonalisationColumns,
        email.template_name, email.recipient,
        pqxx::binarystring(
            SealPersonalisation(sealer_, email.personalisation, email.idempotency_key)),
        email.idempotency_key);
    const bool created = !inserted.empty();
    pqxx::result rows = created ? inserted
                                : txn.exec_params(std::string("SELECT ") + kSummaryColumns +
                                                      kPersonalisationColumns +
                                                      " FROM emails WHERE idempotency_key = $1",
                                                  email.idempotency_key);
    if (rows.empty()) return absl::AbortedError("email removed meanwhile; retry");
    ASSIGN_OR_RETURN(EmailRecord stored, EmailFromRow(rows[0], &sealer_));
    return EnqueueResult{std::move(stored), created};
  });
}

absl::StatusOr<EmailRecord> PgNotificationsStore::GetEmail(const std::string& id) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<EmailRecord> {
    pqxx::result rows = txn.exec_params(std::string("SELECT ") + kSummaryColumns +
                                            kPersonalisationColumns + " FROM emails WHERE id = $1",
                                        id);
    if (rows.empty()) return absl::NotFoundError("no email with that id");
    return EmailFromRow(rows[0], &sealer_);
  });
}

absl::StatusOr<EmailPage> PgNotificationsStore::ListEmails(
    const EmailFilter& filter, int limit, const std::optional<EmailCursor>& after) {
  // Unset filters are passed as '' (or the widest time range) and drop out of the plan: an
  // unnamed statement is planned with its parameter values.
  constexpr int64_t kNoLowerBound = -62135596800000000;  // 0001-01-01
  constexpr int64_t kNoUpperBound = 253402300799000000;  // 9999-12-31
  const int64_t from =
      filter.created_after ? absl::ToUnixMicros(*filter.created_after) : kNoLowerBound;
  const int64_t to =
      filter.created_before ? absl::ToUnixMicros(*filter.created_before) : kNoUpperBound;
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<EmailPage> {
    pqxx::result rows = txn.exec_params(
        std::string("SELECT ") + kSummaryColumns +
            " FROM emails"
            " WHERE ($1 = '' OR lower(recipient) = lower($1))"
            " AND ($2 = '' OR template = $2)"
            " AND ($3 = '' OR status = $3)"
            " AND ($4 = '' OR idempotency_key = $4)"
            " AND created_at >= timestamptz 'epoch' + $5::bigint * interval '1 microsecond'"
            " AND created_at < timestamptz 'epoch' + $6::bigint * interval '1 microsecond'"
            " AND (NOT $7::boolean OR (created_at, id) < (timestamptz 'epoch' + $8::bigint * "
            "interval '1 microsecond', $9::uuid))"
            " ORDER BY created_at DESC, id DESC LIMIT $10",
        filter.recipient, filter.template_name,
        std::string(filter.status ? EmailStatusName(*filter.status) : ""), filter.idempotency_key,
        from, to, after.has_value(), after ? absl::ToUnixMicros(after->created_at) : int64_t{0},
        after ? after->id : std::string("00000000-0000-0000-0000-000000000000"), limit + 1);
    EmailPage page;
    for (const pqxx::row& row : rows) {
      if (static_cast<int>(page.emails.size()) == limit) {
        const EmailRecord& last = page.emails.back();
        page.next = EmailCursor{last.created_at, last.id};
        break;
      }
      ASSIGN_OR_RETURN(EmailRecord email, EmailFromRow(row, nullptr));
      page.emails.push_back(std::move(email));
    }
    return page;
  });
}

}  // namespace rect::notifications
