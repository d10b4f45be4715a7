#include "gateway/http/server.h"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <future>
#include <utility>

#include "absl/strings/str_cat.h"
#include "gateway/http/session.h"
#include "services/common/log.h"

namespace rect::gateway {

namespace net = boost::asio;
using tcp = net::ip::tcp;

HttpServer::HttpServer(ServerOptions options, const Router& router, RequestRecorder& recorder,
                       RandomSource& random)
    : options_(options),
      io_context_(options.threads),
      acceptor_(net::make_strand(io_context_)),
      shared_(std::make_shared<ConnectionShared>(std::move(options), router, recorder, random)) {}

HttpServer::~HttpServer() { Shutdown(absl::ZeroDuration()); }

absl::Status HttpServer::Start() {
  boost::system::error_code ec;
  const net::ip::address address = net::ip::make_address(options_.address, ec);
  if (ec) return absl::InvalidArgumentError(absl::StrCat("bad address ", options_.address));
  const tcp::endpoint endpoint(address, static_cast<unsigned short>(options_.port));
  auto fail = [&](absl::string_view what) {
    return absl::UnavailableError(absl::StrCat("cannot ", what, " ", options_.address, ":",
                                               options_.port, ": ", ec.message()));
  };
  if (acceptor_.open(endpoint.protocol(), ec); ec) return fail("open");
  if (acceptor_.set_option(net::socket_base::reuse_address(true), ec); ec) return fail("set up");
  if (acceptor_.bind(endpoint, ec); ec) return fail("listen on");
  if (acceptor_.listen(net::socket_base::max_listen_connections, ec); ec) return fail("listen on");
  port_ = acceptor_.local_endpoint().port();

  Accept();
  running_ = true;
  for (int i = 0; i < options_.threads; ++i) {
    threads_.emplace_back([this] {
      // Handlers catch their own exceptions; this keeps the thread alive if anything else throws.
      for (;;) {
        try {
          io_context_.run();
          return;
        } catch (const std::exception& e) {
          log::Error("unexpected exception on an io thread", {{"error", e.what()}});
        }
      }
    });
  }
  return absl::OkStatus();
}

void HttpServer::Accept() {
  acceptor_.async_accept(net::make_strand(io_context_),
                         [this](boost::system::error_code ec, tcp::socket socket) {
                           if (!acceptor_.is_open()) return;
                           if (ec) {
                             log::Warning("accept failed", {{"error", ec.message()}});
                           } else {
                             StartSession(std::move(socket), shared_);
                           }
                           Accept();
                         });
}

bool HttpServer::Shutdown(absl::Duration deadline) {
  if (!running_) {
    std::lock_guard<std::shared_mutex> lock(shared_->deliver_mu);
    shared_->stopped = true;
    return true;
  }
  running_ = false;

  shared_->draining.store(true);
  std::promise<void> closed;
  net::post(acceptor_.get_executor(), [this, &closed] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    closed.set_value();
  });
  closed.get_future().wait();

  bool drained;
  {
    std::unique_lock<std::mutex> lock(shared_->mu);
    drained = shared_->idle.wait_for(lock, absl::ToChronoNanoseconds(deadline),
                                     [&] { return shared_->in_flight == 0; });
  }
  io_context_.stop();
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
  std::lock_guard<std::shared_mutex> lock(shared_->deliver_mu);
  shared_->stopped = true;
  return drained;
}

}  // namespace rect::gateway
