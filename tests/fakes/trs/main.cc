// The local Teaching Record System as a process, for the local stack and integration tests:
// serves the personas of school-journeys.md §8 until SIGTERM/SIGINT.
#include <pthread.h>

#include <csignal>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "services/common/log.h"
#include "services/common/options.h"
#include "tests/fakes/trs/fake_trs.h"

ABSL_FLAG(std::string, address, "127.0.0.1", "IP address to listen on");
ABSL_FLAG(int, port, 8091, "port to listen on; 0 picks a free one (logged)");
ABSL_FLAG(std::string, api_key, "", "the bearer key callers must send (required)");
ABSL_FLAG(int, slow_ms, 7000, "how long TRN 7000098 takes to answer");

int main(int argc, char** argv) {
  // As the gateway: signals blocked before any thread starts, so only sigwait sees them.
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  rect::ParseFlagsWithEnvironment(argc, argv, "RECT_FAKE_TRS_",
                                  {"address", "port", "api_key", "slow_ms"});
  rect::log::SetService("fake-trs");
  rect::fakes::trs::FakeTrsOptions options;
  options.address = absl::GetFlag(FLAGS_address);
  options.port = absl::GetFlag(FLAGS_port);
  options.api_key = absl::GetFlag(FLAGS_api_key);
  options.slow = absl::Milliseconds(absl::GetFlag(FLAGS_slow_ms));
  if (options.api_key.empty()) {
    rect::ExitOnError(
        absl::InvalidArgumentError("--api_key (or RECT_FAKE_TRS_API_KEY) must be set"));
  }
  if (options.port < 0 || options.port > 65535 || options.slow < absl::ZeroDuration()) {
    rect::ExitOnError(absl::InvalidArgumentError(
        "--port must be between 0 and 65535 and --slow_ms not negative"));
  }

  rect::fakes::trs::FakeTrs trs(options);
  if (absl::Status started = trs.Start(); !started.ok()) {
    rect::log::Error("cannot start", {{"error", std::string(started.message())}});
    return 1;
  }
  rect::log::Info("listening", {{"port", trs.port()}, {"base_url", trs.base_url()}});

  int signal = 0;
  sigwait(&signals, &signal);
  rect::log::Info("shutting down", {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"}});
  trs.Stop();
  rect::log::Info("stopped");
  return 0;
}
