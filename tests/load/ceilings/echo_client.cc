// The RPC ceiling's client: a closed loop of blocking unary calls from a fixed number of
// threads over one channel (as the gateway shares one channel per backend) for a fixed time.
// Prints one JSON object: calls, errors, calls per second and latency percentiles (ms).
//
//   echo_client --target=127.0.0.1:PORT --connections=32 --seconds=10 --payload_bytes=512
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/load/ceilings/echo.grpc.pb.h"

namespace {

const char* StringFlag(int argc, char** argv, const char* name, const char* fallback) {
  const size_t n = std::strlen(name);
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], name, n) == 0 && argv[i][n] == '=') return argv[i] + n + 1;
  }
  return fallback;
}

int Flag(int argc, char** argv, const char* name, int fallback) {
  const char* text = StringFlag(argc, argv, name, nullptr);
  return text == nullptr ? fallback : std::atoi(text);
}

double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t index = static_cast<size_t>(p / 100.0 * static_cast<double>(sorted.size()));
  return sorted[std::min(index, sorted.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  const std::string target = StringFlag(argc, argv, "--target", "127.0.0.1:50051");
  const int connections = Flag(argc, argv, "--connections", 32);
  const int seconds = Flag(argc, argv, "--seconds", 10);
  const int payload_bytes = Flag(argc, argv, "--payload_bytes", 512);

  std::shared_ptr<grpc::Channel> channel =
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  if (!channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(5))) {
    std::fprintf(stderr, "echo_client: cannot connect to %s\n", target.c_str());
    return 1;
  }
  std::unique_ptr<rect::load::v1::Echo::Stub> stub = rect::load::v1::Echo::NewStub(channel);
  rect::load::v1::EchoRequest request;
  request.set_payload(std::string(static_cast<size_t>(payload_bytes), 'x'));

  std::atomic<long> errors{0};
  std::atomic<int> last_error_code{0};
  std::mutex mu;
  std::vector<double> latencies_ms;
  const auto start = std::chrono::steady_clock::now();
  const auto end = start + std::chrono::seconds(seconds);
  std::vector<std::thread> threads;
  for (int t = 0; t < connections; ++t) {
    threads.emplace_back([&] {
      std::vector<double> mine;
      while (std::chrono::steady_clock::now() < end) {
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
        rect::load::v1::EchoResponse response;
        const auto before = std::chrono::steady_clock::now();
        const grpc::Status status = stub->Echo(&context, request, &response);
        const auto after = std::chrono::steady_clock::now();
        if (!status.ok()) {
          ++errors;
          last_error_code = status.error_code();
          continue;
        }
        mine.push_back(std::chrono::duration<double, std::milli>(after - before).count());
      }
      std::lock_guard<std::mutex> lock(mu);
      latencies_ms.insert(latencies_ms.end(), mine.begin(), mine.end());
    });
  }
  for (std::thread& thread : threads) thread.join();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::sort(latencies_ms.begin(), latencies_ms.end());
  std::printf(
      "{\"requests\": %zu, \"errors\": %ld, \"seconds\": %.3f, \"rps\": %.1f, "
      "\"p50_ms\": %.3f, \"p99_ms\": %.3f, \"max_ms\": %.3f, \"last_error_code\": %d}\n",
      latencies_ms.size(), errors.load(), elapsed,
      static_cast<double>(latencies_ms.size()) / elapsed, Percentile(latencies_ms, 50),
      Percentile(latencies_ms, 99), latencies_ms.empty() ? 0.0 : latencies_ms.back(),
      last_error_code.load());
  return 0;
}
