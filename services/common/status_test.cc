#include "services/common/status.h"

#include <gtest/gtest.h>

namespace rect {
namespace {

absl::Status Fails() { return absl::NotFoundError("missing"); }
absl::StatusOr<int> Seven() { return 7; }
absl::StatusOr<int> NoNumber() { return absl::InvalidArgumentError("bad"); }

absl::Status UsesReturnIfError(bool fail, int* reached) {
  RETURN_IF_ERROR(fail ? Fails() : absl::OkStatus());
  *reached = 1;
  return absl::OkStatus();
}

absl::StatusOr<int> UsesAssignOrReturn(bool fail) {
  ASSIGN_OR_RETURN(int value, fail ? NoNumber() : Seven());
  return value + 1;
}

TEST(StatusMacros, ReturnIfErrorStopsOnError) {
  int reached = 0;
  EXPECT_EQ(UsesReturnIfError(true, &reached).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(reached, 0);
  EXPECT_TRUE(UsesReturnIfError(false, &reached).ok());
  EXPECT_EQ(reached, 1);
}

TEST(StatusMacros, AssignOrReturnAssignsOrReturns) {
  EXPECT_EQ(*UsesAssignOrReturn(false), 8);
  EXPECT_EQ(UsesAssignOrReturn(true).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(StatusMapping, KeepsCodeAndMessageBothWays) {
  const absl::StatusCode codes[] = {
      absl::StatusCode::kInvalidArgument, absl::StatusCode::kNotFound,
      absl::StatusCode::kAlreadyExists,   absl::StatusCode::kPermissionDenied,
      absl::StatusCode::kUnauthenticated, absl::StatusCode::kFailedPrecondition,
      absl::StatusCode::kUnavailable,     absl::StatusCode::kResourceExhausted,
      absl::StatusCode::kDeadlineExceeded, absl::StatusCode::kInternal};
  for (absl::StatusCode code : codes) {
    absl::Status original(code, "message");
    grpc::Status wire = ToGrpcStatus(original);
    EXPECT_EQ(static_cast<int>(wire.error_code()), static_cast<int>(code));
    EXPECT_EQ(wire.error_message(), "message");
    EXPECT_EQ(FromGrpcStatus(wire), original);
  }
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
  EXPECT_TRUE(FromGrpcStatus(grpc::Status::OK).ok());
}

}  // namespace
}  // namespace rect
