#include "services/common/http_client.h"

#include <atomic>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <gtest/gtest.h>

namespace rect {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// Serves exactly one connection: echoes method, target and body, or stalls when asked to.
class OneShotServer {
 public:
  explicit OneShotServer(bool stall = false)
      : acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)), stall_(stall) {
    thread_ = std::thread([this] { Serve(); });
  }
  ~OneShotServer() {
    release_ = true;
    thread_.join();
  }
  int port() const { return acceptor_.local_endpoint().port(); }
  std::string seen_host;

 private:
  void Serve() {
    tcp::socket socket(io_);
    acceptor_.accept(socket);
    beast::flat_buffer buffer;
    http::request<http::string_body> request;
    beast::error_code error;
    http::read(socket, buffer, request, error);
    seen_host = std::string(request[http::field::host]);
    if (stall_) {
      while (!release_) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      return;
    }
    http::response<http::string_body> response(http::status::created, 11);
    response.set("X-Echo-Method", std::string(request.method_string()));
    response.set("X-Echo-Auth", std::string(request[http::field::authorization]));
    response.body() = std::string(request.target()) + "|" + request.body();
    response.prepare_payload();
    http::write(socket, response, error);
  }

  asio::io_context io_;
  tcp::acceptor acceptor_;
  bool stall_;
  std::atomic<bool> release_{false};
  std::thread thread_;
};

TEST(HttpClient, SendsMethodHeadersBodyAndReadsTheResponse) {
  OneShotServer server;
  HttpClientRequest request;
  request.method = "POST";
  request.url = "http://127.0.0.1:" + std::to_string(server.port()) + "/v2/notifications?x=1";
  request.headers = {{"Authorization", "Bearer abc"}};
  request.body = "{}";
  absl::StatusOr<HttpClientResponse> response = HttpClient().Send(request);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(response->body, "/v2/notifications?x=1|{}");
  EXPECT_EQ(response->Header("x-echo-method"), "POST");
  EXPECT_EQ(response->Header("X-ECHO-AUTH"), "Bearer abc");
  EXPECT_EQ(response->Header("missing"), "");
  EXPECT_EQ(server.seen_host, "127.0.0.1:" + std::to_string(server.port()));
}

TEST(HttpClient, TimesOutWithDeadlineExceeded) {
  OneShotServer server(/*stall=*/true);
  HttpClientRequest request;
  request.url = "http://127.0.0.1:" + std::to_string(server.port()) + "/";
  request.timeout = absl::Milliseconds(200);
  EXPECT_EQ(HttpClient().Send(request).status().code(), absl::StatusCode::kDeadlineExceeded);
}

TEST(HttpClient, RefusedConnectionIsUnavailable) {
  HttpClientRequest request;
  request.url = "http://127.0.0.1:1/";
  EXPECT_EQ(HttpClient().Send(request).status().code(), absl::StatusCode::kUnavailable);
}

TEST(HttpClient, BadUrlsAreInvalidArguments) {
  for (const char* url : {"", "not a url", "/relative", "ftp://example.com/", "http:///x"}) {
    HttpClientRequest request;
    request.url = url;
    EXPECT_EQ(HttpClient().Send(request).status().code(), absl::StatusCode::kInvalidArgument)
        << url;
  }
}

}  // namespace
}  // namespace rect
