// One HTTP connection (internal to the server): reads requests, routes them, waits for the
// handler's Responder on the connection's strand, writes responses, and enforces limits.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <shared_mutex>

#include "absl/time/time.h"
#include "gateway/http/request_recorder.h"
#include "gateway/http/router.h"
#include "gateway/http/server.h"
#include "services/common/tokens.h"

namespace rect::gateway {

// What every connection of one server shares. It outlives the server while a handler still
// holds a Responder, so after `stopped` a late answer touches nothing but this object.
struct ConnectionShared {
  ConnectionShared(ServerOptions o, const Router& r, RequestRecorder& rec, RandomSource& rand)
      : options(std::move(o)), router(r), recorder(rec), random(rand) {}

  // A request is in flight from its headers until its response is written or the connection
  // fails; graceful shutdown waits for none to be left.
  void BeginRequest();
  void EndRequest();
  bool Draining();

  const ServerOptions options;
  const Router& router;
  RequestRecorder& recorder;
  RandomSource& random;

  // Requests touch only atomics here, so the io threads do not contend for a lock; `mu` is
  // taken by shutdown and, when draining, by the request that leaves none in flight.
  std::mutex mu;
  std::condition_variable idle;       // notified (under mu) when in_flight drops to zero
  std::atomic<int> in_flight{0};
  std::atomic<bool> draining{false};  // answer with Connection: close
  // Held shared while an answer is handed to an io thread, exclusively to set `stopped`.
  std::shared_mutex deliver_mu;
  bool stopped = false;  // guarded by deliver_mu: the io threads are gone; drop late answers
};

// Serves `socket` until the client leaves, a timeout, or the server stops. The socket's
// executor must be a strand.
void StartSession(boost::asio::ip::tcp::socket socket, std::shared_ptr<ConnectionShared> shared);

}  // namespace rect::gateway
