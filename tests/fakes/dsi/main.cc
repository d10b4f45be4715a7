// The local DfE Sign-in as a process for the local stack and end-to-end tests. Flags have
// RECT_FAKE_DSI_* environment fallbacks. Prints one JSON line with the issuer once listening.
#include <pthread.h>

#include <csignal>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "services/common/log.h"
#include "services/common/options.h"
#include "tests/fakes/dsi/fake_dsi.h"

ABSL_FLAG(std::string, address, "127.0.0.1", "IP address to listen on");
ABSL_FLAG(int, port, 8093, "HTTP port (0 picks a free one)");
ABSL_FLAG(std::string, issuer, "", "issuer URL to publish (default http://<address>:<port>)");
ABSL_FLAG(std::string, client_id, "RegisterECTs", "the relying party's client id");
ABSL_FLAG(std::string, client_secret, "local-dsi-client-secret", "the relying party's secret");
ABSL_FLAG(std::string, api_secret, "local-dsi-api-secret", "secret of the roles API's JWTs");

int main(int argc, char** argv) {
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  rect::ParseFlagsWithEnvironment(
      argc, argv, "RECT_FAKE_DSI_",
      {"address", "port", "issuer", "client_id", "client_secret", "api_secret"});
  rect::log::SetService("fake-dsi");

  rect::fakes::dsi::FakeDsi::Options options;
  options.address = absl::GetFlag(FLAGS_address);
  options.port = absl::GetFlag(FLAGS_port);
  options.issuer = absl::GetFlag(FLAGS_issuer);
  options.client_id = absl::GetFlag(FLAGS_client_id);
  options.client_secret = absl::GetFlag(FLAGS_client_secret);
  options.api_secret = absl::GetFlag(FLAGS_api_secret);
  rect::fakes::dsi::FakeDsi dsi(options);
  if (absl::Status status = dsi.Start(); !status.ok()) {
    rect::log::Error("cannot start", {{"error", std::string(status.message())}});
    return 1;
  }
  rect::log::Info("listening", {{"issuer", dsi.issuer()}, {"port", dsi.port()}});

  int signal = 0;
  sigwait(&signals, &signal);
  dsi.Stop();
  rect::log::Info("stopped");
  return 0;
}
