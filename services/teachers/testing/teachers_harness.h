// Test support for the teachers service: a migrated database, the local TRS in-process, the TRS
// client with test-sized timeouts, and the service served over real gRPC with the production
// metrics and logging interceptor.
#pragma once

#include <grpcpp/client_context.h>
#include <grpcpp/server.h>

#include <map>
#include <memory>
#include <string>

#include "protos/teachers/v1/teachers.grpc.pb.h"
#include "services/common/metrics.h"
#include "services/common/testing/service_fixture.h"
#include "services/teachers/service.h"
#include "services/teachers/store.h"
#include "services/teachers/teacher_finder.h"
#include "services/teachers/trs_client.h"
#include "services/teachers/trs_metrics.h"
#include "tests/fakes/trs/fake_trs.h"

namespace rect::teachers::testing {

inline constexpr char kTrsKey[] = "local-trs-key";

struct HarnessOptions {
  absl::Duration trs_timeout = absl::Milliseconds(400);
  absl::Duration slow_answer = absl::Seconds(2);  // 7000098's delay: beyond trs_timeout
  int circuit_failures = 5;
  absl::Duration circuit_open_for = absl::Milliseconds(300);
  absl::Duration background_backoff = absl::Milliseconds(10);
  std::string api_key = kTrsKey;  // the key the client sends (the fake wants kTrsKey)
};

class TeachersHarness {
 public:
  explicit TeachersHarness(HarnessOptions options = {});
  ~TeachersHarness();

  // `deadline` is the caller's gRPC deadline (none when infinite).
  grpc::Status Find(const std::string& trn, int year, int month, int day,
                    v1::FindTeacherResponse* response,
                    absl::Duration deadline = absl::InfiniteDuration());
  grpc::Status FindByNino(const std::string& trn, const std::string& nino,
                          v1::FindTeacherResponse* response);
  grpc::Status Track(const std::string& trn, const std::string& first_name,
                     const std::string& last_name);
  grpc::Status Snapshot(const std::string& trn, v1::TeacherSnapshot* snapshot);

  void Execute(const std::string& sql);
  // The first column of the first row, as text ("" for NULL).
  std::string Query(const std::string& sql);

  fakes::trs::FakeTrs& fake_trs() { return fake_trs_; }
  TrsClient& trs() { return *trs_; }
  PgTeacherStore& store() { return store_; }
  const std::string& conninfo() const { return db_.conninfo(); }
  // The value of a counter or gauge series with exactly these labels (0 when absent).
  double MetricValue(const std::string& family, const std::map<std::string, std::string>& labels);

 private:
  rect::testing::MigratedDatabase db_;
  fakes::trs::FakeTrs fake_trs_;
  Metrics metrics_;
  TrsMetrics trs_metrics_;
  std::unique_ptr<TrsClient> trs_;
  PgTeacherStore store_;
  TeacherFinder finder_;
  TeachersServiceImpl service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::TeachersService::Stub> stub_;
};

}  // namespace rect::teachers::testing
