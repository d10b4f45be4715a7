// The HTTP ceiling: a bare Boost.Beast server answering every request with a small 200, built
// with the gateway's threading model (one io_context run by N threads, a strand per
// connection, asynchronous keep-alive sessions) and compile options. What the gateway's
// /healthz achieves is reported as a fraction of what this achieves on the same machine.
//
//   beast_hello --port=0 --threads=2     prints "port N" once listening; SIGINT/SIGTERM stop it
#include <signal.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  explicit Session(tcp::socket socket) : stream_(std::move(socket)) {}
  void Start() { Read(); }

 private:
  void Read() {
    request_ = {};
    stream_.expires_after(std::chrono::seconds(60));
    http::async_read(stream_, buffer_, request_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       self->OnRead(ec);
                     });
  }

  void OnRead(beast::error_code ec) {
    if (ec) return Close();
    auto response = std::make_shared<http::response<http::string_body>>(http::status::ok,
                                                                          request_.version());
    response->set(http::field::content_type, "text/plain; charset=utf-8");
    response->keep_alive(request_.keep_alive());
    response->body() = "ok\n";
    response->prepare_payload();
    http::async_write(stream_, *response,
                      [self = shared_from_this(), response](beast::error_code ec, std::size_t) {
                        if (ec || !response->keep_alive()) return self->Close();
                        self->Read();
                      });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
};

void Accept(tcp::acceptor& acceptor, net::io_context& io) {
  acceptor.async_accept(net::make_strand(io), [&acceptor, &io](beast::error_code ec,
                                                               tcp::socket socket) {
    if (!acceptor.is_open()) return;
    if (!ec) std::make_shared<Session>(std::move(socket))->Start();
    Accept(acceptor, io);
  });
}

int Flag(int argc, char** argv, const char* name, int fallback) {
  const size_t n = std::strlen(name);
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], name, n) == 0 && argv[i][n] == '=') return std::atoi(argv[i] + n + 1);
  }
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  const int port = Flag(argc, argv, "--port", 0);
  const int threads = Flag(argc, argv, "--threads", 2);
  net::io_context io(threads);
  tcp::acceptor acceptor(net::make_strand(io));
  const tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"),
                               static_cast<unsigned short>(port));
  acceptor.open(endpoint.protocol());
  acceptor.set_option(net::socket_base::reuse_address(true));
  acceptor.bind(endpoint);
  acceptor.listen(net::socket_base::max_listen_connections);
  std::printf("port %d\n", acceptor.local_endpoint().port());
  std::fflush(stdout);
  Accept(acceptor, io);
  net::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](beast::error_code, int) { io.stop(); });
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) pool.emplace_back([&io] { io.run(); });
  for (std::thread& t : pool) t.join();
  return 0;
}
