// The partnerships service: GIAS schools and their eligibility (lead providers, delivery
// partners, partnerships and challenges to come).
#include "services/common/service_main.h"
#include "services/partnerships/migrations.h"
#include "services/partnerships/service.h"
#include "services/partnerships/store.h"

int main(int argc, char** argv) {
  rect::BlockShutdownSignals();
  const rect::ServiceConfig config =
      rect::ParseServiceConfig(argc, argv, "partnerships", 50054, 9104);
  std::unique_ptr<rect::partnerships::PgPartnershipsStore> store;
  return rect::RunService(
      config, rect::partnerships::Migrations(), [&](rect::PgPool& pool, rect::Metrics&) {
        store = std::make_unique<rect::partnerships::PgPartnershipsStore>(pool);
        std::vector<std::unique_ptr<grpc::Service>> services;
        services.push_back(std::make_unique<rect::partnerships::PartnershipsServiceImpl>(*store));
        return services;
      });
}
