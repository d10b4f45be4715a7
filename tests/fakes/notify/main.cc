// The local GOV.UK Notify: accepts the Notify email API with the same JWT checks, keeps the
// emails in memory for developers and tests (GET /_fake/emails), and fails or stalls on request.
#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <fstream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "services/common/log.h"
#include "services/common/options.h"
#include "services/common/tokens.h"
#include "services/notifications/notify_auth.h"
#include "tests/fakes/notify/fake_notify_server.h"

ABSL_FLAG(std::string, address, "127.0.0.1", "IP address to listen on");
ABSL_FLAG(int, port, 8092, "port to listen on; 0 picks a free one (see --port_file)");
ABSL_FLAG(std::string, port_file, "", "if set, the bound port is written here once listening");
ABSL_FLAG(std::string, api_key, "",
          "a whole Notify API key {name}-{service_id}-{secret} to accept (default: the local "
          "stack's key, unless --service_id and --api_key_secret are given)");
ABSL_FLAG(std::string, service_id, "", "the service id tokens must carry as iss");
ABSL_FLAG(std::string, api_key_secret, "", "the secret tokens must be signed with");
ABSL_FLAG(int, threads, 2, "io threads");
ABSL_FLAG(int, max_stored_emails, 100000, "the oldest emails are dropped beyond this");

namespace {

sigset_t ShutdownSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

absl::StatusOr<rect::fakes::FakeNotifyOptions> OptionsFromFlags() {
  rect::fakes::FakeNotifyOptions options;
  const std::string api_key = absl::GetFlag(FLAGS_api_key);
  const std::string service_id = absl::GetFlag(FLAGS_service_id);
  const std::string secret = absl::GetFlag(FLAGS_api_key_secret);
  if (!api_key.empty() && (!service_id.empty() || !secret.empty())) {
    return absl::InvalidArgumentError(
        "give either --api_key or --service_id with --api_key_secret, not both");
  }
  if (service_id.empty() != secret.empty()) {
    return absl::InvalidArgumentError("--service_id and --api_key_secret go together");
  }
  if (!service_id.empty()) {
    if (!rect::IsUuid(service_id) || !rect::IsUuid(secret)) {
      return absl::InvalidArgumentError("--service_id and --api_key_secret must be UUIDs");
    }
    options.service_id = service_id;
    options.secret = secret;
  } else {
    auto key = rect::notifications::ParseNotifyApiKey(
        api_key.empty() ? rect::notifications::kLocalNotifyApiKey : api_key);
    if (!key.ok())
      return absl::InvalidArgumentError(absl::StrCat("--api_key: ", key.status().message()));
    options.service_id = key->service_id;
    options.secret = key->secret;
  }
  const int port = absl::GetFlag(FLAGS_port);
  const int threads = absl::GetFlag(FLAGS_threads);
  const int max_stored = absl::GetFlag(FLAGS_max_stored_emails);
  if (port < 0 || port > 65535) return absl::InvalidArgumentError("--port must be 0 to 65535");
  if (threads < 1 || threads > 64) return absl::InvalidArgumentError("--threads must be 1 to 64");
  if (max_stored < 1) return absl::InvalidArgumentError("--max_stored_emails must be positive");
  options.max_stored_emails = static_cast<size_t>(max_stored);
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  // Blocked before any thread starts, so only sigwait below sees them (as the gateway does).
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  const sigset_t signals = ShutdownSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  rect::ParseFlagsWithEnvironment(argc, argv, "RECT_FAKE_NOTIFY_",
                                  {"address", "port", "port_file", "api_key", "service_id",
                                   "api_key_secret", "threads", "max_stored_emails"});
  rect::log::SetService("fake-notify");
  const absl::StatusOr<rect::fakes::FakeNotifyOptions> options = OptionsFromFlags();
  rect::ExitOnError(options.status());

  rect::fakes::FakeNotifyServer server(*options, absl::GetFlag(FLAGS_address),
                                       absl::GetFlag(FLAGS_port), absl::GetFlag(FLAGS_threads));
  if (absl::Status status = server.Start(); !status.ok()) {
    rect::log::Error("cannot start", {{"error", std::string(status.message())}});
    return 1;
  }
  if (const std::string port_file = absl::GetFlag(FLAGS_port_file); !port_file.empty()) {
    // Written whole, then renamed, so a reader never sees a half-written file.
    const std::string partial = port_file + ".partial";
    std::ofstream(partial) << server.port() << "\n";
    std::rename(partial.c_str(), port_file.c_str());
  }
  rect::log::Info("listening",
                  {{"http", absl::StrCat(absl::GetFlag(FLAGS_address), ":", server.port())},
                   {"service_id", options->service_id}});

  int signal = 0;
  sigwait(&signals, &signal);
  rect::log::Info("shutting down", {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"}});
  server.Shutdown(absl::Seconds(2));
  rect::log::Info("stopped");
  return 0;
}
