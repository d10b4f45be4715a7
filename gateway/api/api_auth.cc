#include "gateway/api/api_auth.h"

#include <boost/beast/http/field.hpp>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "gateway/api/jsonapi.h"
#include "gateway/api/server_date.h"
#include "gateway/http/responses.h"
#include "services/common/tokens.h"

namespace rect::gateway {
namespace {

namespace http = boost::beast::http;

HttpResponse AccessDenied() {
  return ErrorResponse(ErrorFormat::kJson, http::status::unauthorized);
}

}  // namespace

std::optional<std::string> TokenFromAuthorization(absl::string_view header) {
  absl::string_view rest;
  for (absl::string_view scheme : {"Bearer", "Token"}) {
    if (absl::StartsWith(header, scheme) && header.size() > scheme.size() &&
        absl::ascii_isspace(static_cast<unsigned char>(header[scheme.size()]))) {
      rest = absl::StripLeadingAsciiWhitespace(header.substr(scheme.size()));
    }
  }
  if (rest.empty()) return std::nullopt;
  std::vector<absl::string_view> params;
  for (absl::string_view part : absl::StrSplit(rest, absl::ByAnyChar(",;\t"))) {
    part = absl::StripAsciiWhitespace(part);
    if (!part.empty()) params.push_back(part);
  }
  if (params.empty()) return std::nullopt;
  std::string first = absl::StartsWith(params[0], "token=") ? std::string(params[0])
                                                            : "token=" + std::string(params[0]);
  absl::string_view value = absl::string_view(first).substr(6);
  if (absl::StartsWith(value, "\"")) value.remove_prefix(1);
  if (absl::EndsWith(value, "\"")) value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  // Tokens are printable ASCII; anything else (e.g. bytes that are not UTF-8, which identity's
  // string field could not even carry) is no token: 401, not a failed call.
  for (char c : value) {
    if (!absl::ascii_isgraph(static_cast<unsigned char>(c))) return std::nullopt;
  }
  return std::string(value);
}

ApiTokenCache::ApiTokenCache(absl::Duration ttl, size_t max_entries, Clock clock)
    : ttl_(ttl), max_entries_(max_entries), clock_(std::move(clock)) {}

std::optional<ApiCaller> ApiTokenCache::Find(absl::string_view token) {
  const std::string key = Sha256(token);
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  if (clock_() >= it->second.expires_at) {
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.caller;
}

void ApiTokenCache::Store(absl::string_view token, ApiCaller caller) {
  if (ttl_ <= absl::ZeroDuration()) return;
  const absl::Time now = clock_();
  std::lock_guard<std::mutex> lock(mu_);
  if (entries_.size() >= max_entries_) {
    for (auto it = entries_.begin(); it != entries_.end();) {
      it = now >= it->second.expires_at ? entries_.erase(it) : std::next(it);
    }
    if (entries_.size() >= max_entries_) entries_.clear();
  }
  entries_[Sha256(token)] = Entry{std::move(caller), now + ttl_};
}

Handler ApiAuthenticator::Protect(ApiHandler handler) {
  return [this, handler = std::move(handler)](std::shared_ptr<const RequestContext> context,
                                              Responder respond) {
    const auto header = context->request[http::field::authorization];
    // The per-header limit, then the per-address backstop (§4, in Rack::Attack's order: a
    // request refused by the first is not counted by the second). Requests without an
    // Authorization header meet only the backstop.
    if (guards_.rate_limiter != nullptr) {
      if (!header.empty() &&
          !guards_.rate_limiter->Admit(api::kApiTokenLimit,
                                       absl::string_view(header.data(), header.size()))) {
        return respond(api::TooManyRequestsResponse());
      }
      if (!api::AdmitByAddress(*guards_.rate_limiter, context->request)) {
        return respond(api::TooManyRequestsResponse());
      }
    }
    std::optional<std::string> token =
        TokenFromAuthorization(absl::string_view(header.data(), header.size()));
    if (!token.has_value()) return respond(AccessDenied());
    if (std::optional<ApiCaller> cached = cache_.Find(*token); cached.has_value()) {
      return Proceed(handler, std::move(context), *std::move(cached), std::move(respond));
    }
    identity::v1::AuthenticateApiTokenRequest request;
    request.set_token(*token);
    const std::string request_id = context->request_id;
    backends_.Call<identity::v1::AuthenticateApiTokenResponse>(
        request_id, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          backends_.identity().async()->AuthenticateApiToken(c, q, r, cb);
        },
        [this, handler, context = std::move(context), token = *std::move(token), respond](
            const grpc::Status& status, identity::v1::AuthenticateApiTokenResponse&& who) mutable {
          if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
            return respond(AccessDenied());
          }
          if (!status.ok()) {
            return respond(ErrorResponseFromGrpc(ErrorFormat::kJson, status, "identity"));
          }
          ApiCaller caller{who.lead_provider_id(), who.token_id(), std::nullopt};
          cache_.Store(token, caller);
          Proceed(handler, std::move(context), std::move(caller), std::move(respond));
        });
  };
}

void ApiAuthenticator::Proceed(const ApiHandler& handler,
                               std::shared_ptr<const RequestContext> context, ApiCaller caller,
                               Responder respond) const {
  caller.server_date.reset();
  if (guards_.honour_server_date) {
    const HttpRequest& request = context->request;
    if (auto field = request.find(api::kServerDateHeader); field != request.end()) {
      absl::StatusOr<absl::Time> date =
          api::ParseServerDate(absl::string_view(field->value().data(), field->value().size()));
      if (!date.ok()) {
        return respond(api::BadRequestResponse({"Bad request", api::kServerDateError}));
      }
      caller.server_date = *date;
    }
  }
  handler(std::move(context), std::move(caller), std::move(respond));
}

}  // namespace rect::gateway
