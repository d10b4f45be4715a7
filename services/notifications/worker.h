// The delivery worker: threads that claim due outbox emails in batches, send each through
// GOV.UK Notify with its idempotency key as the `reference`, and record the outcome, retrying
// temporary failures with back-off. Any number of workers, in any number of replicas, share
// the queue.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/server.h"
#include "services/notifications/delivery_metrics.h"
#include "services/notifications/delivery_queue.h"
#include "services/notifications/notify_client.h"
#include "services/notifications/retry_policy.h"

namespace rect::notifications {

struct DeliveryOptions {
  std::string worker_name = "notifications";  // e.g. host:pid; threads append "/<n>"
  int threads = 4;
  int batch_size = 20;
  absl::Duration poll_interval = absl::Seconds(1);  // idle wait between claims
  // How long a claimed email stays with its worker; if the worker dies, the email becomes
  // due again after this. Must exceed a batch's worst case between renewals: 4 Notify
  // timeouts (the lease is renewed when less than 2.5 timeouts remain).
  absl::Duration lease = absl::Seconds(60);
  int max_attempts = 12;  // then the email is marked failed
  RetryPolicy retry;
  std::map<std::string, std::string> template_ids;  // template name -> Notify template id
  std::string email_reply_to_id;                    // optional
};

class DeliveryWorker final : public BackgroundJob {
 public:
  using Clock = std::function<absl::Time()>;
  using Jitter = std::function<double()>;  // uniform in [0, 1]; thread-safe

  // A thread-safe uniform random source for back-off jitter.
  static Jitter UniformJitter();

  // `queue`, `notify` and `metrics` (may be null) must outlive the worker.
  DeliveryWorker(DeliveryOptions options, DeliveryQueue& queue, const NotifyClient& notify,
                 DeliveryMetrics* metrics, Clock clock = &absl::Now,
                 Jitter jitter = UniformJitter());
  ~DeliveryWorker() override;

  // Starts options.threads threads, each claiming and delivering batches until Stop().
  void Start() override;
  // Each thread finishes the Notify request in hand (at most one Notify timeout), gives back
  // the rest of its batch for any worker to take at once, and exits.
  void Stop() override;

  // Tells an idle thread that an email was enqueued, so it need not wait for the next poll.
  void Wake();

  // Claims one batch as `worker` and delivers it on the calling thread; returns how many
  // emails were claimed. The threads run this in a loop; tests call it directly.
  absl::StatusOr<int> DeliverBatch(const std::string& worker);

 private:
  void Loop(int index);
  // Waits up to `timeout` for Wake() (since `seen`) or Stop(); false once stopping.
  bool WaitForWork(absl::Duration timeout, uint64_t seen);
  bool stopping();

  void Deliver(const ClaimedEmail& email, const std::string& token);
  void RetryOrFail(const ClaimedEmail& email, const std::string& token, const std::string& error,
                   const std::string& reason, bool may_have_been_sent);
  void Fail(const ClaimedEmail& email, const std::string& token, const std::string& error);
  void Record(const ClaimedEmail& email, const absl::StatusOr<bool>& recorded);

  const DeliveryOptions options_;
  DeliveryQueue& queue_;
  const NotifyClient& notify_;
  DeliveryMetrics* const metrics_;
  const Clock clock_;
  const Jitter jitter_;

  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;    // guarded by mu_
  uint64_t generation_ = 0;  // guarded by mu_: bumped by Wake()
  std::vector<std::thread> threads_;
};

}  // namespace rect::notifications
