// Test support: a real binary (a data dependency) run as a child process with extra
// environment variables and its output in a log file, stopped by a signal (SIGKILL for crashes).
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace rect::testing {

class ChildProcess {
 public:
  // `env` is added to (or overrides) this process's environment.
  ChildProcess(std::string path, std::vector<std::string> args, std::string log_path,
               std::map<std::string, std::string> env = {});
  ~ChildProcess();  // SIGKILL if still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Adds or replaces an environment variable for the next Start().
  void SetEnv(const std::string& key, const std::string& value) { env_[key] = value; }
  void Start();
  bool Running();
  // Sends `signal`, waits up to `limit`: the exit status (128+N when killed by signal N), or
  // -1 if still running.
  int Stop(int signal, absl::Duration limit);
  pid_t pid() const { return pid_; }
  // The last `bytes` of the log, for failure messages.
  std::string LogTail(size_t bytes = 4000) const;

 private:
  std::string path_;
  std::vector<std::string> args_;
  std::string log_path_;
  std::map<std::string, std::string> env_;
  pid_t pid_ = -1;
  int exit_status_ = -1;
};

// Path of a file in this test's runfiles, e.g. Runfile("services/identity/identity").
std::string Runfile(const std::string& path);

// A directory for logs kept after the test (Bazel's undeclared outputs), else the temp dir.
std::string TestOutputDir();

// A TCP port free on 127.0.0.1 right now, for a server about to be started on it. It is drawn
// from outside Linux's ephemeral range (net.ipv4.ip_local_port_range): a port inside it may be
// given to any outgoing connection before the server binds it, and the server then cannot
// listen. The same rule as deploy/lib/free_port.py.
int FreePort();

}  // namespace rect::testing
