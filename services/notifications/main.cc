// The notifications service: the email outbox (gRPC), and the delivery worker sending it
// through GOV.UK Notify (or the local Notify fake) after the commit.
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "services/common/http_client.h"
#include "services/common/log.h"
#include "services/common/options.h"
#include "services/common/service_main.h"
#include "services/common/tokens.h"
#include "services/notifications/delivery_config.h"
#include "services/notifications/delivery_metrics.h"
#include "services/notifications/delivery_queue.h"
#include "services/notifications/migrations.h"
#include "services/notifications/notify_client.h"
#include "services/notifications/sealed_personalisation.h"
#include "services/notifications/service.h"
#include "services/notifications/store.h"
#include "services/notifications/worker.h"

namespace {

// host:pid names this replica's claims in the outbox (claimed_by) and its log lines.
std::string WorkerName() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return absl::StrCat(host[0] == '\0' ? "notifications" : host, ":", getpid());
}

}  // namespace

int main(int argc, char** argv) {
  using namespace rect::notifications;
  rect::BlockShutdownSignals();
  const rect::ServiceConfig config =
      rect::ParseServiceConfig(argc, argv, "notifications", 50055, 9105, DeliveryFlagNames());
  absl::StatusOr<DeliveryConfig> delivery = MakeDeliveryConfig(DeliveryFlagsFromCommandLine());
  rect::ExitOnError(delivery.status());
  delivery->worker.worker_name = WorkerName();
  rect::log::SetService("notifications");

  rect::SecureRandom random;
  const PersonalisationSealer sealer(delivery->personalisation_key, random);
  rect::HttpClient http;
  const NotifyClient notify(delivery->notify, http);
  std::unique_ptr<PgNotificationsStore> store;
  std::unique_ptr<DeliveryQueue> queue;
  std::unique_ptr<DeliveryMetrics> metrics;
  DeliveryWorker* worker = nullptr;  // owned by the parts below, which outlive every RPC

  rect::log::Info("delivery configured",
                  {{"mode", delivery->mode == DeliveryMode::kLocal ? "local" : "notify"},
                   {"notify_base_url", delivery->notify.base_url},
                   {"notify_service_id", delivery->notify.key.service_id},
                   {"worker", delivery->worker.worker_name},
                   {"worker_threads", delivery->worker.threads}});
  return rect::RunServiceWithJobs(
      config, Migrations(), [&](rect::PgPool& pool, rect::Metrics& process_metrics) {
        store = std::make_unique<PgNotificationsStore>(pool, sealer);
        queue = std::make_unique<DeliveryQueue>(pool, random, sealer);
        metrics = std::make_unique<DeliveryMetrics>(process_metrics.registry());
        rect::ServiceParts parts;
        parts.jobs.push_back(std::make_unique<QueueGauges>(*queue, *metrics));
        if (delivery->worker.threads > 0) {
          auto delivery_worker =
              std::make_unique<DeliveryWorker>(delivery->worker, *queue, notify, metrics.get());
          worker = delivery_worker.get();
          parts.jobs.push_back(std::move(delivery_worker));
        }
        parts.services.push_back(std::make_unique<NotificationsServiceImpl>(*store, [&worker] {
          if (worker != nullptr) worker->Wake();
        }));
        return parts;
      });
}
