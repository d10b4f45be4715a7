// A TRS outage through the gRPC API: with the local TRS stopped, look-ups fail within the
// deadline with UNAVAILABLE, the circuit opens and fails fast, and once TRS is back the next
// probe closes it and look-ups succeed again.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "services/teachers/testing/teachers_harness.h"

namespace rect::teachers {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

testing::HarnessOptions OutageOptions() {
  testing::HarnessOptions options;
  options.trs_timeout = absl::Milliseconds(400);
  options.circuit_failures = 3;
  options.circuit_open_for = absl::Milliseconds(500);
  return options;
}

TEST(TrsOutage, LookupsFailFastWhileTrsIsDownAndRecoverWhenItIsBack) {
  testing::TeachersHarness harness(OutageOptions());
  auto find = [&](v1::FindTeacherResponse* response, steady_clock::duration* took) {
    const auto start = steady_clock::now();
    const grpc::Status status = harness.Find("7000013", 1990, 4, 15, response);
    *took = steady_clock::now() - start;
    return status;
  };
  auto circuit = [&](const char* state) {
    return harness.MetricValue("rect_trs_circuit_state", {{"state", state}});
  };
  v1::FindTeacherResponse response;
  steady_clock::duration took;
  ASSERT_TRUE(find(&response, &took).ok());
  EXPECT_EQ(response.outcome(), v1::FindTeacherResponse::FOUND);

  harness.fake_trs().Stop();
  for (int i = 0; i < 3; ++i) {
    const grpc::Status status = find(&response, &took);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << i;
    EXPECT_EQ(status.error_message(), kTrsUnavailableMessage);
    EXPECT_LT(took, milliseconds(400)) << "within the TRS deadline";
  }
  EXPECT_EQ(harness.trs().circuit().state(), CircuitBreaker::State::kOpen);
  EXPECT_EQ(circuit("open"), 1);
  EXPECT_EQ(circuit("closed"), 0);

  const grpc::Status refused = find(&response, &took);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(refused.error_message(), kTrsUnavailableMessage);
  EXPECT_LT(took, milliseconds(100)) << "an open circuit answers at once";
  EXPECT_EQ(harness.MetricValue("rect_trs_requests_total",
                                {{"mode", "interactive"}, {"outcome", "circuit_open"}}),
            1);
  EXPECT_EQ(harness.MetricValue("rect_trs_requests_total",
                                {{"mode", "interactive"}, {"outcome", "unreachable"}}),
            3);

  ASSERT_TRUE(harness.fake_trs().Start().ok());
  const int seen = harness.fake_trs().person_requests();
  EXPECT_EQ(find(&response, &took).error_code(), grpc::StatusCode::UNAVAILABLE)
      << "still open: TRS is not asked before the open period ends";
  EXPECT_EQ(harness.fake_trs().person_requests(), seen);

  std::this_thread::sleep_for(milliseconds(550));
  ASSERT_TRUE(find(&response, &took).ok());
  EXPECT_EQ(response.outcome(), v1::FindTeacherResponse::FOUND);
  EXPECT_EQ(response.teacher().first_name(), "Jamal");
  EXPECT_EQ(harness.trs().circuit().state(), CircuitBreaker::State::kClosed);
  EXPECT_EQ(circuit("closed"), 1);
  EXPECT_EQ(circuit("open"), 0);
  EXPECT_EQ(harness.Query("SELECT string_agg(outcome, ',' ORDER BY id) FROM trs_lookups"),
            "found,unavailable,unavailable,unavailable,unavailable,unavailable,found");
}

TEST(TrsOutage, ATrsThatStopsAnsweringTripsTheDeadlineAndThenTheCircuit) {
  testing::HarnessOptions options = OutageOptions();
  options.trs_timeout = absl::Milliseconds(200);
  testing::TeachersHarness harness(options);
  v1::FindTeacherResponse response;
  for (int i = 0; i < 3; ++i) {
    const auto start = steady_clock::now();
    EXPECT_EQ(harness.Find("7000098", 1977, 2, 3, &response).error_code(),
              grpc::StatusCode::UNAVAILABLE);
    const auto took = steady_clock::now() - start;
    EXPECT_GE(took, milliseconds(150));
    EXPECT_LT(took, milliseconds(600));
  }
  EXPECT_EQ(harness.trs().circuit().state(), CircuitBreaker::State::kOpen);
  const auto start = steady_clock::now();
  EXPECT_EQ(harness.FindByNino("7000014", "AB100014A", &response).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_LT(steady_clock::now() - start, milliseconds(100));
}

}  // namespace
}  // namespace rect::teachers
