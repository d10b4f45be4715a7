#include "services/notifications/delivery_queue.h"

#include <pqxx/pqxx>

#include "absl/strings/str_join.h"
#include "services/common/status.h"
#include "services/notifications/store.h"

namespace rect::notifications {
namespace {

double Milliseconds(absl::Duration duration) { return absl::ToDoubleMilliseconds(duration); }

// A uuid[] literal; the ids come from the database, so they are plain UUIDs.
std::string UuidArray(const std::vector<std::string>& ids) {
  return "{" + absl::StrJoin(ids, ",") + "}";
}

}  // namespace

absl::StatusOr<Claim> DeliveryQueue::ClaimDue(const std::string& worker, int limit,
                                              absl::Duration lease, int max_attempts) {
  const std::string token = NewUuid(random_);
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<Claim> {
    Claim claim;
    claim.token = token;
    const pqxx::result abandoned = txn.exec_params(
        "UPDATE emails SET status = 'failed', next_attempt_at = NULL, claim_token = NULL, "
        "updated_at = now(), last_error = 'attempt ' || attempts || ' of ' || $1::int || "
        "' never recorded a result (its worker stopped or lost its lease); Notify may have "
        "accepted it: look up the reference' "
        "WHERE status = 'sending' AND next_attempt_at <= now() AND attempts >= $1::int "
        "RETURNING template",
        max_attempts);
    for (const pqxx::row& row : abandoned) {
      claim.abandoned_templates.push_back(row[0].as<std::string>());
    }
    // In the SET list e.status is the row's status before this update.
    const pqxx::result rows = txn.exec_params(
        "WITH due AS ("
        "  SELECT id FROM emails"
        "  WHERE status IN ('pending', 'sending') AND next_attempt_at <= now()"
        "    AND attempts < $4::int"
        "  ORDER BY next_attempt_at LIMIT $3::int FOR UPDATE SKIP LOCKED) "
        "UPDATE emails e SET status = 'sending', attempts = e.attempts + 1, "
        "  may_have_been_sent = e.may_have_been_sent OR e.status = 'sending', "
        "  claim_token = $1::uuid, claimed_by = left($2, 200), "
        "  next_attempt_at = now() + $5::double precision * interval '1 millisecond', "
        "  updated_at = now() "
        "FROM due WHERE e.id = due.id "
        "RETURNING e.id, e.template, e.recipient, e.idempotency_key, e.attempts, "
        "  e.may_have_been_sent, e.personalisation_sealed, e.personalisation::text",
        token, worker, limit, max_attempts, Milliseconds(lease));
    for (const pqxx::row& row : rows) {
      ClaimedEmail email;
      email.id = row[0].as<std::string>();
      email.template_name = row[1].as<std::string>();
      email.recipient = row[2].as<std::string>();
      email.idempotency_key = row[3].as<std::string>();
      email.attempts = row[4].as<int>();
      email.may_have_been_sent = row[5].as<bool>();
      ASSIGN_OR_RETURN(email.personalisation,
                       OpenPersonalisation(sealer_, row[6], row[7], email.idempotency_key));
      claim.emails.push_back(std::move(email));
    }
    return claim;
  });
}

absl::StatusOr<std::set<std::string>> DeliveryQueue::RenewLease(const std::string& token,
                                                                absl::Duration lease) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<std::set<std::string>> {
    const pqxx::result rows = txn.exec_params(
        "UPDATE emails SET next_attempt_at = now() + $2::double precision * "
        "interval '1 millisecond', updated_at = now() "
        "WHERE claim_token = $1::uuid RETURNING id",
        token, Milliseconds(lease));
    std::set<std::string> held;
    for (const pqxx::row& row : rows) held.insert(row[0].as<std::string>());
    return held;
  });
}

absl::StatusOr<bool> DeliveryQueue::MarkSent(const std::string& id, const std::string& token,
                                             const std::string& notify_id) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<bool> {
    return txn.exec_params(
                  "UPDATE emails SET status = 'sent', notify_id = $3::uuid, sent_at = now(), "
                  "next_attempt_at = NULL, claim_token = NULL, may_have_been_sent = false, "
                  "updated_at = now() WHERE id = $1::uuid AND claim_token = $2::uuid",
                  id, token, notify_id)
               .affected_rows() == 1;
  });
}

absl::StatusOr<bool> DeliveryQueue::MarkForRetry(const std::string& id, const std::string& token,
                                                 absl::Duration delay, const std::string& error,
                                                 bool may_have_been_sent) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<bool> {
    return txn.exec_params(
                  "UPDATE emails SET status = 'pending', "
                  "next_attempt_at = now() + $3::double precision * interval '1 millisecond', "
                  "last_error = left($4, 1000), may_have_been_sent = $5::boolean, "
                  "claim_token = NULL, updated_at = now() "
                  "WHERE id = $1::uuid AND claim_token = $2::uuid",
                  id, token, Milliseconds(delay), error, may_have_been_sent)
               .affected_rows() == 1;
  });
}

absl::StatusOr<bool> DeliveryQueue::MarkFailed(const std::string& id, const std::string& token,
                                               const std::string& error) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<bool> {
    return txn.exec_params(
                  "UPDATE emails SET status = 'failed', next_attempt_at = NULL, "
                  "last_error = left($3, 1000), claim_token = NULL, updated_at = now() "
                  "WHERE id = $1::uuid AND claim_token = $2::uuid",
                  id, token, error)
               .affected_rows() == 1;
  });
}

absl::Status DeliveryQueue::Release(const std::string& token, const std::vector<std::string>& ids) {
  if (ids.empty()) return absl::OkStatus();
  return pool_.Transact([&](pqxx::work& txn) -> absl::Status {
    txn.exec_params(
        "UPDATE emails SET status = 'pending', attempts = attempts - 1, claim_token = NULL, "
        "next_attempt_at = now(), updated_at = now() "
        "WHERE claim_token = $1::uuid AND id = ANY($2::uuid[])",
        token, UuidArray(ids));
    return absl::OkStatus();
  });
}

absl::StatusOr<QueueStats> DeliveryQueue::Stats() {
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<QueueStats> {
    const pqxx::row row = txn.exec1(
        "SELECT count(*), count(*) FILTER (WHERE next_attempt_at <= now()), "
        "coalesce(extract(epoch FROM now() - min(created_at)), 0)::double precision "
        "FROM emails WHERE status IN ('pending', 'sending')");
    QueueStats stats;
    stats.waiting = row[0].as<int64_t>();
    stats.due = row[1].as<int64_t>();
    stats.oldest_waiting_age = absl::Seconds(row[2].as<double>());
    return stats;
  });
}

}  // namespace rect::notifications
