// The real gateway (with the real services behind it) against hostile and broken clients:
// malformed HTTP, oversized bodies and headers, addresses and forms that are not UTF-8, clients
// dribbling their headers, and SIGTERM under load. Each bad request gets a clear 4xx (or, for a
// client too slow to finish its headers, a 408 and a closed connection), the gateway keeps
// serving everyone else, and nothing is stored.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>
#include <grpcpp/client_context.h>
#include <map>
#include <memory>
#include <pqxx/pqxx>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "protos/identity/v1/identity.grpc.pb.h"
#include "tests/integration/stack.h"

namespace rect::integration {
namespace {

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;
using Response = http::response<http::string_body>;

tcp::endpoint Gateway(int port) {
  return tcp::endpoint(net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port));
}

// Writes `raw` on a fresh connection and reads one response (status 0 if none came).
Response SendRaw(int port, const std::string& raw) {
  net::io_context io;
  tcp::socket socket(io);
  socket.connect(Gateway(port));
  boost::system::error_code ec;
  net::write(socket, net::buffer(raw), ec);
  boost::beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(1 << 22);
  http::read(socket, buffer, parser, ec);
  return parser.release();
}

// Rows that any sign-in, session or email would leave behind.
std::map<std::string, int64_t> StoredRows(Stack& stack) {
  std::map<std::string, int64_t> counts;
  const std::pair<const char*, std::vector<const char*>> databases[] = {
      {"rect_identity",
       {"magic_link_tokens", "sessions", "dsi_sign_in_attempts", "lead_provider_users"}},
      {"rect_notifications", {"emails"}},
      {"rect_registration", {"declarations"}},
  };
  for (const auto& [database, tables] : databases) {
    pqxx::connection c(stack.postgres().Conninfo(database));
    pqxx::work txn(c);
    for (const char* table : tables) {
      counts[absl::StrCat(database, ".", table)] =
          txn.exec1(absl::StrCat("SELECT count(*) FROM ", table))[0].as<int64_t>();
    }
  }
  return counts;
}

class GatewayAbuseTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // A short header deadline so the slow-client test runs in seconds; the gateway reads its
    // flags from the environment it inherits.
    setenv("RECT_GATEWAY_HEADER_TIMEOUT_MS", "1000", 1);
    setenv("RECT_GATEWAY_SHUTDOWN_DEADLINE_MS", "8000", 1);
    stack_ = new Stack();
  }
  static void TearDownTestSuite() {
    delete stack_;
    stack_ = nullptr;
  }
  void SetUp() override {
    ASSERT_TRUE(stack_->WaitForReadyz(200, absl::Seconds(60)))
        << "stack not ready: " << stack_->Get("/readyz").body;
    before_ = StoredRows(*stack_);
  }
  void TearDown() override {
    if (!stack_->process("gateway").Running()) return;  // the shutdown test
    EXPECT_EQ(stack_->Get("/healthz").status, 200) << "the gateway stopped serving";
    EXPECT_EQ(StoredRows(*stack_), before_) << "a refused request stored something";
  }

  int port() const { return stack_->gateway_port(); }

  // The pre-sign-in CSRF cookie and the form's token, from the lead-provider sign-in page.
  static std::pair<std::string, std::string> CsrfCookieAndToken() {
    HttpResponse page = stack_->Get("/users/sign_in");
    EXPECT_EQ(page.status, 200);
    std::smatch cookie, token;
    const std::string set_cookie = page.headers["set-cookie"];
    EXPECT_TRUE(std::regex_search(set_cookie, cookie, std::regex("^([^=;]+=[^;]+)")));
    EXPECT_TRUE(std::regex_search(
        page.body, token, std::regex("name=\"authenticity_token\" value=\"([^\"]+)\"")));
    return {cookie.size() > 1 ? cookie[1].str() : "", token.size() > 1 ? token[1].str() : ""};
  }

  static Stack* stack_;
  std::map<std::string, int64_t> before_;
};

Stack* GatewayAbuseTest::stack_ = nullptr;

TEST_F(GatewayAbuseTest, MalformedHttpIs400) {
  static constexpr char kNulInHeader[] = "GET / HTTP/1.1\r\nHost: x\r\nX-Bad: a\0b\r\n\r\n";
  const std::string cases[] = {
      std::string(kNulInHeader, sizeof(kNulInHeader) - 1),
      "GARBAGE\r\n\r\n",
      "GET / HTTP/1.1\r\nHost x\r\n\r\n",
      "GET /\r\n\r\n",
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
      "GET http://elsewhere.example/ HTTP/1.1\r\nHost: x\r\n\r\n",
      "POST /users/sign_in HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
      "POST /users/sign_in HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n"
      "abcd",
      "POST /users/sign_in HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
      "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      "POST /users/sign_in HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
  };
  for (const std::string& raw : cases) {
    EXPECT_EQ(SendRaw(port(), raw).result(), http::status::bad_request) << raw;
  }
}

TEST_F(GatewayAbuseTest, OversizedRequestsAre413Or431) {
  const auto [cookie, token] = CsrfCookieAndToken();
  // A well-formed sign-in form, padded past the 3 MiB body limit.
  const std::string form = absl::StrCat("authenticity_token=", token,
                                        "&email=alice%40northern.example&pad=",
                                        std::string(4 << 20, 'a'));
  Response body = SendRaw(port(), absl::StrCat("POST /users/sign_in HTTP/1.1\r\nHost: x\r\n",
                                               "Cookie: ", cookie, "\r\n",
                                               "Content-Type: application/x-www-form-urlencoded"
                                               "\r\nContent-Length: ",
                                               form.size(), "\r\n\r\n", form));
  EXPECT_EQ(body.result(), http::status::payload_too_large);
  Response chunked = SendRaw(port(), absl::StrCat("POST /users/sign_in HTTP/1.1\r\nHost: x\r\n"
                                                  "Transfer-Encoding: chunked\r\n\r\n400000\r\n",
                                                  std::string(0x400000, 'a'), "\r\n0\r\n\r\n"));
  EXPECT_EQ(chunked.result(), http::status::payload_too_large);
  Response api = SendRaw(port(), absl::StrCat("POST /api/v3/partnerships HTTP/1.1\r\nHost: x\r\n"
                                              "Content-Type: application/json\r\n"
                                              "Content-Length: 4000000\r\n\r\n{\"data\":"));
  EXPECT_EQ(api.result(), http::status::payload_too_large);
  EXPECT_EQ(api[http::field::content_type], "application/json; charset=utf-8");

  const std::string long_query = std::string(20000, 'q');
  EXPECT_EQ(SendRaw(port(), absl::StrCat("GET /users/sign_in?q=", long_query,
                                         " HTTP/1.1\r\nHost: x\r\n\r\n"))
                .result(),
            http::status::request_header_fields_too_large);
  EXPECT_EQ(SendRaw(port(), absl::StrCat("GET /api/v3/schools?filter%5Bcohort%5D=", long_query,
                                         " HTTP/1.1\r\nHost: x\r\n\r\n"))
                .result(),
            http::status::request_header_fields_too_large);
  std::string many_headers = "GET / HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 3000; ++i) absl::StrAppend(&many_headers, "X-H", i, ": y\r\n");
  EXPECT_EQ(SendRaw(port(), many_headers + "\r\n").result(),
            http::status::request_header_fields_too_large);
}

TEST_F(GatewayAbuseTest, AddressesThatAreNotUtf8Are400) {
  for (const char* target : {"/school/%FF%FE/home", "/users/sign_in?email=%C0%AF",
                             "/api/v3/schools/%FF", "/api/v3/schools?filter%5Bcohort%5D=%E9",
                             "/assets/%ED%A0%80.css"}) {
    HttpResponse response = stack_->Get(target);
    EXPECT_EQ(response.status, 400) << target;
    EXPECT_TRUE(absl::StrContains(response.body, "not valid UTF-8")) << target;
  }
}

TEST_F(GatewayAbuseTest, ApiTokensThatAreNotAsciiAre401) {
  for (const char* token : {"ab\xff\xfe", "caf\xc3\xa9", "\xc0\xaf"}) {
    Response response = SendRaw(port(), absl::StrCat("GET /api/v3/partnerships HTTP/1.1\r\n"
                                                     "Host: x\r\nAuthorization: Bearer ",
                                                     token, "\r\n\r\n"));
    EXPECT_EQ(response.result(), http::status::unauthorized) << token;
    EXPECT_EQ(response[http::field::content_type], "application/json; charset=utf-8");
  }
}

TEST_F(GatewayAbuseTest, HostileJsonBodiesAreRefusedWithAClientError) {
  auto stub = identity::v1::IdentityService::NewStub(stack_->Channel("identity"));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  identity::v1::CreateApiTokenRequest request;
  request.set_lead_provider_id("0b3c5d7e-1f2a-4b6c-8d9e-abcdefabcdef");
  identity::v1::CreateApiTokenResponse created;
  ASSERT_TRUE(stub->CreateApiToken(&context, request, &created).ok());

  const std::string deep_array = std::string(200000, '[') + std::string(200000, ']');
  std::string deep_object;
  for (int i = 0; i < 50000; ++i) deep_object += "{\"a\":";
  deep_object += "1" + std::string(50000, '}');
  const std::string bodies[] = {
      deep_array,
      absl::StrCat(R"({"data":{"type":"participant-declaration","attributes":)", deep_array,
                   "}}"),
      deep_object,
      "{\"data\":{\"type\":\"participant-declaration\",\"attributes\":{\"participant_id\":"
      "\"\xff\xfe\"}}}",
      R"({"data":{"type":"participant-declaration","attributes":{"participant_id":"\ud800"}}})",
      R"({"data":{"type":"participant-declaration","attributes":{"declaration_date":1e999999}}})",
      "{\"data\":",
      "",
  };
  for (const std::string& body : bodies) {
    HttpResponse response = Http(port(), "POST", "/api/v3/participant-declarations", body,
                                 {{"Authorization", "Bearer " + created.token()},
                                  {"Content-Type", "application/json"}});
    EXPECT_NE(response.status, 401) << "the token should have been accepted";
    EXPECT_GE(response.status, 400) << body.substr(0, 80);
    EXPECT_LT(response.status, 500) << body.substr(0, 80) << ": " << response.body;
  }
}

TEST_F(GatewayAbuseTest, FormsThatAreNotUtf8AreRefusedAndNothingIsSent) {
  const auto [cookie, token] = CsrfCookieAndToken();
  const std::map<std::string, std::string> headers = {
      {"Cookie", cookie}, {"Content-Type", "application/x-www-form-urlencoded"}};
  for (const std::string email :
       {std::string("%FF%FE%40northern.example"), std::string("alice%C0%40northern.example"),
        std::string("\xff\xfe@northern.example"), std::string("alice%40northern.example%ED%A0%80")}) {
    HttpResponse response = Http(port(), "POST", "/users/sign_in",
                                 absl::StrCat("authenticity_token=", token, "&email=", email),
                                 headers);
    EXPECT_GE(response.status, 400) << email;
    EXPECT_LT(response.status, 500) << email;
  }
  // The same form with well-formed text is accepted, so the refusals above were the text's.
  HttpResponse valid = Http(port(), "POST", "/users/sign_in",
                            absl::StrCat("authenticity_token=", token, "&email=nobody%40x"),
                            headers);
  EXPECT_EQ(valid.status, 422) << valid.body;
}

TEST_F(GatewayAbuseTest, ClientsDribblingHeadersAreCutOffAndOthersAreServed) {
  constexpr int kSlowClients = 50;
  const std::string request = "GET /users/sign_in HTTP/1.1\r\nHost: x\r\nX-Slow: ";
  net::io_context io;
  std::vector<std::unique_ptr<tcp::socket>> slow;
  for (int i = 0; i < kSlowClients; ++i) {
    slow.push_back(std::make_unique<tcp::socket>(io));
    slow.back()->connect(Gateway(port()));
  }
  const auto start = std::chrono::steady_clock::now();
  std::atomic<bool> stop{false};
  std::thread dribbler([&] {
    for (size_t i = 0; !stop; ++i) {
      const char byte = request[std::min(i, request.size() - 1)];
      for (auto& socket : slow) {
        boost::system::error_code ignored;
        net::write(*socket, net::buffer(&byte, 1), ignored);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  // Normal visitors are served promptly the whole time.
  for (int i = 0; i < 10; ++i) {
    const auto asked = std::chrono::steady_clock::now();
    EXPECT_EQ(stack_->Get("/healthz").status, 200);
    EXPECT_LT(std::chrono::steady_clock::now() - asked, std::chrono::milliseconds(500));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  int cut_off = 0;
  for (auto& socket : slow) {
    boost::beast::flat_buffer buffer;
    Response response;
    boost::system::error_code ec;
    http::read(*socket, buffer, response, ec);
    if (!ec && response.result() == http::status::request_timeout) ++cut_off;
    char rest[256];
    do socket->read_some(net::buffer(rest), ec);
    while (!ec);
    EXPECT_TRUE(ec == net::error::eof || ec == net::error::connection_reset) << ec.message();
  }
  stop = true;
  dribbler.join();
  EXPECT_EQ(cut_off, kSlowClients);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(6));
}

// Runs last: it stops the gateway. Clients keep calling while SIGTERM arrives; a request whose
// body is still arriving is in flight; new connections are then refused, the in-flight request
// completes, no response is cut short, and the process exits 0 within its deadline.
TEST_F(GatewayAbuseTest, ZzSigtermUnderLoadFinishesRequestsInFlightAndExitsZero) {
  std::atomic<bool> stop{false};
  std::atomic<int> completed{0}, cut_short{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 6; ++i) {
    clients.emplace_back([&] {
      while (!stop) {
        net::io_context io;
        tcp::socket socket(io);
        boost::system::error_code ec;
        socket.connect(Gateway(port()), ec);
        if (ec) return;  // refused: the gateway is shutting down
        // Keep-alive requests on this connection until the gateway asks to close.
        boost::beast::flat_buffer buffer;
        for (bool keep_alive = true; keep_alive && !stop;) {
          http::request<http::string_body> request{http::verb::get, "/readyz", 11};
          request.set(http::field::host, "x");
          http::write(socket, request, ec);
          if (ec) break;
          http::response_parser<http::string_body> parser;
          http::read(socket, buffer, parser, ec);
          if (ec) {
            // The gateway may close an idle keep-alive connection; a response it had begun
            // and not finished would be a failure.
            if (parser.got_some()) ++cut_short;
            break;
          }
          ++completed;
          keep_alive = parser.get().keep_alive();
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));

  // A sign-in form whose body is half sent when the signal arrives.
  const std::string body = "authenticity_token=none&email=alice%40northern.example";
  net::io_context io;
  tcp::socket uploading(io);
  uploading.connect(Gateway(port()));
  net::write(uploading, net::buffer(absl::StrCat(
                            "POST /users/sign_in HTTP/1.1\r\nHost: x\r\n"
                            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ",
                            body.size(), "\r\n\r\n", body.substr(0, 10))));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));

  const int completed_before = completed;
  EXPECT_GT(completed_before, 0);
  const auto signalled = std::chrono::steady_clock::now();
  ASSERT_EQ(kill(stack_->process("gateway").pid(), SIGTERM), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));

  tcp::socket late(io);
  boost::system::error_code refused;
  late.connect(Gateway(port()), refused);
  EXPECT_EQ(refused, net::error::connection_refused) << "a new connection was accepted";

  net::write(uploading, net::buffer(body.substr(10)));
  boost::beast::flat_buffer buffer;
  Response answer;
  boost::system::error_code ec;
  http::read(uploading, buffer, answer, ec);
  EXPECT_FALSE(ec) << "the request in flight got no response: " << ec.message();
  EXPECT_EQ(answer.result(), http::status::forbidden);  // no CSRF token: refused, not cut off
  EXPECT_FALSE(answer.keep_alive());

  const int status = stack_->process("gateway").Stop(SIGTERM, absl::Seconds(12));
  stop = true;
  for (std::thread& client : clients) client.join();
  EXPECT_EQ(status, 0) << stack_->process("gateway").LogTail();
  EXPECT_LT(std::chrono::steady_clock::now() - signalled, std::chrono::seconds(10));
  EXPECT_EQ(cut_short, 0);
  EXPECT_GT(completed, completed_before);
}

}  // namespace
}  // namespace rect::integration
