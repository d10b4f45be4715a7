#include "services/common/testing/child_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "absl/random/random.h"
#include "absl/time/clock.h"

extern char** environ;

namespace rect::testing {
namespace {

std::string Env(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value == nullptr || *value == '\0' ? fallback : value;
}

// Binds `port` on 127.0.0.1 (0: any); the bound port, or 0 when it is taken.
int Bind(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(port));
  int bound = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    socklen_t length = sizeof address;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
      bound = ntohs(address.sin_port);
    }
  }
  close(fd);
  return bound;
}

}  // namespace

ChildProcess::ChildProcess(std::string path, std::vector<std::string> args, std::string log_path,
                           std::map<std::string, std::string> env)
    : path_(std::move(path)),
      args_(std::move(args)),
      log_path_(std::move(log_path)),
      env_(std::move(env)) {}

ChildProcess::~ChildProcess() {
  if (Running()) Stop(SIGKILL, absl::Seconds(5));
}

void ChildProcess::Start() {
  // Everything the child needs is built before fork: after it, only async-signal-safe calls.
  std::vector<char*> argv = {path_.data()};
  for (std::string& arg : args_) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<std::string> entries;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    if (env_.count(entry.substr(0, entry.find('='))) == 0) entries.push_back(entry);
  }
  for (const auto& [key, value] : env_) entries.push_back(key + "=" + value);
  std::vector<char*> envp;
  for (std::string& entry : entries) envp.push_back(entry.data());
  envp.push_back(nullptr);
  const int log = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (log < 0) throw std::runtime_error("cannot open " + log_path_);
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    dup2(log, STDOUT_FILENO);
    dup2(log, STDERR_FILENO);
    close(log);
    execve(path_.c_str(), argv.data(), envp.data());
    _exit(127);
  }
  close(log);
  exit_status_ = -1;
}

bool ChildProcess::Running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == 0) return true;
  exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  pid_ = -1;
  return false;
}

int ChildProcess::Stop(int signal, absl::Duration limit) {
  if (!Running()) return exit_status_;
  kill(pid_, signal);
  const absl::Time until = absl::Now() + limit;
  while (absl::Now() < until) {
    if (!Running()) return exit_status_;
    absl::SleepFor(absl::Milliseconds(10));
  }
  return -1;
}

std::string ChildProcess::LogTail(size_t bytes) const {
  std::ifstream file(log_path_);
  std::stringstream text;
  text << file.rdbuf();
  const std::string all = text.str();
  return all.size() <= bytes ? all : all.substr(all.size() - bytes);
}

std::string Runfile(const std::string& path) {
  return Env("TEST_SRCDIR", ".") + "/" + Env("TEST_WORKSPACE", "rect") + "/" + path;
}

std::string TestOutputDir() {
  return Env("TEST_UNDECLARED_OUTPUTS_DIR", Env("TEST_TMPDIR", "/tmp"));
}

int FreePort() {
  int ephemeral_low = 32768, ephemeral_high = 60999;  // Linux's default
  std::ifstream("/proc/sys/net/ipv4/ip_local_port_range") >> ephemeral_low >> ephemeral_high;
  // The larger of the ranges below and above the ephemeral one; never the well-known ports.
  int low = 10000, high = ephemeral_low - 1;
  if (65535 - ephemeral_high > high - low) low = ephemeral_high + 1, high = 65535;
  if (high - low >= 1000) {
    absl::BitGen random;
    for (int attempt = 0; attempt < 200; ++attempt) {
      if (const int port = Bind(absl::Uniform(absl::IntervalClosed, random, low, high))) {
        return port;
      }
    }
  }
  return Bind(0);  // no range outside the ephemeral one: any free port
}

}  // namespace rect::testing
