// The sandbox clock (lead-provider-api.md §7): outside production a lead provider may send
// `X-With-Server-Date` to run its request as if it were that instant. The gateway checks the
// header (400 Bad request when it is not a date) and passes the instant to every backend call
// of the request as gRPC metadata:
//
//   x-with-server-date: 2027-01-10T10:42:00Z      (RFC 3339, UTC, whole seconds)
//
// A service applying API rules relative to "now" (declarations: future dates, milestones,
// frozen cohorts, statement choice; statuses; same-day rules; the timestamps it writes) reads
// this metadata when present and uses its own clock otherwise. It is never sent in production,
// where the header is ignored. Handlers add it with WithServerDate(caller.server_date, start)
// around the start function they give Backends::Call.
#pragma once

#include <grpcpp/client_context.h>

#include <optional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace rect::gateway::api {

// The request header and the gRPC metadata key (gRPC keys are lower case).
inline constexpr char kServerDateHeader[] = "X-With-Server-Date";
inline constexpr char kServerDateMetadata[] = "x-with-server-date";

// The 400 detail for a header that is not a date.
inline constexpr char kServerDateError[] =
    "The 'X-With-Server-Date' header must be a valid ISO 8601 date";

// Reads the header leniently, as the published sandbox does: an RFC 3339 date-time
// ("2027-01-10T10:42:00Z", "2027-01-10T10:42:00+01:00"), a date-time without offset
// ("2027-01-10T10:42:00", "2027-01-10 10:42"), or a date ("2025-12-31"), those without an
// offset in Europe/London time. Sub-seconds are dropped. INVALID_ARGUMENT otherwise.
absl::StatusOr<absl::Time> ParseServerDate(absl::string_view value);

// The metadata value: RFC 3339 in UTC, whole seconds.
std::string FormatServerDate(absl::Time time);

// Adds x-with-server-date to a backend call when the request has a server date.
void AddServerDateMetadata(const std::optional<absl::Time>& server_date,
                           grpc::ClientContext* context);

// A Backends::Call start function that first adds the server date metadata:
//   backends.Call<Reply>(id, request, WithServerDate(caller.server_date,
//       [&](auto* c, auto* q, auto* r, auto cb) { stub.async()->Foo(c, q, r, cb); }), done);
template <typename Start>
auto WithServerDate(std::optional<absl::Time> server_date, Start start) {
  return [server_date, start = std::move(start)](auto* context, auto* request, auto* response,
                                                 auto callback) mutable {
    AddServerDateMetadata(server_date, context);
    start(context, request, response, std::move(callback));
  };
}

}  // namespace rect::gateway::api
