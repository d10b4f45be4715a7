#include "services/common/channel.h"

#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace rect {
namespace {

int ArgumentValue(const grpc::ChannelArguments& arguments, const char* key) {
  const grpc_channel_args args = arguments.c_channel_args();
  for (size_t i = 0; i < args.num_args; ++i) {
    if (std::string(args.args[i].key) == key) return args.args[i].value.integer;
  }
  return -1;
}

TEST(ServiceChannelArgumentsTest, BoundsTheReconnectBackOff) {
  const grpc::ChannelArguments args = ServiceChannelArguments(absl::Seconds(1));
  EXPECT_EQ(ArgumentValue(args, GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS), 100);
  EXPECT_EQ(ArgumentValue(args, GRPC_ARG_MIN_RECONNECT_BACKOFF_MS), 100);
  EXPECT_EQ(ArgumentValue(args, GRPC_ARG_MAX_RECONNECT_BACKOFF_MS), 1000);

  const grpc::ChannelArguments short_args = ServiceChannelArguments(absl::Milliseconds(50));
  EXPECT_EQ(ArgumentValue(short_args, GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS), 50);
  EXPECT_EQ(ArgumentValue(short_args, GRPC_ARG_MAX_RECONNECT_BACKOFF_MS), 50);
}

// A bare server: the channel needs only its transport to become ready.
struct Peer {
  Peer(const std::string& address, int* port) {
    grpc::ServerBuilder builder;
    builder.AddListeningPort(address, grpc::InsecureServerCredentials(), port);
    cq = builder.AddCompletionQueue();
    server = builder.BuildAndStart();
  }
  ~Peer() {
    server->Shutdown();
    cq->Shutdown();
    void* tag;
    bool ok;
    while (cq->Next(&tag, &ok)) {
    }
  }
  std::unique_ptr<grpc::ServerCompletionQueue> cq;
  std::unique_ptr<grpc::Server> server;
};

// A peer that is away for a few seconds is called again within about a second of coming back
// (with gRPC's default back-off the next attempt would come 1.6 s, then 2.6 s, ... later).
TEST(NewServiceChannelTest, ConnectsSoonAfterThePeerComesBack) {
  int port = 0;
  { Peer first("127.0.0.1:0", &port); }
  ASSERT_GT(port, 0);
  const std::string address = absl::StrCat("127.0.0.1:", port);

  std::shared_ptr<grpc::Channel> channel = NewServiceChannel(address);
  channel->GetState(/*try_to_connect=*/true);
  absl::SleepFor(absl::Seconds(3));  // several failed attempts: the back-off has grown
  EXPECT_NE(channel->GetState(false), GRPC_CHANNEL_READY);

  int bound = 0;
  Peer peer(address, &bound);
  ASSERT_EQ(bound, port);
  const absl::Time back = absl::Now();
  const auto deadline = std::chrono::system_clock::now() + std::chrono::seconds(5);
  grpc_connectivity_state state = channel->GetState(true);
  while (state != GRPC_CHANNEL_READY && channel->WaitForStateChange(state, deadline)) {
    state = channel->GetState(true);
  }
  EXPECT_EQ(state, GRPC_CHANNEL_READY);
  EXPECT_LT(absl::Now() - back, absl::Milliseconds(1500));
}

}  // namespace
}  // namespace rect
