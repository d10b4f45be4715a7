#include "services/common/http_client.h"

#include <openssl/ssl.h>

#include <type_traits>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace rect {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct Target {
  bool tls;
  std::string host;
  std::string port;
  std::string path;  // origin-form: path and query
};

absl::StatusOr<Target> ParseTarget(const std::string& url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return absl::InvalidArgumentError(absl::StrCat("not an absolute URL: ", url));
  const std::string scheme = absl::AsciiStrToLower(std::string(parsed->scheme()));
  if (scheme != "http" && scheme != "https") {
    return absl::InvalidArgumentError(absl::StrCat("unsupported URL scheme: ", scheme));
  }
  Target target;
  target.tls = scheme == "https";
  target.host = std::string(parsed->encoded_host_address());
  if (target.host.empty()) return absl::InvalidArgumentError("URL has no host");
  target.port = parsed->has_port() ? std::string(parsed->port()) : (target.tls ? "443" : "80");
  target.path = std::string(parsed->encoded_path());
  if (target.path.empty()) target.path = "/";
  if (parsed->has_query()) absl::StrAppend(&target.path, "?", std::string(parsed->encoded_query()));
  return target;
}

absl::Status FromError(const beast::error_code& error, absl::string_view stage) {
  if (error == beast::error::timeout) {
    return absl::DeadlineExceededError(absl::StrCat("HTTP ", stage, ": timed out"));
  }
  return absl::UnavailableError(absl::StrCat("HTTP ", stage, ": ", error.message()));
}

http::request<http::string_body> MakeMessage(const Target& target,
                                             const HttpClientRequest& request) {
  http::request<http::string_body> message;
  message.method_string(request.method);
  message.target(target.path);
  message.version(11);
  const bool default_port = target.port == (target.tls ? "443" : "80");
  message.set(http::field::host,
              default_port ? target.host : absl::StrCat(target.host, ":", target.port));
  message.set(http::field::connection, "close");
  for (const auto& [name, value] : request.headers) message.set(name, value);
  message.body() = request.body;
  message.prepare_payload();
  return message;
}

// One request over `stream`: connect, optional TLS handshake, write, read. Every step is
// asynchronous because Beast's timeouts (`expires_after`, one deadline for the whole
// exchange) apply only to asynchronous operations; the caller runs the io_context.
template <typename Stream>
class Exchange {
 public:
  Exchange(Stream& stream, http::request<http::string_body> message, size_t limit)
      : stream_(stream), message_(std::move(message)) {
    parser_.body_limit(limit);
  }

  void Start(const tcp::resolver::results_type& endpoints, bool handshake) {
    beast::get_lowest_layer(stream_).async_connect(
        endpoints, [this, handshake](beast::error_code error, const tcp::endpoint&) {
          if (error) return Fail(error, "connect");
          if (handshake) return Handshake();
          Write();
        });
  }

  absl::StatusOr<HttpClientResponse> Result() { return std::move(result_); }

 private:
  void Handshake() {
    if constexpr (std::is_same_v<Stream, beast::ssl_stream<beast::tcp_stream>>) {
      stream_.async_handshake(asio::ssl::stream_base::client, [this](beast::error_code error) {
        if (error) return Fail(error, "TLS handshake");
        Write();
      });
    }
  }

  void Write() {
    http::async_write(stream_, message_, [this](beast::error_code error, size_t) {
      if (error) return Fail(error, "send");
      http::async_read(stream_, buffer_, parser_, [this](beast::error_code error, size_t) {
        if (error) return Fail(error, "receive");
        HttpClientResponse response;
        response.status = parser_.get().result_int();
        for (const auto& field : parser_.get()) {
          response.headers.emplace_back(std::string(field.name_string()),
                                        std::string(field.value()));
        }
        response.body = std::move(parser_.get().body());
        result_ = std::move(response);
        beast::get_lowest_layer(stream_).cancel();
      });
    });
  }

  void Fail(const beast::error_code& error, absl::string_view stage) {
    result_ = FromError(error, stage);
  }

  Stream& stream_;
  http::request<http::string_body> message_;
  beast::flat_buffer buffer_;
  http::response_parser<http::string_body> parser_;
  absl::StatusOr<HttpClientResponse> result_ = absl::UnavailableError("HTTP: no response");
};

}  // namespace

std::string HttpClientResponse::Header(absl::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (absl::EqualsIgnoreCase(key, name)) return value;
  }
  return "";
}

HttpClient::HttpClient(Options options) : options_(std::move(options)) {}

absl::StatusOr<HttpClientResponse> HttpClient::Send(const HttpClientRequest& request) const {
  absl::StatusOr<Target> target = ParseTarget(request.url);
  if (!target.ok()) return target.status();
  const auto timeout = absl::ToChronoMilliseconds(request.timeout);

  asio::io_context io;
  beast::error_code error;
  tcp::resolver resolver(io);
  auto endpoints = resolver.resolve(target->host, target->port, error);
  if (error) return FromError(error, "resolve");

  const auto message = MakeMessage(*target, request);
  if (!target->tls) {
    beast::tcp_stream stream(io);
    stream.expires_after(timeout);
    Exchange<beast::tcp_stream> exchange(stream, message, options_.max_response_bytes);
    exchange.Start(endpoints, /*handshake=*/false);
    io.run();
    return exchange.Result();
  }

  asio::ssl::context tls(asio::ssl::context::tls_client);
  tls.set_default_verify_paths(error);
  if (!options_.ca_file.empty()) tls.load_verify_file(options_.ca_file, error);
  if (error) return FromError(error, "TLS set-up");
  tls.set_verify_mode(asio::ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(io, tls);
  stream.set_verify_callback(asio::ssl::host_name_verification(target->host));
  if (!SSL_set_tlsext_host_name(stream.native_handle(), target->host.c_str())) {
    return absl::UnavailableError("HTTP TLS: cannot set the server name");
  }
  beast::get_lowest_layer(stream).expires_after(timeout);
  Exchange<beast::ssl_stream<beast::tcp_stream>> exchange(stream, message,
                                                          options_.max_response_bytes);
  exchange.Start(endpoints, /*handshake=*/true);
  io.run();
  return exchange.Result();
}

}  // namespace rect
