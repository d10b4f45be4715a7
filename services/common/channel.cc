#include "services/common/channel.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <algorithm>

namespace rect {

grpc::ChannelArguments ServiceChannelArguments(absl::Duration max_backoff) {
  const int max_ms =
      static_cast<int>(std::max<int64_t>(1, absl::ToInt64Milliseconds(max_backoff)));
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, std::min(100, max_ms));
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, std::min(100, max_ms));
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, max_ms);
  return args;
}

std::shared_ptr<grpc::Channel> NewServiceChannel(const std::string& address,
                                                 absl::Duration max_backoff) {
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(),
                                   ServiceChannelArguments(max_backoff));
}

}  // namespace rect
