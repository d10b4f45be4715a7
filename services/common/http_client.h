// A small blocking HTTP/1.1 client for calls to external systems (TRS, GOV.UK Notify, DfE
// Sign-in): http and https URLs, TLS with peer and host-name verification, one deadline per call.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace rect {

struct HttpClientRequest {
  std::string method = "GET";
  std::string url;  // absolute http:// or https:// URL
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  absl::Duration timeout = absl::Seconds(5);  // connect + send + receive
};

struct HttpClientResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The first header with this name (case-insensitive), or "".
  std::string Header(absl::string_view name) const;
};

class HttpClient {
 public:
  struct Options {
    std::string ca_file;  // extra trusted certificates (PEM); the system store is always used
    size_t max_response_bytes = 8 << 20;
  };

  HttpClient() : HttpClient(Options()) {}
  explicit HttpClient(Options options);

  // Any HTTP status is a response; errors are: INVALID_ARGUMENT (bad URL), DEADLINE_EXCEEDED
  // (timeout), UNAVAILABLE (cannot connect, TLS failure, broken or oversized response).
  // Thread-safe: each call uses its own connection.
  absl::StatusOr<HttpClientResponse> Send(const HttpClientRequest& request) const;

 private:
  Options options_;
};

}  // namespace rect
