// The identity service: API tokens now; DfE Sign-in, magic links and sessions to come.
#include "services/common/service_main.h"
#include "services/common/tokens.h"
#include "services/identity/migrations.h"
#include "services/identity/service.h"
#include "services/identity/store.h"

int main(int argc, char** argv) {
  rect::BlockShutdownSignals();
  const rect::ServiceConfig config = rect::ParseServiceConfig(argc, argv, "identity", 50051, 9101);
  std::unique_ptr<rect::identity::PgIdentityStore> store;
  rect::SecureRandom random;
  return rect::RunService(config, rect::identity::Migrations(),
                          [&](rect::PgPool& pool, rect::Metrics&) {
                            store = std::make_unique<rect::identity::PgIdentityStore>(pool);
                            std::vector<std::unique_ptr<grpc::Service>> services;
                            services.push_back(
                                std::make_unique<rect::identity::IdentityServiceImpl>(*store,
                                                                                       random));
                            return services;
                          });
}
