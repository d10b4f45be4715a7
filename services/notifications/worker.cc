#include "services/notifications/worker.h"

#include <algorithm>
#include <memory>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "services/common/log.h"
#include "services/common/status.h"

namespace rect::notifications {
namespace {

// The bounded `reason` label of a retried attempt.
std::string RetryReason(const NotifySendResult& result) {
  if (result.http_status == 429) return "rate_limited";
  if (result.http_status >= 500 || result.http_status == 408) return "server_error";
  return "no_answer";
}

log::Fields EmailFields(const ClaimedEmail& email) {
  // Never the recipient or personalisation: an id is enough to find the email.
  return {{"email_id", email.id}, {"template", email.template_name}, {"attempt", email.attempts}};
}

}  // namespace

DeliveryWorker::Jitter DeliveryWorker::UniformJitter() {
  struct State {
    std::mutex mu;
    absl::BitGen random;
  };
  auto state = std::make_shared<State>();
  return [state] {
    std::lock_guard<std::mutex> lock(state->mu);
    return absl::Uniform(absl::IntervalClosed, state->random, 0.0, 1.0);
  };
}

DeliveryWorker::DeliveryWorker(DeliveryOptions options, DeliveryQueue& queue,
                               const NotifyClient& notify, DeliveryMetrics* metrics, Clock clock,
                               Jitter jitter)
    : options_(std::move(options)),
      queue_(queue),
      notify_(notify),
      metrics_(metrics),
      clock_(std::move(clock)),
      jitter_(std::move(jitter)) {}

DeliveryWorker::~DeliveryWorker() { Stop(); }

void DeliveryWorker::Start() {
  for (int i = 0; i < options_.threads; ++i) threads_.emplace_back([this, i] { Loop(i); });
  log::Info("delivery worker started", {{"worker", options_.worker_name},
                                        {"threads", options_.threads},
                                        {"batch_size", options_.batch_size}});
}

void DeliveryWorker::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& thread : threads_) thread.join();
  if (!threads_.empty()) log::Info("delivery worker stopped", {{"worker", options_.worker_name}});
  threads_.clear();
}

void DeliveryWorker::Wake() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++generation_;
  }
  wake_.notify_one();
}

bool DeliveryWorker::stopping() {
  std::lock_guard<std::mutex> lock(mu_);
  return stopping_;
}

bool DeliveryWorker::WaitForWork(absl::Duration timeout, uint64_t seen) {
  std::unique_lock<std::mutex> lock(mu_);
  wake_.wait_for(lock, absl::ToChronoMilliseconds(timeout),
                 [&] { return stopping_ || generation_ != seen; });
  return !stopping_;
}

void DeliveryWorker::Loop(int index) {
  const std::string name = absl::StrCat(options_.worker_name, "/", index);
  absl::Duration error_wait = options_.poll_interval;
  while (true) {
    uint64_t seen;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
      seen = generation_;
    }
    absl::StatusOr<int> claimed = DeliverBatch(name);
    if (!claimed.ok()) {
      log::Warning("cannot claim emails", {{"worker", name},
                                           {"error", std::string(claimed.status().message())},
                                           {"retry_in_ms", absl::ToInt64Milliseconds(error_wait)}});
      if (!WaitForWork(error_wait, seen)) return;
      error_wait = std::min(error_wait * 2, absl::Seconds(30));
      continue;
    }
    error_wait = options_.poll_interval;
    // A full batch suggests more are due: claim again at once.
    if (*claimed < options_.batch_size && !WaitForWork(options_.poll_interval, seen)) return;
  }
}

absl::StatusOr<int> DeliveryWorker::DeliverBatch(const std::string& worker) {
  // Measured from before the claim, so the local view of the lease ends no later than the
  // database's.
  absl::Time lease_until = clock_() + options_.lease;
  ASSIGN_OR_RETURN(Claim claim, queue_.ClaimDue(worker, options_.batch_size, options_.lease,
                                                options_.max_attempts));
  for (const std::string& template_name : claim.abandoned_templates) {
    if (metrics_ != nullptr) metrics_->Failed(template_name);
  }
  if (!claim.abandoned_templates.empty()) {
    log::Warning("emails failed: their last attempt never recorded a result",
                 {{"count", static_cast<int>(claim.abandoned_templates.size())}});
  }

  const absl::Duration renew_margin = notify_.timeout() * 5 / 2;
  std::set<std::string> held;  // after a renewal: the rows still ours
  bool renewed = false;
  for (size_t i = 0; i < claim.emails.size(); ++i) {
    if (stopping()) {
      std::vector<std::string> unsent;
      for (size_t j = i; j < claim.emails.size(); ++j) unsent.push_back(claim.emails[j].id);
      if (absl::Status s = queue_.Release(claim.token, unsent); !s.ok()) {
        log::Warning("cannot give back claimed emails; they are due again when the lease ends",
                     {{"worker", worker}, {"error", std::string(s.message())}});
      }
      break;
    }
    if (lease_until - clock_() < renew_margin) {
      const absl::Time before = clock_();
      absl::StatusOr<std::set<std::string>> still_held =
          queue_.RenewLease(claim.token, options_.lease);
      if (!still_held.ok()) {
        // Sending now could outlast the lease: leave the rest to whoever claims them next.
        log::Warning("cannot renew the lease; leaving the rest of the batch",
                     {{"worker", worker}, {"error", std::string(still_held.status().message())}});
        break;
      }
      held = std::move(*still_held);
      renewed = true;
      lease_until = before + options_.lease;
    }
    const ClaimedEmail& email = claim.emails[i];
    if (renewed && held.count(email.id) == 0) continue;  // another worker has it now
    Deliver(email, claim.token);
  }
  return static_cast<int>(claim.emails.size());
}

void DeliveryWorker::Deliver(const ClaimedEmail& email, const std::string& token) {
  if (email.may_have_been_sent) {
    // An earlier attempt got no answer: Notify may hold the email already, under its reference.
    const absl::Time start = clock_();
    absl::StatusOr<std::optional<std::string>> found =
        notify_.FindEmailByReference(email.idempotency_key);
    if (metrics_ != nullptr) metrics_->NotifyRequest("lookup", clock_() - start);
    if (!found.ok()) {
      return RetryOrFail(email, token,
                         absl::StrCat("cannot check whether Notify already has this email: ",
                                      found.status().message()),
                         "lookup_failed", /*may_have_been_sent=*/true);
    }
    if (found->has_value()) {
      Record(email, queue_.MarkSent(email.id, token, **found));
      if (metrics_ != nullptr) {
        metrics_->Sent(email.template_name);
        metrics_->DuplicateAvoided(email.template_name);
      }
      log::Fields fields = EmailFields(email);
      fields.emplace_back("notify_id", **found);
      log::Info("email already accepted by Notify; not sent again", fields);
      return;
    }
    if (stopping()) {  // a send could take another Notify timeout: leave it to the next worker
      if (absl::Status s = queue_.Release(token, {email.id}); !s.ok()) {
        log::Warning("cannot give back a claimed email; it is due again when the lease ends",
                     EmailFields(email));
      }
      return;
    }
  }

  auto template_id = options_.template_ids.find(email.template_name);
  if (template_id == options_.template_ids.end()) {
    return Fail(email, token,
                absl::StrCat("no Notify template id is configured for template '",
                             email.template_name, "'"));
  }
  NotifyEmail request{template_id->second, email.recipient, email.personalisation,
                      email.idempotency_key, options_.email_reply_to_id};
  const absl::Time start = clock_();
  const NotifySendResult result = notify_.SendEmail(request);
  const absl::Duration duration = clock_() - start;
  if (metrics_ != nullptr) metrics_->NotifyRequest("send", duration);

  switch (result.outcome) {
    case NotifySendResult::Outcome::kAccepted: {
      Record(email, queue_.MarkSent(email.id, token, result.notify_id));
      if (metrics_ != nullptr) metrics_->Sent(email.template_name);
      log::Fields fields = EmailFields(email);
      fields.emplace_back("notify_id", result.notify_id);
      fields.emplace_back("duration_ms", absl::ToDoubleMilliseconds(duration));
      log::Info("email sent", fields);
      return;
    }
    case NotifySendResult::Outcome::kPermanentFailure: {
      log::Fields fields = EmailFields(email);
      fields.emplace_back("http_status", result.http_status);
      fields.emplace_back("error_kind", result.error_kind);
      log::Warning("Notify refused the email; not retried", fields);
      return Fail(email, token, result.error);
    }
    case NotifySendResult::Outcome::kTemporaryFailure: {
      log::Fields fields = EmailFields(email);
      fields.emplace_back("http_status", result.http_status);
      fields.emplace_back("error_kind", result.error_kind);
      log::Info("email attempt failed", fields);
      return RetryOrFail(email, token, result.error, RetryReason(result),
                         result.may_have_been_sent);
    }
  }
}

void DeliveryWorker::RetryOrFail(const ClaimedEmail& email, const std::string& token,
                                 const std::string& error, const std::string& reason,
                                 bool may_have_been_sent) {
  if (email.attempts >= options_.max_attempts) {
    return Fail(email, token,
                absl::StrCat("gave up after ", email.attempts, " attempts; last: ", error));
  }
  const absl::Duration delay = RetryDelay(options_.retry, email.attempts, jitter_());
  Record(email, queue_.MarkForRetry(email.id, token, delay, error, may_have_been_sent));
  if (metrics_ != nullptr) metrics_->Retried(email.template_name, reason);
  log::Fields fields = EmailFields(email);
  fields.emplace_back("reason", reason);
  fields.emplace_back("retry_in_ms", absl::ToInt64Milliseconds(delay));
  log::Info("email will be retried", fields);
}

void DeliveryWorker::Fail(const ClaimedEmail& email, const std::string& token,
                          const std::string& error) {
  Record(email, queue_.MarkFailed(email.id, token, error));
  if (metrics_ != nullptr) metrics_->Failed(email.template_name);
  log::Warning("email failed", EmailFields(email));
}

void DeliveryWorker::Record(const ClaimedEmail& email, const absl::StatusOr<bool>& recorded) {
  if (!recorded.ok()) {
    // The row stays claimed; after the lease it is retried, looked up by reference first.
    log::Fields fields = EmailFields(email);
    fields.emplace_back("error", std::string(recorded.status().message()));
    log::Error("cannot record the attempt's result", fields);
  } else if (!*recorded) {
    log::Warning("the email was taken over after this worker's lease ran out; result dropped",
                 EmailFields(email));
  }
}

}  // namespace rect::notifications
