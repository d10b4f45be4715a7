// The security headers, and the server adding them to every kind of response it sends:
// handlers' answers, routing errors, parse errors and timeouts.
#include "gateway/http/security_headers.h"

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <map>
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "gateway/http/request_recorder.h"
#include "gateway/http/responses.h"
#include "gateway/http/router.h"
#include "gateway/http/server.h"
#include "services/common/metrics.h"
#include "services/common/tokens.h"

namespace rect::gateway {
namespace {

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;
using Response = http::response<http::string_body>;

std::map<std::string, std::string> AsMap(const HeaderList& headers) {
  return std::map<std::string, std::string>(headers.begin(), headers.end());
}

TEST(SecurityHeadersTest, LocalHttpGetsEverythingButHsts) {
  const auto headers = AsMap(SecurityHeaders("http://127.0.0.1:8080"));
  EXPECT_EQ(headers.count("Strict-Transport-Security"), 0u);
  EXPECT_EQ(headers.at("X-Frame-Options"), "DENY");
  EXPECT_EQ(headers.at("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(headers.at("Referrer-Policy"), "same-origin");
  const std::string& csp = headers.at("Content-Security-Policy");
  EXPECT_TRUE(absl::StrContains(csp, "frame-ancestors 'none'"));
  EXPECT_TRUE(absl::StrContains(csp, "script-src 'self';"));
  EXPECT_TRUE(absl::StrContains(csp, "object-src 'none'"));
  EXPECT_FALSE(absl::StrContains(csp, "unsafe-inline"));
  EXPECT_FALSE(absl::StrContains(csp, "unsafe-eval"));
}

TEST(SecurityHeadersTest, HttpsAddsHsts) {
  EXPECT_EQ(AsMap(SecurityHeaders("https://register.example")).at("Strict-Transport-Security"),
            "max-age=31536000; includeSubDomains");
  EXPECT_EQ(AsMap(SecurityHeaders("HTTPS://register.example")).count("Strict-Transport-Security"),
            1u);
}

// Writes `raw` on a fresh connection and reads one response.
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

class ServerSecurityHeadersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(router_
                    .Add(http::verb::get, "/page",
                         [](std::shared_ptr<const RequestContext>, Responder respond) {
                           respond(TextResponse(http::status::ok, "<p>hi</p>",
                                                "text/html; charset=utf-8"));
                         })
                    .ok());
    ASSERT_TRUE(router_
                    .Add(http::verb::get, "/api/v3/thing",
                         [](std::shared_ptr<const RequestContext>, Responder respond) {
                           respond(JsonResponse(http::status::ok, boost::json::object()));
                         })
                    .ok());
    ASSERT_TRUE(router_
                    .Add(http::verb::get, "/framed",
                         [](std::shared_ptr<const RequestContext>, Responder respond) {
                           HttpResponse response = TextResponse(http::status::ok, "x");
                           response.set("X-Frame-Options", "SAMEORIGIN");
                           respond(std::move(response));
                         })
                    .ok());
    ServerOptions options;
    options.port = 0;
    options.header_timeout = absl::Milliseconds(200);
    options.response_headers = SecurityHeaders("https://register.example");
    server_ = std::make_unique<HttpServer>(options, router_, recorder_, random_);
    ASSERT_TRUE(server_->Start().ok());
  }
  void TearDown() override { server_->Shutdown(absl::Seconds(1)); }

  static void ExpectSecurityHeaders(const Response& response) {
    for (const auto& [name, value] : SecurityHeaders("https://register.example")) {
      EXPECT_EQ(response[name], value) << name << " on " << response.result_int();
    }
  }

  int port() const { return server_->port(); }

  Metrics metrics_{"gateway"};
  RequestRecorder recorder_{metrics_.registry()};
  SecureRandom random_;
  Router router_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(ServerSecurityHeadersTest, OnPagesAndApiAnswers) {
  Response page = SendRaw(port(), "GET /page HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(page.result(), http::status::ok);
  ExpectSecurityHeaders(page);
  Response api = SendRaw(port(), "GET /api/v3/thing HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(api.result(), http::status::ok);
  ExpectSecurityHeaders(api);
  net::io_context io;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port()));
  net::write(socket, net::buffer(std::string("HEAD /page HTTP/1.1\r\nHost: x\r\n\r\n")));
  boost::beast::flat_buffer buffer;
  http::response_parser<http::string_body> head;
  head.skip(true);
  http::read(socket, buffer, head);
  EXPECT_EQ(head.get()["Content-Security-Policy"], kContentSecurityPolicy);
}

TEST_F(ServerSecurityHeadersTest, OnErrorsTheServerWrites) {
  const std::pair<const char*, http::status> cases[] = {
      {"GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n", http::status::not_found},
      {"GET /api/v3/nowhere HTTP/1.1\r\nHost: x\r\n\r\n", http::status::not_found},
      {"POST /page HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
       http::status::method_not_allowed},
      {"GET /page HTTP/1.1\r\nHost x\r\n\r\n", http::status::bad_request},
      {"GET /page HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n",
       http::status::payload_too_large},
      {"GET /pa", http::status::request_timeout},  // headers never finished
  };
  for (const auto& [raw, status] : cases) {
    Response response = SendRaw(port(), raw);
    EXPECT_EQ(response.result(), status) << raw;
    ExpectSecurityHeaders(response);
  }
}

TEST_F(ServerSecurityHeadersTest, AHandlersOwnValueWins) {
  Response response = SendRaw(port(), "GET /framed HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(response["X-Frame-Options"], "SAMEORIGIN");
  EXPECT_EQ(response["X-Content-Type-Options"], "nosniff");
}

TEST(ServerWithoutResponseHeadersTest, AddsNone) {
  Metrics metrics{"gateway"};
  RequestRecorder recorder{metrics.registry()};
  SecureRandom random;
  Router router;
  ServerOptions options;
  options.port = 0;
  HttpServer server(options, router, recorder, random);
  ASSERT_TRUE(server.Start().ok());
  Response response = SendRaw(server.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(response.result(), http::status::not_found);
  EXPECT_EQ(response.count("Content-Security-Policy"), 0u);
  server.Shutdown(absl::Seconds(1));
}

}  // namespace
}  // namespace rect::gateway
