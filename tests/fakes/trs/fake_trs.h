// A local Teaching Record System: a real HTTP server speaking TRS API v3's GET
// /v3/persons/{trn} for the personas, checking the bearer key and the dateOfBirth /
// nationalInsuranceNumber match parameters. Used by the local stack and by tests in-process.
#pragma once

#include <prometheus/registry.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gateway/http/handler.h"
#include "gateway/http/request_recorder.h"
#include "gateway/http/router.h"
#include "gateway/http/server.h"
#include "services/common/tokens.h"

namespace rect::fakes::trs {

struct FakeTrsOptions {
  std::string address = "127.0.0.1";
  int port = 0;                            // 0 picks a free port (see FakeTrs::port())
  std::string api_key;                     // the bearer token every request must carry
  absl::Duration slow = absl::Seconds(7);  // how long 7000098 takes to answer
};

class FakeTrs {
 public:
  explicit FakeTrs(FakeTrsOptions options);
  ~FakeTrs();
  FakeTrs(const FakeTrs&) = delete;
  FakeTrs& operator=(const FakeTrs&) = delete;

  // Listens; after Stop() it listens again on the port it had. UNAVAILABLE when it cannot bind.
  absl::Status Start();
  // Stops listening and drops requests in flight (slow answers never arrive).
  void Stop();

  int port() const { return port_; }
  std::string base_url() const;  // "http://<address>:<port>"

  // Requests to /v3/persons/{trn} seen so far, whatever the answer.
  int person_requests() const { return person_requests_; }
  // The X-Api-Version of the last such request.
  std::string last_api_version() const;

 private:
  void HandlePerson(std::shared_ptr<const gateway::RequestContext> context,
                    gateway::Responder respond);

  FakeTrsOptions options_;
  prometheus::Registry registry_;
  gateway::RequestRecorder recorder_;
  SecureRandom random_;
  gateway::Router router_;
  std::unique_ptr<gateway::HttpServer> server_;
  int port_ = 0;

  // Slow answers wait on timers here, not on the server's io threads.
  boost::asio::io_context delays_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> delays_work_;
  std::thread delays_thread_;

  std::atomic<int> person_requests_{0};
  mutable std::mutex mu_;
  std::string last_api_version_;  // guarded by mu_
};

}  // namespace rect::fakes::trs
