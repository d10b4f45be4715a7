// Prometheus series for email delivery: sent / failed / retried emails by template, Notify
// request latency, and the outbox's depth and oldest waiting email (refreshed by QueueGauges).
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/common/server.h"
#include "services/notifications/delivery_queue.h"

namespace rect::notifications {

class DeliveryMetrics {
 public:
  // Registers every rect_notifications_* family in `registry` (once per process).
  explicit DeliveryMetrics(prometheus::Registry& registry);

  // Template names come from the catalogue, so the label's values are a bounded set.
  void Sent(const std::string& template_name);
  // An email found already accepted by Notify (by its reference) instead of being sent again.
  void DuplicateAvoided(const std::string& template_name);
  void Failed(const std::string& template_name);
  // `reason`: rate_limited, server_error, no_answer or lookup_failed.
  void Retried(const std::string& template_name, absl::string_view reason);
  // `operation`: send or lookup.
  void NotifyRequest(absl::string_view operation, absl::Duration duration);
  void SetQueue(const QueueStats& stats);

 private:
  prometheus::Family<prometheus::Counter>& sent_;
  prometheus::Family<prometheus::Counter>& duplicates_avoided_;
  prometheus::Family<prometheus::Counter>& failed_;
  prometheus::Family<prometheus::Counter>& retried_;
  prometheus::Family<prometheus::Histogram>& notify_duration_;
  prometheus::Gauge& waiting_;
  prometheus::Gauge& due_;
  prometheus::Gauge& oldest_age_;
};

// Reads the queue's size every `interval` into the gauges. Every replica reports the same
// database-wide figures: aggregate them with max(), not sum().
class QueueGauges final : public BackgroundJob {
 public:
  QueueGauges(DeliveryQueue& queue, DeliveryMetrics& metrics,
              absl::Duration interval = absl::Seconds(5));
  ~QueueGauges() override;
  void Start() override;
  void Stop() override;

 private:
  void Run();

  DeliveryQueue& queue_;
  DeliveryMetrics& metrics_;
  const absl::Duration interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace rect::notifications
