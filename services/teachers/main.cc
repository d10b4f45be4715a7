// The teachers service: tracked teachers' TRS snapshots now; the TRS client and refresh to come.
#include "services/common/service_main.h"
#include "services/teachers/migrations.h"
#include "services/teachers/service.h"
#include "services/teachers/store.h"

int main(int argc, char** argv) {
  rect::BlockShutdownSignals();
  const rect::ServiceConfig config = rect::ParseServiceConfig(argc, argv, "teachers", 50052, 9102);
  std::unique_ptr<rect::teachers::PgTeacherStore> store;
  return rect::RunService(
      config, rect::teachers::Migrations(), [&](rect::PgPool& pool, rect::Metrics&) {
        store = std::make_unique<rect::teachers::PgTeacherStore>(pool);
        std::vector<std::unique_ptr<grpc::Service>> services;
        services.push_back(std::make_unique<rect::teachers::TeachersServiceImpl>(*store));
        return services;
      });
}
