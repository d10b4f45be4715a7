// A child process for integration tests: started with extra environment variables, output
// to a log file, stopped with a signal, and waited for with a time limit.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace rect::integration {

class Process {
 public:
  Process(std::string name, std::string path, std::map<std::string, std::string> env,
          std::string log_path);
  ~Process();  // SIGKILL if still running
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  // Adds or replaces an environment variable for the next Start().
  void SetEnv(const std::string& key, const std::string& value) { env_[key] = value; }
  void Start();
  bool Running();
  // Sends `signal` and waits up to `limit`; returns the exit status (-1 if still running,
  // 128+N when killed by signal N).
  int Stop(int signal, absl::Duration limit);
  const std::string& name() const { return name_; }
  const std::string& log_path() const { return log_path_; }

 private:
  std::string name_;
  std::string path_;
  std::map<std::string, std::string> env_;
  std::string log_path_;
  pid_t pid_ = -1;
  int exit_status_ = -1;
};

// A TCP port free on 127.0.0.1 right now.
int FreePort();

// Runs a shell command; returns its exit status.
int Shell(const std::string& command);

}  // namespace rect::integration
