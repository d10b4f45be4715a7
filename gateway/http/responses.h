// The gateway's one error writer (JSON under /api/, GOV.UK-style HTML pages elsewhere), the one
// mapping from gRPC status codes to HTTP statuses, and small builders for successful responses.
#pragma once

#include <grpcpp/support/status.h>

#include <boost/beast/http/status.hpp>
#include <boost/json/value.hpp>

#include "absl/strings/string_view.h"
#include "gateway/http/handler.h"

namespace rect::gateway {

enum class ErrorFormat { kJson, kHtml };

// JSON for the lead-provider API (targets under /api/), HTML pages for everything else.
ErrorFormat ErrorFormatFor(absl::string_view target);

// The error response for `status`: {"error":"Resource not found"} (plus "detail" when given)
// or an HTML page whose heading names the problem ("Page not found", "Sorry, there is a
// problem with the service"). Errors are never cached.
HttpResponse ErrorResponse(ErrorFormat format, boost::beast::http::status status,
                           absl::string_view detail = {});

// INVALID_ARGUMENT→422, NOT_FOUND→404, UNAUTHENTICATED→401, PERMISSION_DENIED→403,
// ALREADY_EXISTS/FAILED_PRECONDITION→409, anything else→500, except what says the backend is
// away or overloaded, which is 503: UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED (gRPC's
// own "no thread free", not the caller over a rate limit: the gateway answers that 429 itself)
// and CANCELLED (the gateway never cancels a call whose answer it needs: a backend that is
// shutting down cancels the calls it received but had not started).
boost::beast::http::status HttpStatusFromGrpc(grpc::StatusCode code);

// The error for a failed call to `backend` ("teachers", ...). Client errors carry the
// backend's message (written for users); 503 names the backend; 500 shows no internals.
HttpResponse ErrorResponseFromGrpc(ErrorFormat format, const grpc::Status& status,
                                   absl::string_view backend);

// `body` serialised, as application/json; charset=utf-8.
HttpResponse JsonResponse(boost::beast::http::status status, const boost::json::value& body);

HttpResponse TextResponse(boost::beast::http::status status, absl::string_view text,
                          absl::string_view content_type = "text/plain; charset=utf-8");

}  // namespace rect::gateway
