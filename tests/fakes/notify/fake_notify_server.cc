#include "tests/fakes/notify/fake_notify_server.h"

#include "absl/strings/str_cat.h"
#include "services/notifications/notify_auth.h"

namespace rect::fakes {
namespace {

gateway::ServerOptions HttpOptions(const std::string& address, int port, int threads) {
  gateway::ServerOptions options;
  options.address = address;
  options.port = port;
  options.threads = threads;
  // Stalls may hold a request for minutes: the server must not answer 503 first.
  options.handler_timeout = absl::Minutes(11);
  return options;
}

}  // namespace

FakeNotifyServer::FakeNotifyServer(FakeNotifyOptions options, std::string address, int port,
                                   int threads)
    : address_(std::move(address)),
      recorder_(registry_),
      notify_(std::move(options)),
      server_(HttpOptions(address_, port, threads), router_, recorder_, random_) {}

FakeNotifyServer::~FakeNotifyServer() {
  if (running_) Shutdown(absl::ZeroDuration());
}

absl::Status FakeNotifyServer::Start() {
  if (absl::Status s = notify_.AddRoutes(router_); !s.ok()) return s;
  if (absl::Status s = server_.Start(); !s.ok()) return s;
  running_ = true;
  return absl::OkStatus();
}

void FakeNotifyServer::Shutdown(absl::Duration deadline) {
  if (!running_) return;
  running_ = false;
  server_.Shutdown(deadline);
}

std::string FakeNotifyServer::base_url() const {
  return absl::StrCat("http://", address_, ":", server_.port());
}

FakeNotifyOptions LocalFakeNotifyOptions() {
  FakeNotifyOptions options;
  const auto key = notifications::ParseNotifyApiKey(notifications::kLocalNotifyApiKey);
  options.service_id = key->service_id;
  options.secret = key->secret;
  return options;
}

}  // namespace rect::fakes
