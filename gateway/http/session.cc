#include "gateway/http/session.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gateway/http/target.h"
#include "gateway/http/request_id.h"
#include "gateway/http/responses.h"
#include "gateway/http/utf8.h"
#include "services/common/log.h"

namespace rect::gateway {

void ConnectionShared::BeginRequest() { in_flight.fetch_add(1); }

// Sequentially consistent with Shutdown's store to `draining` and its check of `in_flight`:
// either this sees `draining` and wakes it, or it sees the decremented count.
void ConnectionShared::EndRequest() {
  if (in_flight.fetch_sub(1) == 1 && draining.load()) {
    std::lock_guard<std::mutex> lock(mu);
    idle.notify_all();
  }
}

bool ConnectionShared::Draining() { return draining.load(); }

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr uint32_t kMaxHeaderBytes = 16 * 1024;
constexpr size_t kReadChunk = 4096;
constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
// After an error response that leaves unread input, how long to keep discarding what the
// client still sends, so closing does not reset the connection before it reads the response.
constexpr absl::Duration kLingerTime = absl::Seconds(1);

std::chrono::steady_clock::duration ToChrono(absl::Duration d) {
  return absl::ToChronoNanoseconds(d);
}

bool IsHttpParseError(const beast::error_code& ec) {
  return ec.category() == http::make_error_code(http::error::bad_target).category() &&
         ec != http::error::end_of_stream && ec != http::error::partial_message;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<ConnectionShared> shared)
      : stream_(std::move(socket)),
        timer_(stream_.get_executor()),
        shared_(std::move(shared)),
        options_(shared_->options) {}

  void Start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->ReadRequest(); });
  }

 private:
  enum class Phase { kIdle, kHeader, kBody, kHandler, kWriting, kClosed };

  // Forgets the previous request and waits for the next one.
  void ReadRequest() {
    ++sequence_;
    phase_ = Phase::kIdle;
    header_timed_out_ = false;
    method_ = "OTHER";
    route_ = kUnmatchedRoute;
    request_id_.clear();
    format_ = ErrorFormat::kHtml;
    version_ = 11;
    keep_alive_ = false;
    head_ = false;
    target_.reset();
    match_ = RouteMatch();
    parser_.emplace();
    parser_->body_limit(options_.max_body_bytes);
    parser_->header_limit(kMaxHeaderBytes);

    if (shared_->Draining()) return Close();
    if (buffer_.size() > 0) return ReadHeader();  // the client pipelined the next request
    stream_.expires_after(ToChrono(options_.idle_timeout));
    stream_.async_read_some(
        buffer_.prepare(kReadChunk),
        [self = shared_from_this()](beast::error_code ec, size_t n) { self->OnFirstBytes(ec, n); });
  }

  void OnFirstBytes(beast::error_code ec, size_t n) {
    if (ec) return Close();  // idle timeout or the client left
    buffer_.commit(n);
    ReadHeader();
  }

  // The header deadline answers 408, so it is a timer of ours: the stream's own timeout would
  // close the socket first.
  void ReadHeader() {
    phase_ = Phase::kHeader;
    started_ = std::chrono::steady_clock::now();
    stream_.expires_never();
    parser_->eager(false);
    if (buffer_.size() > 0) {
      // The whole header usually arrives in the first read: parse it here rather than through
      // another trip around the io loop, and wait (with the deadline) only for the rest.
      beast::error_code ec;
      const size_t used = parser_->put(buffer_.data(), ec);
      buffer_.consume(used);
      if (ec ? ec != http::error::need_more : parser_->is_header_done()) return OnHeader(ec);
    }
    timer_.expires_after(ToChrono(options_.header_timeout));
    timer_.async_wait([self = shared_from_this(), sequence = sequence_](beast::error_code ec) {
      if (ec || sequence != self->sequence_ || self->phase_ != Phase::kHeader) return;
      self->header_timed_out_ = true;
      beast::error_code ignored;
      self->stream_.socket().cancel(ignored);
    });
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    timer_.cancel();
    if (header_timed_out_) return SendError(http::status::request_timeout, true);
    if (ec == http::error::body_limit) {
      NoteRequest();
      return SendTooLarge();
    }
    if (ec == http::error::header_limit) {
      return SendError(http::status::request_header_fields_too_large, true);
    }
    if (IsHttpParseError(ec)) return SendError(http::status::bad_request, true);
    if (ec) return Close();

    NoteRequest();
    if (parser_->is_done()) return Dispatch();
    phase_ = Phase::kBody;
    const auto expect = parser_->get()[http::field::expect];
    if (absl::EqualsIgnoreCase(absl::string_view(expect.data(), expect.size()), "100-continue")) {
      stream_.expires_after(ToChrono(options_.body_timeout));
      net::async_write(stream_, net::buffer(kContinue, sizeof(kContinue) - 1),
                       [self = shared_from_this()](beast::error_code ec, size_t) {
                         if (ec) return self->Close();
                         self->ReadBody();
                       });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    stream_.expires_after(ToChrono(options_.body_timeout));
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnBody(ec); });
  }

  void OnBody(beast::error_code ec) {
    if (ec == http::error::body_limit) return SendTooLarge();
    if (IsHttpParseError(ec)) return SendError(http::status::bad_request, true);
    if (ec) return Close();  // body timeout (the stream is already closed) or the client left
    Dispatch();
  }

  // Takes what the access log, the error writer and routing need from the request headers,
  // and counts the request as in flight.
  void NoteRequest() {
    const HttpRequest& request = parser_->get();
    const bool known = request.method() != http::verb::unknown;
    method_ = known ? std::string(request.method_string()) : "OTHER";
    version_ = request.version();
    keep_alive_ = request.keep_alive();
    head_ = request.method() == http::verb::head;
    const auto incoming = request[kRequestIdHeader];
    request_id_ =
        RequestIdFor(absl::string_view(incoming.data(), incoming.size()), shared_->random);
    const auto target = request.target();
    format_ = ErrorFormatFor(absl::string_view(target.data(), target.size()));
    auto parsed = ParseRequestTarget(absl::string_view(target.data(), target.size()));
    if (parsed) {
      target_ = std::move(*parsed);
      match_ = shared_->router.Match(request.method(), *target_);
      if (!match_.route.empty()) route_ = match_.route;
    }
    counted_ = true;
    shared_->BeginRequest();
  }

  void Dispatch() {
    if (!target_) return SendError(http::status::bad_request, false);
    // Handlers may pass path parameters and query values to backends, whose string fields must
    // be UTF-8: an address that decodes to anything else is refused here, for every route.
    if (!IsValidUtf8(target_->path()) || !IsValidUtf8(target_->query())) {
      return SendError(http::status::bad_request, false,
                       "The address contains characters that are not valid UTF-8.");
    }
    if (match_.outcome == RouteMatch::Outcome::kNotFound) {
      return SendError(http::status::not_found, false);
    }
    if (match_.outcome == RouteMatch::Outcome::kMethodNotAllowed) {
      HttpResponse response = ErrorResponse(format_, http::status::method_not_allowed);
      response.set(http::field::allow, match_.allow);
      return Send(std::move(response), false);
    }

    auto context = std::make_shared<RequestContext>();
    context->request = parser_->release();
    context->target = std::move(*target_);
    context->route = match_.route;
    context->params = std::move(match_.params);
    context->request_id = request_id_;

    phase_ = Phase::kHandler;
    const auto deadline = std::chrono::steady_clock::now() + ToChrono(options_.handler_timeout);
    early_answer_.reset();
    answered_early_ = false;
    Session* const outer = dispatching;
    dispatching = this;
    {
      Responder respond(MakeDeliver());
      try {
        (*match_.handler)(std::move(context), respond);
      } catch (const std::exception& e) {
        log::Error("handler failed",
                   {{"route", route_}, {"request_id", request_id_}, {"error", e.what()}});
        respond(ErrorResponse(format_, http::status::internal_server_error));
      }
    }
    dispatching = outer;
    // A handler that answered before returning (or dropped the request) is answered here,
    // without a timer or another trip around the io loop.
    if (answered_early_) {
      answered_early_ = false;
      std::optional<HttpResponse> response = std::move(early_answer_);
      early_answer_.reset();
      return OnAnswer(sequence_, std::move(response));
    }

    // The deadline counts from before the handler ran, as if armed then.
    timer_.expires_at(deadline);
    timer_.async_wait([self = shared_from_this(), sequence = sequence_](beast::error_code ec) {
      if (ec || sequence != self->sequence_ || self->phase_ != Phase::kHandler) return;
      log::Warning("handler did not answer in time",
                   {{"route", self->route_}, {"request_id", self->request_id_}});
      self->SendError(http::status::service_unavailable, false, "The request took too long.");
    });
  }

  // Hands the handler's answer to this connection's strand: kept for Dispatch when the handler
  // answers before returning, else posted. The session is kept alive by its handler timer, not
  // by the Responder, so a late answer after shutdown finds nothing.
  Responder::Deliver MakeDeliver() {
    return [shared = shared_, weak = weak_from_this(),
            sequence = sequence_](std::optional<HttpResponse> response) {
      if (dispatching != nullptr) {
        std::shared_ptr<Session> self = weak.lock();
        if (self.get() == dispatching && sequence == self->sequence_) {
          self->early_answer_ = std::move(response);
          self->answered_early_ = true;
          return;
        }
      }
      std::shared_lock<std::shared_mutex> lock(shared->deliver_mu);
      if (shared->stopped) return;
      if (std::shared_ptr<Session> self = weak.lock()) {
        net::post(self->stream_.get_executor(),
                  [self, sequence, response = std::move(response)]() mutable {
                    self->OnAnswer(sequence, std::move(response));
                  });
      }
    };
  }

  void OnAnswer(uint64_t sequence, std::optional<HttpResponse> response) {
    if (sequence != sequence_ || phase_ != Phase::kHandler) return;  // too late
    timer_.cancel();
    if (!response) {
      log::Error("handler dropped the request", {{"route", route_}, {"request_id", request_id_}});
      return SendError(http::status::internal_server_error, false);
    }
    Send(std::move(*response), false);
  }

  void SendTooLarge() {
    SendError(
        http::status::payload_too_large, true,
        absl::StrCat("The request body must be at most ", options_.max_body_bytes, " bytes."));
  }

  void SendError(http::status status, bool close, absl::string_view detail = {}) {
    Send(ErrorResponse(format_, status, detail), close);
  }

  // Finishes the response (version, keep-alive, request id, length), records it, writes it.
  // `close` means the rest of the input is unusable (an error mid-request).
  void Send(HttpResponse response, bool close) {
    phase_ = Phase::kWriting;
    if (!counted_) {
      counted_ = true;
      shared_->BeginRequest();
    }
    if (request_id_.empty()) request_id_ = RequestIdFor("", shared_->random);
    const bool keep_alive = keep_alive_ && !close && !shared_->Draining();
    response.version(version_);
    response.keep_alive(keep_alive);
    response.set(kRequestIdHeader, request_id_);
    for (const auto& [name, value] : options_.response_headers) {
      if (response.find(name) == response.end()) response.set(name, value);
    }
    response.prepare_payload();
    if (head_) {
      // The headers of the GET response, Content-Length included, without its body.
      const uint64_t length = response.body().size();
      response.body().clear();
      response.content_length(length);
    }

    shared_->recorder.Record({method_, route_, static_cast<int>(response.result_int()),
                              absl::FromChrono(std::chrono::steady_clock::now() - started_),
                              request_id_, response.body().size()});

    response_ = std::move(response);
    stream_.expires_after(ToChrono(options_.body_timeout));
    http::async_write(stream_, *response_,
                      [self = shared_from_this(), keep_alive, close](beast::error_code ec, size_t) {
                        self->OnWrite(ec, keep_alive, close);
                      });
  }

  void OnWrite(beast::error_code ec, bool keep_alive, bool unread_input) {
    response_.reset();
    EndRequest();
    if (ec || !keep_alive) {
      if (!ec && unread_input) return Linger();
      return Close();
    }
    ReadRequest();
  }

  void Linger() {
    phase_ = Phase::kClosed;
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(ToChrono(kLingerTime));
    Discard();
  }

  void Discard() {
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = shared_from_this()](beast::error_code ec, size_t) {
                              if (ec) return self->stream_.close();
                              self->Discard();
                            });
  }

  void EndRequest() {
    if (!counted_) return;
    counted_ = false;
    shared_->EndRequest();
  }

  void Close() {
    EndRequest();
    phase_ = Phase::kClosed;
    timer_.cancel();
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.close();
  }

  static constexpr char kRequestIdHeader[] = "X-Request-Id";

  // The session whose handler this thread is running, if any (see Dispatch).
  static thread_local Session* dispatching;

  beast::tcp_stream stream_;
  net::steady_timer timer_;  // the header deadline, then the handler's deadline
  beast::flat_buffer buffer_;
  std::shared_ptr<ConnectionShared> shared_;
  const ServerOptions& options_;

  // The request being served; `sequence_` tells a late answer from the current one.
  uint64_t sequence_ = 0;
  Phase phase_ = Phase::kIdle;
  bool header_timed_out_ = false;
  bool counted_ = false;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::chrono::steady_clock::time_point started_;
  std::string method_;
  std::string route_;
  std::string request_id_;
  ErrorFormat format_ = ErrorFormat::kHtml;
  unsigned version_ = 11;
  bool keep_alive_ = false;
  bool head_ = false;
  std::optional<boost::urls::url> target_;
  RouteMatch match_;
  std::optional<HttpResponse> response_;
  bool answered_early_ = false;               // the handler answered before returning:
  std::optional<HttpResponse> early_answer_;  // with this (nullopt: it dropped the request)
};

thread_local Session* Session::dispatching = nullptr;

}  // namespace

void StartSession(tcp::socket socket, std::shared_ptr<ConnectionShared> shared) {
  std::make_shared<Session>(std::move(socket), std::move(shared))->Start();
}

}  // namespace rect::gateway
