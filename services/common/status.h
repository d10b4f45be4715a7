// Status helpers shared by every service: early-return macros for absl::Status and
// absl::StatusOr, and the one mapping between absl::Status and grpc::Status.
#pragma once

#include <grpcpp/support/status.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define RECT_STATUS_CONCAT_INNER(a, b) a##b
#define RECT_STATUS_CONCAT(a, b) RECT_STATUS_CONCAT_INNER(a, b)

// Returns from the enclosing function when `expr` (an absl::Status) is not OK.
#define RETURN_IF_ERROR(expr)                              \
  do {                                                     \
    ::absl::Status rect_status_ = (expr);                  \
    if (!rect_status_.ok()) return rect_status_;           \
  } while (false)

// `ASSIGN_OR_RETURN(auto x, Fn());` assigns the value of an absl::StatusOr or returns its error.
#define ASSIGN_OR_RETURN(lhs, expr) \
  RECT_ASSIGN_OR_RETURN_IMPL(RECT_STATUS_CONCAT(rect_statusor_, __LINE__), lhs, expr)
#define RECT_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                               \
  if (!tmp.ok()) return tmp.status();              \
  lhs = std::move(tmp).value()

namespace rect {

// Both enumerations share gRPC's canonical codes, so the mapping keeps code and message.
grpc::Status ToGrpcStatus(const absl::Status& status);
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace rect
