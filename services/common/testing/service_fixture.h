// Test support for service tests: a migrated throwaway database with a pool, and a service
// served in-process over real gRPC on a loopback port.
#pragma once

#include <memory>
#include <vector>

#include <grpcpp/channel.h>
#include <grpcpp/server.h>

#include "services/common/migrations.h"
#include "services/common/pg_pool.h"
#include "services/common/testing/test_database.h"

namespace rect::testing {

// A TestDatabase with `migrations` applied and a pool on it.
class MigratedDatabase {
 public:
  explicit MigratedDatabase(std::vector<Migration> migrations, int pool_size = 4);
  PgPool& pool() { return *pool_; }
  const std::string& conninfo() const { return database_.conninfo(); }

 private:
  TestDatabase database_;
  std::unique_ptr<PgPool> pool_;
};

// Serves `service` on 127.0.0.1 (any free port) until destroyed.
class InProcessServer {
 public:
  explicit InProcessServer(grpc::Service& service);
  ~InProcessServer();
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }

 private:
  std::unique_ptr<grpc::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace rect::testing
