// Channels from one service to another.
#pragma once

#include <grpcpp/channel.h>
#include <grpcpp/support/channel_arguments.h>

#include <memory>
#include <string>

#include "absl/time/time.h"

namespace rect {

// The arguments of NewServiceChannel: reconnect attempts start 100 ms apart and are never more
// than `max_backoff` apart. gRPC's default lets the gap grow to 120 s, so a service the channel
// lost for a few seconds would go on being refused long after it is back.
grpc::ChannelArguments ServiceChannelArguments(absl::Duration max_backoff);

// An insecure channel to another service at `address` ("host:port").
std::shared_ptr<grpc::Channel> NewServiceChannel(const std::string& address,
                                                 absl::Duration max_backoff = absl::Seconds(1));

}  // namespace rect
