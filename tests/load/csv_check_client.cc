// "Confirm your schools" on a 10,000-row CSV through the partnerships service's CheckUpload
// call (URN extraction, the school facts from the database, the six rules, the upload saved):
// sends the same generated file `--repeats` times, one at a time, and prints one JSON object
// with the status of the last call, the rows with errors and the latency percentiles (ms).
//
//   csv_check_client --target=127.0.0.1:50054 --lead_provider_id=UUID
//     --delivery_partner_id=UUID --cohort=2025 --rows=10000 --first_urn=400000 --repeats=10
//     --max_seconds=60
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "protos/partnerships/v1/partnerships.grpc.pb.h"

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

}  // namespace

int main(int argc, char** argv) {
  const std::string target = StringFlag(argc, argv, "--target", "127.0.0.1:50054");
  const int rows = Flag(argc, argv, "--rows", 10000);
  const int first_urn = Flag(argc, argv, "--first_urn", 400000);
  const int repeats = Flag(argc, argv, "--repeats", 10);
  // Stops early once this much time has gone (a slow check is reported, not waited out).
  const int max_seconds = Flag(argc, argv, "--max_seconds", 60);

  // A header, then URNs with a little of everything real files have: spaces, a trailing
  // comma, CRLF, and every fiftieth row a URN no school has.
  std::string csv = "URN\r\n";
  for (int i = 0; i < rows; ++i) {
    const int urn = i % 50 == 7 ? 9000000 + i : first_urn + i;
    csv += " " + std::to_string(urn) + " ,\r\n";
  }
  rect::partnerships::v1::CheckUploadRequest request;
  request.set_lead_provider_id(StringFlag(argc, argv, "--lead_provider_id", ""));
  request.set_delivery_partner_id(StringFlag(argc, argv, "--delivery_partner_id", ""));
  request.set_cohort(Flag(argc, argv, "--cohort", 2025));
  request.set_file_name("schools.csv");
  request.set_contents(csv);

  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 << 20);
  std::shared_ptr<grpc::Channel> channel =
      grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args);
  auto stub = rect::partnerships::v1::PartnershipsService::NewStub(channel);
  std::vector<double> latencies_ms;
  grpc::Status status;
  rect::partnerships::v1::CsvUpload upload;
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < repeats; ++i) {
    if (std::chrono::steady_clock::now() - started > std::chrono::seconds(max_seconds)) break;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    upload.Clear();
    const auto before = std::chrono::steady_clock::now();
    status = stub->CheckUpload(&context, request, &upload);
    const auto after = std::chrono::steady_clock::now();
    if (!status.ok()) break;
    latencies_ms.push_back(std::chrono::duration<double, std::milli>(after - before).count());
  }
  std::sort(latencies_ms.begin(), latencies_ms.end());
  auto at = [&](double p) {
    if (latencies_ms.empty()) return 0.0;
    return latencies_ms[std::min(static_cast<size_t>(p / 100 * latencies_ms.size()),
                                 latencies_ms.size() - 1)];
  };
  std::string message = status.error_message();
  for (char& c : message) {
    if (c == '"' || c == '\\' || c < 0x20) c = ' ';
  }
  std::printf(
      "{\"code\": %d, \"message\": \"%s\", \"calls\": %zu, \"rows\": %d, \"bytes\": %zu, "
      "\"rows_with_errors\": %d, \"valid_schools\": %d, \"p50_ms\": %.3f, \"p99_ms\": %.3f, "
      "\"max_ms\": %.3f}\n",
      static_cast<int>(status.error_code()), message.c_str(), latencies_ms.size(), rows,
      csv.size(), upload.rows_with_errors(), upload.valid_schools_size(), at(50), at(99),
      latencies_ms.empty() ? 0.0 : latencies_ms.back());
  return status.ok() ? 0 : 1;
}
