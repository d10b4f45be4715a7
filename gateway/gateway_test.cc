// In-process test of the gateway: the real HTTP server on a loopback port, real gRPC health
// servers standing in for the five backends, and a small synchronous Beast client.
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gateway/backends.h"
#include "gateway/health_routes.h"
#include "gateway/http/request_recorder.h"
#include "gateway/http/responses.h"
#include "gateway/http/router.h"
#include "gateway/http/server.h"
#include "gateway/http/static_files.h"
#include "protos/grpc/health/v1/health.grpc.pb.h"
#include "services/common/metrics.h"
#include "services/common/tokens.h"

namespace rect::gateway {
namespace {

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

// A backend's standard health service whose answer the test sets.
class FakeHealth final : public grpc::health::v1::Health::Service {
 public:
  grpc::Status Check(grpc::ServerContext* context, const HealthCheckRequest*,
                     HealthCheckResponse* response) override {
    auto it = context->client_metadata().find("x-request-id");
    std::lock_guard<std::mutex> lock(mu_);
    last_request_id_ = it == context->client_metadata().end()
                           ? ""
                           : std::string(it->second.data(), it->second.size());
    response->set_status(serving_ ? HealthCheckResponse::SERVING
                                  : HealthCheckResponse::NOT_SERVING);
    return grpc::Status::OK;
  }

  void set_serving(bool serving) {
    std::lock_guard<std::mutex> lock(mu_);
    serving_ = serving;
  }
  std::string last_request_id() {
    std::lock_guard<std::mutex> lock(mu_);
    return last_request_id_;
  }

 private:
  std::mutex mu_;
  bool serving_ = true;
  std::string last_request_id_;
};

struct FakeBackend {
  FakeBackend() {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&health);
    server = builder.BuildAndStart();
  }
  ~FakeBackend() { Stop(); }
  void Stop() {
    if (server != nullptr) server->Shutdown(std::chrono::system_clock::now());
    server.reset();
  }

  FakeHealth health;
  int port = 0;
  std::unique_ptr<grpc::Server> server;
};

using Response = http::response<http::string_body>;

// One request on a fresh connection (the server may keep it open; the client closes it).
Response Fetch(int port, http::verb method, const std::string& target,
               const std::map<std::string, std::string>& headers = {},
               const std::string& body = "") {
  net::io_context io;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  http::request<http::string_body> request{method, target, 11};
  request.set(http::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();
  http::write(socket, request);
  boost::beast::flat_buffer buffer;
  Response response;
  http::read(socket, buffer, response);
  return response;
}

Response Get(int port, const std::string& target,
             const std::map<std::string, std::string>& headers = {}) {
  return Fetch(port, http::verb::get, target, headers);
}

// Writes `raw` bytes, then reads one response.
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

boost::json::value Json(const Response& response) { return boost::json::parse(response.body()); }

class GatewayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    BackendOptions backend_options;
    for (Backend backend : AllBackends()) {
      const size_t i = static_cast<size_t>(backend);
      ASSERT_NE(fakes_[i].server, nullptr);
      backend_options.addresses[i] = absl::StrCat("127.0.0.1:", fakes_[i].port);
    }
    backends_ = std::make_unique<Backends>(backend_options);

    root_ = std::filesystem::path(::testing::TempDir()) /
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::create_directories(root_ / "assets");
    std::ofstream(root_ / "assets" / "app.css") << "body { margin: 0; }\n";
    std::ofstream(root_ / "secret.txt") << "not for the web\n";

    ASSERT_TRUE(AddHealthRoutes(router_, *backends_, metrics_.shared_registry()).ok());
    ASSERT_TRUE(AddStaticFileRoutes(router_, (root_ / "assets").string()).ok());
    ASSERT_TRUE(router_
                    .Add(http::verb::get, "/hold",
                         [this](std::shared_ptr<const RequestContext>, Responder respond) {
                           held_.set_value(respond);
                         })
                    .ok());
    ASSERT_TRUE(router_
                    .Add(http::verb::post, "/api/v3/echo/{id}",
                         [](std::shared_ptr<const RequestContext> context, Responder respond) {
                           respond(TextResponse(
                               http::status::ok,
                               absl::StrCat(context->param("id"), ":", context->request.body())));
                         })
                    .ok());
    ASSERT_TRUE(router_
                    .Add(http::verb::get, "/api/v3/dropped",
                         [](std::shared_ptr<const RequestContext>, Responder) {})
                    .ok());
    ASSERT_TRUE(router_
                    .Add(http::verb::get, "/throws",
                         [](std::shared_ptr<const RequestContext>, Responder) {
                           throw std::runtime_error("boom");
                         })
                    .ok());

    ServerOptions options;
    options.port = 0;
    options.threads = 2;
    options.header_timeout = absl::Milliseconds(200);
    server_ = std::make_unique<HttpServer>(options, router_, recorder_, random_);
    ASSERT_TRUE(server_->Start().ok());
    port_ = server_->port();
  }

  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown(absl::Seconds(1));
    if (backends_ != nullptr) backends_->Shutdown();
  }

  FakeHealth& fake(Backend backend) { return fakes_[static_cast<size_t>(backend)].health; }

  FakeBackend fakes_[kBackendCount];
  Metrics metrics_{"gateway"};
  SecureRandom random_;
  Router router_;
  RequestRecorder recorder_{metrics_.registry()};
  std::unique_ptr<Backends> backends_;
  std::unique_ptr<HttpServer> server_;
  std::filesystem::path root_;
  std::promise<Responder> held_;
  int port_ = 0;
};

TEST_F(GatewayTest, HealthzAnswersOkWithARequestId) {
  Response response = Get(port_, "/healthz");
  EXPECT_EQ(response.result(), http::status::ok);
  EXPECT_EQ(response.body(), "ok");
  EXPECT_EQ(response["X-Request-Id"].size(), 32u);
}

TEST_F(GatewayTest, EchoesWellFormedRequestIdsAndReplacesOthers) {
  EXPECT_EQ(Get(port_, "/healthz", {{"X-Request-Id", "trace-42"}})["X-Request-Id"], "trace-42");
  const auto replaced = Get(port_, "/healthz", {{"X-Request-Id", "bad id<>"}})["X-Request-Id"];
  EXPECT_NE(replaced, "bad id<>");
  EXPECT_EQ(replaced.size(), 32u);
}

TEST_F(GatewayTest, ReadyWhenEveryBackendServesAndPassesTheRequestId) {
  Response response = Get(port_, "/readyz", {{"X-Request-Id", "ready-1"}});
  ASSERT_EQ(response.result(), http::status::ok) << response.body();
  EXPECT_EQ(response[http::field::content_type], "application/json; charset=utf-8");
  EXPECT_EQ(Json(response),
            boost::json::parse(R"({"status":"ready","services":{"identity":"SERVING",
                "teachers":"SERVING","registration":"SERVING","partnerships":"SERVING",
                "notifications":"SERVING"}})"));
  for (Backend backend : AllBackends()) {
    EXPECT_EQ(fake(backend).last_request_id(), "ready-1") << BackendName(backend);
  }
}

TEST_F(GatewayTest, UnavailableNamingTheBackendThatIsNotServing) {
  fake(Backend::kTeachers).set_serving(false);
  Response response = Get(port_, "/readyz");
  ASSERT_EQ(response.result(), http::status::service_unavailable);
  const boost::json::value body = Json(response);
  EXPECT_EQ(body.at("status"), "unavailable");
  EXPECT_EQ(body.at("failing"), boost::json::parse(R"(["teachers"])"));
  EXPECT_EQ(body.at("services").at("teachers"), "NOT_SERVING");
  EXPECT_EQ(body.at("services").at("identity"), "SERVING");

  fake(Backend::kTeachers).set_serving(true);
  EXPECT_EQ(Get(port_, "/readyz").result(), http::status::ok);
}

TEST_F(GatewayTest, UnavailableNamingTheBackendThatIsDown) {
  ASSERT_EQ(Get(port_, "/readyz").result(), http::status::ok);
  fakes_[static_cast<size_t>(Backend::kPartnerships)].Stop();
  Response response = Get(port_, "/readyz");
  ASSERT_EQ(response.result(), http::status::service_unavailable);
  const boost::json::value body = Json(response);
  EXPECT_EQ(body.at("failing"), boost::json::parse(R"(["partnerships"])"));
  EXPECT_NE(body.at("services").at("partnerships"), "SERVING");
  EXPECT_NE(response.body().find("partnerships"), std::string::npos);
}

TEST_F(GatewayTest, MetricsCountRequestsByRouteTemplate) {
  ASSERT_EQ(Get(port_, "/healthz").result(), http::status::ok);
  ASSERT_EQ(Get(port_, "/api/v3/unknown-secret-path?token=abc").result(), http::status::not_found);
  Response response = Get(port_, "/metrics");
  ASSERT_EQ(response.result(), http::status::ok);
  EXPECT_EQ(response[http::field::content_type], "text/plain; version=0.0.4");
  const std::string& text = response.body();
  EXPECT_NE(text.find("rect_http_requests_total{"), std::string::npos);
  EXPECT_NE(text.find("route=\"/healthz\""), std::string::npos);
  EXPECT_NE(text.find("route=\"unmatched\""), std::string::npos);
  EXPECT_NE(text.find("rect_http_request_duration_seconds_bucket{"), std::string::npos);
  EXPECT_EQ(text.find("unknown-secret-path"), std::string::npos);
  EXPECT_EQ(text.find("token"), std::string::npos);
}

TEST_F(GatewayTest, NotFoundIsJsonUnderApiAndHtmlElsewhere) {
  Response api = Get(port_, "/api/v3/nothing-here");
  EXPECT_EQ(api.result(), http::status::not_found);
  EXPECT_EQ(api[http::field::content_type], "application/json; charset=utf-8");
  EXPECT_EQ(api.body(), R"({"error":"Resource not found"})");

  Response page = Get(port_, "/nothing-here");
  EXPECT_EQ(page.result(), http::status::not_found);
  EXPECT_EQ(page[http::field::content_type], "text/html; charset=utf-8");
  EXPECT_NE(page.body().find("Page not found"), std::string::npos);
}

TEST_F(GatewayTest, WrongMethodIs405WithAllow) {
  Response response = Fetch(port_, http::verb::post, "/healthz");
  EXPECT_EQ(response.result(), http::status::method_not_allowed);
  EXPECT_EQ(response[http::field::allow], "GET, HEAD");
}

TEST_F(GatewayTest, HeadSendsTheGetHeadersWithoutTheBody) {
  net::io_context io;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port_));
  net::write(socket, net::buffer(std::string("HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                                             "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")));
  boost::beast::flat_buffer buffer;
  http::response_parser<http::string_body> head;
  head.skip(true);
  http::read(socket, buffer, head);
  EXPECT_EQ(head.get().result(), http::status::ok);
  EXPECT_EQ(head.get()[http::field::content_length], "2");
  EXPECT_EQ(head.get().body(), "");
  // The next response on the connection starts right after the HEAD response's headers.
  Response get;
  http::read(socket, buffer, get);
  EXPECT_EQ(get.body(), "ok");
}

TEST_F(GatewayTest, HandlersSeeDecodedParamsAndBody) {
  Response response = Fetch(port_, http::verb::post, "/api/v3/echo/a%20b", {}, "hello");
  EXPECT_EQ(response.result(), http::status::ok);
  EXPECT_EQ(response.body(), "a b:hello");
}

TEST_F(GatewayTest, OversizedBodyIs413) {
  // Only the headers and a little of the body are sent: the limit is checked on Content-Length.
  Response response = SendRaw(port_,
                              "POST /api/v3/echo/1 HTTP/1.1\r\nHost: x\r\n"
                              "Content-Length: 2097152\r\n\r\nabc");
  EXPECT_EQ(response.result(), http::status::payload_too_large);
  EXPECT_NE(Json(response).at("detail").as_string().find("1048576"), std::string::npos);
  EXPECT_FALSE(response.keep_alive());

  Response chunked = SendRaw(port_, absl::StrCat("POST /api/v3/echo/1 HTTP/1.1\r\nHost: x\r\n"
                                                 "Transfer-Encoding: chunked\r\n\r\n200000\r\n",
                                                 std::string(0x200000, 'a'), "\r\n0\r\n\r\n"));
  EXPECT_EQ(chunked.result(), http::status::payload_too_large);
}

TEST_F(GatewayTest, IncompleteHeadersTimeOutWith408) {
  const auto start = std::chrono::steady_clock::now();
  Response response = SendRaw(port_, "GET /healthz HTTP/1.1\r\nHost: x\r\n");
  EXPECT_EQ(response.result(), http::status::request_timeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST_F(GatewayTest, KeepsConnectionsAlive) {
  net::io_context io;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port_));
  boost::beast::flat_buffer buffer;
  for (int i = 0; i < 3; ++i) {
    http::request<http::empty_body> request{http::verb::get, "/healthz", 11};
    request.set(http::field::host, "x");
    http::write(socket, request);
    Response response;
    http::read(socket, buffer, response);
    EXPECT_EQ(response.result(), http::status::ok);
    EXPECT_TRUE(response.keep_alive());
  }
}

TEST_F(GatewayTest, ServesAssetsButNeverOutsideTheDirectory) {
  Response css = Get(port_, "/assets/app.css");
  EXPECT_EQ(css.result(), http::status::ok);
  EXPECT_EQ(css[http::field::content_type], "text/css; charset=utf-8");
  EXPECT_EQ(css[http::field::cache_control], "public, max-age=3600");
  EXPECT_EQ(css.body(), "body { margin: 0; }\n");

  for (const char* target :
       {"/assets/../secret.txt", "/assets/%2e%2e/secret.txt", "/assets/%2E%2E%2Fsecret.txt",
        "/assets/..%2fsecret.txt", "/assets/app.css/../../secret.txt", "/assets/missing.css",
        "/assets/"}) {
    Response response = Get(port_, target);
    EXPECT_EQ(response.result(), http::status::not_found) << target;
    EXPECT_EQ(response.body().find("not for the web"), std::string::npos) << target;
  }
}

TEST_F(GatewayTest, HandlerFailuresBecome500) {
  Response dropped = Get(port_, "/api/v3/dropped");
  EXPECT_EQ(dropped.result(), http::status::internal_server_error);
  EXPECT_EQ(dropped[http::field::content_type], "application/json; charset=utf-8");
  Response thrown = Get(port_, "/throws");
  EXPECT_EQ(thrown.result(), http::status::internal_server_error);
  EXPECT_NE(thrown.body().find("Sorry, there is a problem with the service"), std::string::npos);
}

// True once the listener refuses connections (Shutdown has begun draining).
bool Refused(int port) {
  net::io_context io;
  tcp::socket socket(io);
  boost::system::error_code ec;
  socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
  return ec == net::error::connection_refused;
}

TEST_F(GatewayTest, ShutdownLetsRequestsInFlightFinish) {
  std::future<Response> in_flight =
      std::async(std::launch::async, [&] { return Get(port_, "/hold"); });
  Responder respond = held_.get_future().get();
  std::future<bool> drained =
      std::async(std::launch::async, [&] { return server_->Shutdown(absl::Seconds(5)); });
  while (!Refused(port_)) {
  }
  respond(TextResponse(http::status::ok, "finished"));
  Response response = in_flight.get();
  EXPECT_EQ(response.result(), http::status::ok);
  EXPECT_EQ(response.body(), "finished");
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(drained.get());
}

TEST_F(GatewayTest, ShutdownGivesUpAtTheDeadlineAndIgnoresLateAnswers) {
  std::future<Response> in_flight = std::async(std::launch::async, [&] {
    try {
      return Get(port_, "/hold");
    } catch (const std::exception&) {
      return Response();
    }
  });
  Responder respond = held_.get_future().get();
  EXPECT_FALSE(server_->Shutdown(absl::Milliseconds(50)));
  respond(TextResponse(http::status::ok, "too late"));
  server_.reset();
  EXPECT_NE(in_flight.get().body(), "too late");
}

}  // namespace
}  // namespace rect::gateway
