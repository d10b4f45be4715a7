#include "tests/integration/stack.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <sys/wait.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace rect::integration {
namespace {

std::string Env(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : fallback;
}

using testing::FreePort;
using testing::Runfile;

int Shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

void MustRun(const std::string& command) {
  if (Shell(command) != 0) throw std::runtime_error("command failed: " + command);
}

// Runs `command` in bash with the PostgreSQL helpers of deploy/lib loaded.
std::string WithPgHelpers(const std::string& command) {
  return absl::StrCat("bash -c '. ", Runfile("deploy/lib/postgres.sh"), " && ", command, "'");
}

}  // namespace

HttpResponse Http(int port, const std::string& method, const std::string& target,
                  const std::string& body, const std::map<std::string, std::string>& headers) {
  namespace beast = boost::beast;
  namespace http = beast::http;
  HttpResponse result;
  try {
    boost::asio::io_context io;
    beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(5));
    stream.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"),
                                                  static_cast<unsigned short>(port)));
    http::request<http::string_body> request(http::string_to_verb(method), target, 11);
    request.set(http::field::host, absl::StrCat("127.0.0.1:", port));
    for (const auto& [name, value] : headers) request.set(name, value);
    request.body() = body;
    request.prepare_payload();
    http::write(stream, request);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream, buffer, response);
    result.status = response.result_int();
    result.body = response.body();
    for (const auto& field : response) {
      result.headers[absl::AsciiStrToLower(std::string(field.name_string()))] =
          std::string(field.value());
    }
    beast::error_code ignored;
    stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  } catch (const std::exception&) {
    result.status = 0;
  }
  return result;
}

PgCluster::PgCluster() : port_(FreePort()) {
  char pattern[] = "/tmp/rect-integration.XXXXXX";
  if (mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = pattern;
  MustRun(absl::StrCat("chmod 755 ", dir_));
  MustRun(WithPgHelpers(absl::StrCat("pg_init ", dir_, "/pg")));
  Start();
}

PgCluster::~PgCluster() {
  Shell(WithPgHelpers(absl::StrCat("pg_stop ", dir_, "/pg immediate")));
  Shell(absl::StrCat("rm -rf ", dir_));
}

void PgCluster::Start() {
  MustRun(WithPgHelpers(absl::StrCat("PG_FSYNC=off pg_start ", dir_, "/pg ", port_)));
}

void PgCluster::Stop() { MustRun(WithPgHelpers(absl::StrCat("pg_stop ", dir_, "/pg fast"))); }

void PgCluster::CreateDatabase(const std::string& name) {
  MustRun(absl::StrCat("psql -q -h 127.0.0.1 -p ", port_,
                       " -U rect -d postgres -c 'CREATE DATABASE ", name, "' >/dev/null"));
}

std::string PgCluster::Conninfo(const std::string& database) const {
  return absl::StrCat("host=127.0.0.1 port=", port_, " user=rect dbname=", database,
                      " connect_timeout=2");
}

Stack::Stack() : log_dir_(Env("TEST_UNDECLARED_OUTPUTS_DIR", "/tmp")), gateway_port_(FreePort()) {
  // The local stand-in for the Teaching Record System.
  const int trs_port = FreePort();
  const std::string trs_key = "integration-trs-key";
  processes_["fake-trs"] = std::make_unique<Process>(
      Runfile("tests/fakes/trs/trs"), std::vector<std::string>{}, log_dir_ + "/fake-trs.log",
      std::map<std::string, std::string>{{"RECT_FAKE_TRS_PORT", std::to_string(trs_port)},
                                         {"RECT_FAKE_TRS_API_KEY", trs_key},
                                         {"RECT_FAKE_TRS_SLOW_MS", "3000"}});
  // The local stand-in for GOV.UK Notify (service and fake share the built-in local key).
  notify_port_ = FreePort();
  processes_["fake-notify"] = std::make_unique<Process>(
      Runfile("tests/fakes/notify/fake_notify"), std::vector<std::string>{},
      log_dir_ + "/fake-notify.log",
      std::map<std::string, std::string>{{"RECT_FAKE_NOTIFY_PORT", std::to_string(notify_port_)}});
  std::map<std::string, std::string> extra_env = {
      {"RECT_TEACHERS_TRS_BASE_URL", absl::StrCat("http://127.0.0.1:", trs_port)},
      {"RECT_TEACHERS_TRS_API_KEY", trs_key},
      {"RECT_NOTIFICATIONS_NOTIFY_BASE_URL", absl::StrCat("http://127.0.0.1:", notify_port_)},
      {"RECT_NOTIFICATIONS_WORKER_POLL_MS", "100"}};
  std::map<std::string, std::string> gateway_env = {
      {"RECT_GATEWAY_PORT", std::to_string(gateway_port_)},
      {"RECT_GATEWAY_STATIC_DIR", Runfile("gateway/assets")}};
  for (const char* service : kServices) {
    const std::string name = service;
    const std::string upper = absl::AsciiStrToUpper(name);
    grpc_ports_[name] = FreePort();
    metrics_ports_[name] = FreePort();
    postgres_.CreateDatabase("rect_" + name);
    processes_[name] = std::make_unique<Process>(
        Runfile(absl::StrCat("services/", name, "/", name)), std::vector<std::string>{},
        absl::StrCat(log_dir_, "/", name, ".log"),
        std::map<std::string, std::string>{
            {absl::StrCat("RECT_", upper, "_DATABASE_URL"), postgres_.Conninfo("rect_" + name)},
            {absl::StrCat("RECT_", upper, "_GRPC_ADDRESS"),
             absl::StrCat("127.0.0.1:", grpc_ports_[name])},
            {absl::StrCat("RECT_", upper, "_METRICS_ADDRESS"),
             absl::StrCat("127.0.0.1:", metrics_ports_[name])},
            {absl::StrCat("RECT_", upper, "_HEALTH_INTERVAL_MS"), "200"},
            {absl::StrCat("RECT_", upper, "_DB_ACQUIRE_TIMEOUT_MS"), "1000"}});
    for (const auto& [key, value] : extra_env) {
      if (absl::StartsWith(key, absl::StrCat("RECT_", upper, "_")))
        processes_[name]->SetEnv(key, value);
    }
    gateway_env[absl::StrCat("RECT_GATEWAY_", upper, "_ADDRESS")] =
        absl::StrCat("127.0.0.1:", grpc_ports_[name]);
  }
  processes_["gateway"] =
      std::make_unique<Process>(Runfile("gateway/gateway"), std::vector<std::string>{},
                                log_dir_ + "/gateway.log", gateway_env);
  gateway_env_ = gateway_env;
  for (auto& [name, process] : processes_) process->Start();
}

int Stack::StartGateway(const std::string& name,
                        const std::map<std::string, std::string>& extra_env) {
  const int port = FreePort();
  std::map<std::string, std::string> env = gateway_env_;
  env["RECT_GATEWAY_PORT"] = std::to_string(port);
  for (const auto& [key, value] : extra_env) env[key] = value;
  auto process = std::make_unique<Process>(Runfile("gateway/gateway"), std::vector<std::string>{},
                                           absl::StrCat(log_dir_, "/", name, ".log"), env);
  process->Start();
  processes_[name] = std::move(process);
  return port;
}

Stack::~Stack() {
  for (auto& [name, process] : processes_) process->Stop(SIGTERM, absl::Seconds(10));
}

std::shared_ptr<grpc::Channel> Stack::Channel(const std::string& service) const {
  return grpc::CreateChannel(absl::StrCat("127.0.0.1:", grpc_ports_.at(service)),
                             grpc::InsecureChannelCredentials());
}

bool Stack::WaitForReadyz(int status, absl::Duration limit) const {
  const absl::Time until = absl::Now() + limit;
  while (absl::Now() < until) {
    if (Get("/readyz").status == status) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

}  // namespace rect::integration
