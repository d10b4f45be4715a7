#include "services/notifications/delivery_metrics.h"

#include "services/common/log.h"
#include "services/common/metrics.h"

namespace rect::notifications {

DeliveryMetrics::DeliveryMetrics(prometheus::Registry& registry)
    : sent_(prometheus::BuildCounter()
                .Name("rect_notifications_emails_sent_total")
                .Help("Emails accepted by GOV.UK Notify, by template")
                .Register(registry)),
      duplicates_avoided_(
          prometheus::BuildCounter()
              .Name("rect_notifications_duplicates_avoided_total")
              .Help("Emails whose earlier, unanswered attempt Notify turned out to have "
                    "accepted (found by reference), so not sent again")
              .Register(registry)),
      failed_(prometheus::BuildCounter()
                  .Name("rect_notifications_emails_failed_total")
                  .Help("Emails given up on (permanent error or no attempts left), by template")
                  .Register(registry)),
      retried_(prometheus::BuildCounter()
                   .Name("rect_notifications_delivery_retries_total")
                   .Help("Attempts that failed temporarily and were scheduled again")
                   .Register(registry)),
      notify_duration_(prometheus::BuildHistogram()
                           .Name("rect_notifications_notify_request_duration_seconds")
                           .Help("GOV.UK Notify request latency, by operation")
                           .Register(registry)),
      waiting_(prometheus::BuildGauge()
                   .Name("rect_notifications_queue_depth")
                   .Help("Emails in the outbox not yet sent or failed (pending or sending)")
                   .Register(registry)
                   .Add({})),
      due_(prometheus::BuildGauge()
               .Name("rect_notifications_queue_due")
               .Help("Emails in the outbox due for an attempt now")
               .Register(registry)
               .Add({})),
      oldest_age_(prometheus::BuildGauge()
                      .Name("rect_notifications_oldest_pending_age_seconds")
                      .Help("Age of the oldest email not yet sent or failed; 0 when none")
                      .Register(registry)
                      .Add({})) {}

void DeliveryMetrics::Sent(const std::string& template_name) {
  sent_.Add({{"template", template_name}}).Increment();
}

void DeliveryMetrics::DuplicateAvoided(const std::string& template_name) {
  duplicates_avoided_.Add({{"template", template_name}}).Increment();
}

void DeliveryMetrics::Failed(const std::string& template_name) {
  failed_.Add({{"template", template_name}}).Increment();
}

void DeliveryMetrics::Retried(const std::string& template_name, absl::string_view reason) {
  retried_.Add({{"template", template_name}, {"reason", std::string(reason)}}).Increment();
}

void DeliveryMetrics::NotifyRequest(absl::string_view operation, absl::Duration duration) {
  notify_duration_.Add({{"operation", std::string(operation)}}, LatencyBuckets())
      .Observe(absl::ToDoubleSeconds(duration));
}

void DeliveryMetrics::SetQueue(const QueueStats& stats) {
  waiting_.Set(static_cast<double>(stats.waiting));
  due_.Set(static_cast<double>(stats.due));
  oldest_age_.Set(absl::ToDoubleSeconds(stats.oldest_waiting_age));
}

QueueGauges::QueueGauges(DeliveryQueue& queue, DeliveryMetrics& metrics, absl::Duration interval)
    : queue_(queue), metrics_(metrics), interval_(interval) {}

QueueGauges::~QueueGauges() {
  if (thread_.joinable()) Stop();
}

void QueueGauges::Start() {
  thread_ = std::thread([this] { Run(); });
}

void QueueGauges::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void QueueGauges::Run() {
  bool failing = false;
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    lock.unlock();
    absl::StatusOr<QueueStats> stats = queue_.Stats();
    if (stats.ok()) {
      metrics_.SetQueue(*stats);
      failing = false;
    } else if (!failing) {  // once per outage, not every interval
      failing = true;
      log::Warning("cannot read the outbox size",
                   {{"error", std::string(stats.status().message())}});
    }
    lock.lock();
    cv_.wait_for(lock, absl::ToChronoMilliseconds(interval_), [this] { return stopping_; });
  }
}

}  // namespace rect::notifications
