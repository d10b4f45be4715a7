// The notifications service: the email outbox now; the Notify client and delivery worker to come.
#include "services/common/service_main.h"
#include "services/notifications/migrations.h"
#include "services/notifications/service.h"
#include "services/notifications/store.h"

int main(int argc, char** argv) {
  rect::BlockShutdownSignals();
  const rect::ServiceConfig config =
      rect::ParseServiceConfig(argc, argv, "notifications", 50055, 9105);
  std::unique_ptr<rect::notifications::PgNotificationsStore> store;
  return rect::RunService(
      config, rect::notifications::Migrations(), [&](rect::PgPool& pool, rect::Metrics&) {
        store = std::make_unique<rect::notifications::PgNotificationsStore>(pool);
        std::vector<std::unique_ptr<grpc::Service>> services;
        services.push_back(std::make_unique<rect::notifications::NotificationsServiceImpl>(*store));
        return services;
      });
}
