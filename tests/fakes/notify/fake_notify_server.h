// The Notify fake on its own HTTP server (the gateway's Beast server), for the fake's binary
// and for tests that run it in-process.
#pragma once

#include <prometheus/registry.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "gateway/http/request_recorder.h"
#include "gateway/http/router.h"
#include "gateway/http/server.h"
#include "services/common/tokens.h"
#include "tests/fakes/notify/fake_notify.h"

namespace rect::fakes {

class FakeNotifyServer {
 public:
  // `port` 0 picks a free port.
  FakeNotifyServer(FakeNotifyOptions options, std::string address = "127.0.0.1", int port = 0,
                   int threads = 2);
  ~FakeNotifyServer();

  // UNAVAILABLE when the port cannot be bound.
  absl::Status Start();
  // Lets requests in flight finish within `deadline`; stalled ones are cut off.
  void Shutdown(absl::Duration deadline);

  int port() const { return server_.port(); }
  // "http://127.0.0.1:<port>": what the notifications service's --notify_base_url takes.
  std::string base_url() const;
  FakeNotify& notify() { return notify_; }

 private:
  std::string address_;
  prometheus::Registry registry_;
  gateway::RequestRecorder recorder_;
  SecureRandom random_;
  FakeNotify notify_;
  gateway::Router router_;
  gateway::HttpServer server_;
  bool running_ = false;
};

// The fake with the local stack's default key (services/notifications' kLocalNotifyApiKey).
FakeNotifyOptions LocalFakeNotifyOptions();

}  // namespace rect::fakes
