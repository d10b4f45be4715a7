// Authentication of the lead-provider API (lead-provider-api.md §1): the bearer token from the
// Authorization header, resolved to its lead provider by identity, with a short in-process
// cache so a busy client does not cost an identity call per request. Missing, malformed or
// unknown tokens get 401 {"error":"HTTP Token: Access denied"}.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gateway/api/rate_limit.h"
#include "gateway/backends.h"
#include "gateway/http/handler.h"

namespace rect::gateway {

// The token of an Authorization header as Rails reads it: scheme "Bearer" or "Token"
// (case-sensitive), then the token bare or as token="..." (quotes dropped), optionally followed
// by other parameters after ',' or ';'. nullopt when there is none.
std::optional<std::string> TokenFromAuthorization(absl::string_view header);

// Who is calling the API.
struct ApiCaller {
  std::string lead_provider_id;
  std::string token_id;
  // The request's sandbox clock (X-With-Server-Date, gateway/api/server_date.h), outside
  // production only; backend calls pass it on with WithServerDate.
  std::optional<absl::Time> server_date;
};

// What a protected request goes through besides its token.
struct ApiGuards {
  // Counts every request by its Authorization value before authentication (§4: refused ones
  // count too) and answers 429 over the limit; no limit when null. Not owned.
  api::RateLimiter* rate_limiter = nullptr;
  // Honour X-With-Server-Date (§7): true outside production. A value that is not a date is a
  // 400 Bad request (after authentication).
  bool honour_server_date = false;
};

// Recently authenticated tokens, keyed by their SHA-256 digest. Thread-safe. A revoked token
// keeps working here for at most `ttl`.
class ApiTokenCache {
 public:
  using Clock = std::function<absl::Time()>;

  ApiTokenCache(
      absl::Duration ttl, size_t max_entries, Clock clock = [] { return absl::Now(); });

  std::optional<ApiCaller> Find(absl::string_view token);
  void Store(absl::string_view token, ApiCaller caller);

 private:
  struct Entry {
    ApiCaller caller;
    absl::Time expires_at;
  };

  const absl::Duration ttl_;
  const size_t max_entries_;
  const Clock clock_;
  std::mutex mu_;
  std::map<std::string, Entry> entries_;  // guarded by mu_
};

// Handles an authenticated API request.
using ApiHandler = std::function<void(std::shared_ptr<const RequestContext> context,
                                      ApiCaller caller, Responder respond)>;

class ApiAuthenticator {
 public:
  ApiAuthenticator(Backends& backends, ApiTokenCache& cache, ApiGuards guards = {})
      : backends_(backends), cache_(cache), guards_(guards) {}

  // Wraps `handler` so it runs only for a valid token (401 otherwise; 503 while identity is
  // down), within the rate limit (429) and with a valid sandbox date if any (400).
  Handler Protect(ApiHandler handler);

 private:
  // Reads the sandbox date into `caller` and runs `handler`, or answers 400.
  void Proceed(const ApiHandler& handler, std::shared_ptr<const RequestContext> context,
               ApiCaller caller, Responder respond) const;

  Backends& backends_;
  ApiTokenCache& cache_;
  const ApiGuards guards_;
};

}  // namespace rect::gateway
