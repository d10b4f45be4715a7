// The delivery worker's SQL over the outbox: claim due emails in batches under a lease
// (FOR UPDATE SKIP LOCKED, so any number of workers share the queue), renew or release the
// lease, record each attempt's result, and the queue's size for metrics.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/pg_pool.h"
#include "services/common/tokens.h"
#include "services/notifications/sealed_personalisation.h"
#include "services/notifications/templates.h"

namespace rect::notifications {

struct ClaimedEmail {
  std::string id;
  std::string template_name;
  std::string recipient;
  Personalisation personalisation;
  std::string idempotency_key;  // sent to Notify as the reference
  int attempts = 0;             // including this one
  bool may_have_been_sent = false;
};

struct Claim {
  std::string token;  // every row of the batch carries it until its result is recorded
  std::vector<ClaimedEmail> emails;
  // Templates of emails just marked failed because their last attempt's worker never
  // recorded a result (see ClaimDue); for the failed-emails metric.
  std::vector<std::string> abandoned_templates;
};

struct QueueStats {
  int64_t waiting = 0;  // pending or sending: not yet sent or failed
  int64_t due = 0;      // of which due now (includes sending rows whose lease ran out)
  absl::Duration oldest_waiting_age;  // since the oldest waiting email was enqueued; 0 if none
};

class DeliveryQueue {
 public:
  // `random` makes claim tokens; `sealer` opens the claimed emails' personalisation. All must
  // outlive the queue.
  DeliveryQueue(PgPool& pool, RandomSource& random, const PersonalisationSealer& sealer)
      : pool_(pool), random_(random), sealer_(sealer) {}

  // In one transaction: marks failed the emails still 'sending' after their lease with no
  // attempts left (their worker died; the outcome is unknown), then claims up to `limit` due
  // emails (pending, or sending with an expired lease) with fewer than `max_attempts`
  // attempts, oldest due first, skipping rows other workers hold: each becomes 'sending'
  // until now + `lease`, attempts + 1, claimed by `worker`. An email reclaimed from an expired
  // lease comes back with may_have_been_sent set.
  absl::StatusOr<Claim> ClaimDue(const std::string& worker, int limit, absl::Duration lease,
                                 int max_attempts);

  // Extends the lease of the claim's unrecorded rows to now + `lease`; returns the ids still
  // held (a row missing from the answer was taken over after the lease ran out).
  absl::StatusOr<std::set<std::string>> RenewLease(const std::string& token, absl::Duration lease);

  // Each Mark* records one attempt's result if the row still carries `token`; false when it
  // does not (another worker took the row over, and owns its outcome now).
  absl::StatusOr<bool> MarkSent(const std::string& id, const std::string& token,
                                const std::string& notify_id);
  absl::StatusOr<bool> MarkForRetry(const std::string& id, const std::string& token,
                                    absl::Duration delay, const std::string& error,
                                    bool may_have_been_sent);
  absl::StatusOr<bool> MarkFailed(const std::string& id, const std::string& token,
                                  const std::string& error);

  // Gives back claimed rows that were never attempted (e.g. on shutdown): pending, due now,
  // and the attempt not counted.
  absl::Status Release(const std::string& token, const std::vector<std::string>& ids);

  absl::StatusOr<QueueStats> Stats();

 private:
  PgPool& pool_;
  RandomSource& random_;
  const PersonalisationSealer& sealer_;
};

}  // namespace rect::notifications
