// The RPC ceiling's server: a synchronous gRPC server (as the services run theirs: insecure
// loopback, a resource quota capping its threads) whose one method echoes the payload.
//
//   echo_server --port=0 --max_threads=8     prints "port N" once listening; SIGINT/SIGTERM stop it
#include <grpcpp/grpcpp.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "tests/load/ceilings/echo.grpc.pb.h"

namespace {

class EchoService final : public rect::load::v1::Echo::Service {
  grpc::Status Echo(grpc::ServerContext*, const rect::load::v1::EchoRequest* request,
                    rect::load::v1::EchoResponse* response) override {
    response->set_payload(request->payload());
    return grpc::Status::OK;
  }
};

int Flag(int argc, char** argv, const char* name, int fallback) {
  const size_t n = std::strlen(name);
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], name, n) == 0 && argv[i][n] == '=') return std::atoi(argv[i] + n + 1);
  }
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  EchoService service;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:" + std::to_string(Flag(argc, argv, "--port", 0)),
                           grpc::InsecureServerCredentials(), &port);
  grpc::ResourceQuota quota("echo-quota");
  quota.SetMaxThreads(Flag(argc, argv, "--max_threads", 8));
  builder.SetResourceQuota(quota);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    std::fprintf(stderr, "echo_server: cannot listen\n");
    return 1;
  }
  std::printf("port %d\n", port);
  std::fflush(stdout);
  int signal = 0;
  sigwait(&signals, &signal);
  server->Shutdown();
  return 0;
}
