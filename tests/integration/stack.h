// The whole stack for integration tests: a private PostgreSQL cluster, the five real service
// binaries and the real gateway, each on free loopback ports, with helpers to call them.
#pragma once

#include <grpcpp/channel.h>

#include <map>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "services/common/testing/child_process.h"

namespace rect::integration {

using Process = testing::ChildProcess;

struct HttpResponse {
  int status = 0;  // 0 when the request failed
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
};

// GET (or another method) http://127.0.0.1:<port><target> with a 5-second limit.
HttpResponse Http(int port, const std::string& method, const std::string& target,
                  const std::string& body = "",
                  const std::map<std::string, std::string>& headers = {});

// A cluster of its own (initdb in a temporary directory), stopped and removed at the end.
class PgCluster {
 public:
  PgCluster();
  ~PgCluster();
  void Start();
  void Stop();
  void CreateDatabase(const std::string& name);
  std::string Conninfo(const std::string& database) const;

 private:
  std::string dir_;
  int port_;
};

class Stack {
 public:
  static constexpr const char* kServices[] = {"identity", "teachers", "registration",
                                              "partnerships", "notifications"};

  Stack();  // starts everything; does not wait for readiness
  ~Stack();

  PgCluster& postgres() { return postgres_; }
  Process& process(const std::string& name) { return *processes_.at(name); }
  int gateway_port() const { return gateway_port_; }
  int notify_port() const { return notify_port_; }
  int metrics_port(const std::string& service) const { return metrics_ports_.at(service); }
  std::shared_ptr<grpc::Channel> Channel(const std::string& service) const;

  HttpResponse Get(const std::string& target) const { return Http(gateway_port_, "GET", target); }
  // Polls /readyz until it answers `status` or `limit` passes.
  bool WaitForReadyz(int status, absl::Duration limit) const;

  // Starts another gateway replica named `name` over the same backends, with `extra_env`
  // added to its environment; returns its HTTP port. Stopped with the rest.
  int StartGateway(const std::string& name,
                   const std::map<std::string, std::string>& extra_env = {});

 private:
  PgCluster postgres_;
  std::string log_dir_;
  int gateway_port_;
  int notify_port_ = 0;
  std::map<std::string, int> grpc_ports_;
  std::map<std::string, int> metrics_ports_;
  std::map<std::string, std::unique_ptr<Process>> processes_;
  std::map<std::string, std::string> gateway_env_;
};

}  // namespace rect::integration
