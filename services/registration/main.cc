// The registration service: teachers as schools register them (periods at schools, mentorships
// and training to come).
#include "services/common/service_main.h"
#include "services/registration/migrations.h"
#include "services/registration/school_counts.h"
#include "services/registration/service.h"
#include "services/registration/store.h"

int main(int argc, char** argv) {
  rect::BlockShutdownSignals();
  const rect::ServiceConfig config =
      rect::ParseServiceConfig(argc, argv, "registration", 50053, 9103);
  std::unique_ptr<rect::registration::PgRegistrationStore> store;
  return rect::RunService(
      config, rect::registration::Migrations(), [&](rect::PgPool& pool, rect::Metrics&) {
        store = std::make_unique<rect::registration::PgRegistrationStore>(pool);
        std::vector<std::unique_ptr<grpc::Service>> services;
        services.push_back(std::make_unique<rect::registration::RegistrationServiceImpl>(*store));
        services.push_back(std::make_unique<rect::registration::SchoolCountsServiceImpl>(pool));
        return services;
      });
}
