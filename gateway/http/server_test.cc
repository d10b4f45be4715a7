// The HTTP server against hostile clients: addresses that are not UTF-8, and clients that
// dribble their headers (slowloris) while others must still be served.
#include "gateway/http/server.h"

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gateway/http/request_recorder.h"
#include "gateway/http/responses.h"
#include "gateway/http/router.h"
#include "services/common/metrics.h"
#include "services/common/tokens.h"

namespace rect::gateway {
namespace {

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;
using Response = http::response<http::string_body>;

Response SendRaw(int port, const std::string& raw) {
  net::io_context io;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  net::write(socket, net::buffer(raw));
  boost::beast::flat_buffer buffer;
  Response response;
  http::read(socket, buffer, response);
  return response;
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto echo = [](std::shared_ptr<const RequestContext> context, Responder respond) {
      respond(TextResponse(http::status::ok,
                           absl::StrCat(context->param("name"), "|", context->target.query())));
    };
    ASSERT_TRUE(router_.Add(http::verb::get, "/hello/{name}", echo).ok());
    ASSERT_TRUE(router_.Add(http::verb::get, "/api/v3/hello/{name}", echo).ok());
    ServerOptions options;
    options.port = 0;
    options.threads = 2;
    options.header_timeout = absl::Milliseconds(500);
    server_ = std::make_unique<HttpServer>(options, router_, recorder_, random_);
    ASSERT_TRUE(server_->Start().ok());
  }
  void TearDown() override { server_->Shutdown(absl::Seconds(1)); }

  int port() const { return server_->port(); }

  Metrics metrics_{"gateway"};
  RequestRecorder recorder_{metrics_.registry()};
  SecureRandom random_;
  Router router_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(ServerTest, Utf8AddressesReachTheirHandler) {
  Response response = SendRaw(port(), "GET /hello/caf%C3%A9?q=%E2%82%AC HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(response.result(), http::status::ok);
  EXPECT_EQ(response.body(), "caf\xc3\xa9|q=\xe2\x82\xac");
}

TEST_F(ServerTest, AddressesThatAreNotUtf8Are400) {
  for (const char* target : {"/hello/%FF", "/hello/caf%E9", "/hello/x?q=%C0%AF",
                             "/hello/x?%FF=1", "/hello/%ED%A0%80"}) {
    Response page = SendRaw(port(), absl::StrCat("GET ", target, " HTTP/1.1\r\nHost: x\r\n\r\n"));
    EXPECT_EQ(page.result(), http::status::bad_request) << target;
    EXPECT_TRUE(absl::StrContains(page.body(), "not valid UTF-8")) << target;
    Response api =
        SendRaw(port(), absl::StrCat("GET /api/v3", target, " HTTP/1.1\r\nHost: x\r\n\r\n"));
    EXPECT_EQ(api.result(), http::status::bad_request) << target;
    EXPECT_EQ(api[http::field::content_type], "application/json; charset=utf-8");
  }
}

// Slowloris: clients that send a header byte at a time never finish within the header
// deadline; each gets 408 and its connection is closed, and a normal client is served at once
// while they dribble.
TEST_F(ServerTest, ClientsDribblingHeadersAreCutOffWhileOthersAreServed) {
  constexpr int kSlowClients = 40;
  const std::string request = "GET /hello/slow HTTP/1.1\r\nHost: x\r\nX-Padding: ";
  net::io_context io;
  std::vector<std::unique_ptr<tcp::socket>> slow;
  for (int i = 0; i < kSlowClients; ++i) {
    slow.push_back(std::make_unique<tcp::socket>(io));
    slow.back()->connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port()));
  }
  const auto start = std::chrono::steady_clock::now();
  // Dribble for three header deadlines; writes fail once the server has given up.
  std::thread dribbler([&] {
    for (int round = 0; round < 30; ++round) {
      const char byte = request[std::min<size_t>(round, request.size() - 1)];
      for (auto& socket : slow) {
        boost::system::error_code ignored;
        net::write(*socket, net::buffer(&byte, 1), ignored);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  for (int i = 0; i < 5; ++i) {
    const auto asked = std::chrono::steady_clock::now();
    Response response = SendRaw(port(), "GET /hello/fast HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(response.result(), http::status::ok);
    EXPECT_LT(std::chrono::steady_clock::now() - asked, std::chrono::milliseconds(250));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  for (auto& socket : slow) {
    boost::beast::flat_buffer buffer;
    Response response;
    boost::system::error_code ec;
    http::read(*socket, buffer, response, ec);
    ASSERT_FALSE(ec) << ec.message();
    EXPECT_EQ(response.result(), http::status::request_timeout);
    EXPECT_FALSE(response.keep_alive());
    // The server closes the connection (after a short linger for the unread input).
    char rest[256];
    for (;;) {
      socket->read_some(net::buffer(rest), ec);
      if (ec) break;
    }
    EXPECT_TRUE(ec == net::error::eof || ec == net::error::connection_reset) << ec.message();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));
  dribbler.join();
}

}  // namespace
}  // namespace rect::gateway
