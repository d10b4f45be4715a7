#include "services/common/testing/service_fixture.h"

#include <cstdio>
#include <cstdlib>

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

namespace rect::testing {

MigratedDatabase::MigratedDatabase(std::vector<Migration> migrations, int pool_size)
    : pool_(std::make_unique<PgPool>(
          PgPool::Options{database_.conninfo(), pool_size, absl::Seconds(5)}, nullptr)) {
  absl::StatusOr<int> applied =
      pool_->Run([&](pqxx::connection& c) { return ApplyMigrations(c, migrations); });
  if (!applied.ok()) {
    std::fprintf(stderr, "migrations failed: %s\n", applied.status().ToString().c_str());
    std::abort();
  }
}

InProcessServer::InProcessServer(grpc::Service& service) {
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port == 0) {
    std::fprintf(stderr, "cannot start in-process gRPC server\n");
    std::abort();
  }
  channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                                 grpc::InsecureChannelCredentials());
}

InProcessServer::~InProcessServer() { server_->Shutdown(); }

}  // namespace rect::testing
