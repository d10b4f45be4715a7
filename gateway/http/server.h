// The gateway's HTTP/1.1 server (Boost.Beast, asynchronous): a listener, one session per
// connection with keep-alive, body limit and timeouts, and a graceful shutdown with a deadline.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gateway/http/request_recorder.h"
#include "gateway/http/router.h"
#include "gateway/http/security_headers.h"
#include "services/common/tokens.h"

namespace rect::gateway {

struct ServerOptions {
  std::string address = "127.0.0.1";                // an IP address to listen on
  int port = 8080;                                  // 0 picks a free port (see HttpServer::port())
  int threads = 2;                                  // io threads
  uint64_t max_body_bytes = 1 << 20;                // larger bodies are refused with 413
  absl::Duration idle_timeout = absl::Seconds(60);  // waiting for a request: then close
  absl::Duration header_timeout = absl::Seconds(10);   // first byte to end of headers: then 408
  absl::Duration body_timeout = absl::Seconds(30);     // reading a body or writing a response
  absl::Duration handler_timeout = absl::Seconds(10);  // a handler's answer: then 503
  // Added to every response (handlers', errors, timeouts) unless the response already has a
  // header of that name; the gateway sends SecurityHeaders() here.
  HeaderList response_headers;
};

struct ConnectionShared;

class HttpServer {
 public:
  // `router`, `recorder` and `random` (thread-safe) must outlive the server. Routes must all
  // be added before Start().
  HttpServer(ServerOptions options, const Router& router, RequestRecorder& recorder,
             RandomSource& random);
  // Shuts down at once if still running.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds the listening socket and starts the io threads. UNAVAILABLE when it cannot bind.
  absl::Status Start();

  // The bound port, once started.
  int port() const { return port_; }

  // Stops accepting, lets requests in flight finish within `deadline`, then stops the io
  // threads; idle keep-alive connections are closed. True when no request was cut off.
  // Handlers answering later are ignored. Must not be called from an io thread.
  bool Shutdown(absl::Duration deadline);

 private:
  void Accept();

  ServerOptions options_;
  boost::asio::io_context io_context_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::shared_ptr<ConnectionShared> shared_;
  std::vector<std::thread> threads_;
  int port_ = 0;
  bool running_ = false;
};

}  // namespace rect::gateway
