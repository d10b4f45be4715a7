// The contract between the HTTP server and route handlers: the parsed request a handler sees,
// and the Responder it calls exactly once, from any thread, when its response is ready.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/url/url.hpp>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace rect::gateway {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

// Path parameters by name, already percent-decoded: {"id": "abc"} for /participants/{id}.
using PathParams = std::map<std::string, std::string, std::less<>>;

struct RequestContext {
  HttpRequest request;      // method, headers and body as received
  boost::urls::url target;  // the origin-form target: path segments and query parameters
  std::string route;        // the matched route template, e.g. "/api/v3/participants/{id}"
  PathParams params;        // values of the template's {parameters}
  std::string request_id;   // echoed as X-Request-Id and sent to backends as x-request-id

  // The named path parameter, or "" when the route has none of that name.
  const std::string& param(absl::string_view name) const;
};

// Sends a handler's response back to its connection. Copies share one state: only the first
// call on any copy counts. If every copy is destroyed without a call, the client gets a 500.
class Responder {
 public:
  // Receives the response, or nullopt when the handler dropped every copy without answering.
  using Deliver = std::function<void(std::optional<HttpResponse>)>;

  explicit Responder(Deliver deliver);

  // Thread-safe; the server finishes the response (version, keep-alive, X-Request-Id, length).
  void operator()(HttpResponse response) const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

// Handles one request. The context stays valid for as long as the handler holds it, so an
// asynchronous handler keeps the pointer and calls `respond` later (e.g. from a gRPC callback).
using Handler =
    std::function<void(std::shared_ptr<const RequestContext> context, Responder respond)>;

}  // namespace rect::gateway
