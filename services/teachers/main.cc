// The teachers service: TRS look-ups for the school wizards, and registered teachers' TRS
// snapshots kept fresh by a background refresh.
#include <memory>

#include "absl/flags/flag.h"
#include "services/common/options.h"
#include "services/common/service_main.h"
#include "services/teachers/migrations.h"
#include "services/teachers/service.h"
#include "services/teachers/snapshot_refresher.h"
#include "services/teachers/store.h"
#include "services/teachers/teacher_finder.h"
#include "services/teachers/trs_client.h"
#include "services/teachers/trs_metrics.h"

ABSL_FLAG(std::string, trs_base_url, "http://127.0.0.1:8091",
          "TRS API base URL, e.g. https://teacher-qualifications-api.education.gov.uk");
ABSL_FLAG(std::string, trs_api_key, "",
          "TRS API key (required; a secret: prefer RECT_TEACHERS_TRS_API_KEY)");
ABSL_FLAG(std::string, trs_api_version, "20260120", "X-Api-Version sent to TRS");
ABSL_FLAG(int, trs_timeout_ms, 5000, "deadline of each TRS request");
ABSL_FLAG(std::string, trs_ca_file, "", "extra trusted CA certificates (PEM) for TRS");
ABSL_FLAG(int, trs_circuit_failures, 5, "consecutive TRS failures that open the circuit");
ABSL_FLAG(int, trs_circuit_open_ms, 1000,
          "how long an open circuit refuses TRS calls before one probes it (also how long "
          "lookups keep failing after TRS is back)");
ABSL_FLAG(int, trs_refresh_batch, 50, "snapshots refreshed per batch; 0 turns the refresh off");
ABSL_FLAG(int, trs_refresh_interval_ms, 60000, "pause between two refresh batches");
ABSL_FLAG(int, trs_refresh_spacing_ms, 1000, "pause between two TRS requests of a batch");
ABSL_FLAG(int, trs_refresh_after_ms, 86400000, "age at which a found teacher is refreshed again");

namespace {

using rect::teachers::SnapshotRefresher;
using rect::teachers::TrsClient;

absl::Status ValidateRefresh(const SnapshotRefresher::Options& options) {
  if (options.batch_size < 0 || options.batch_size > 1000) {
    return absl::InvalidArgumentError("--trs_refresh_batch must be between 0 and 1000");
  }
  if (options.interval <= absl::ZeroDuration() || options.spacing < absl::ZeroDuration() ||
      options.refresh_after <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        "--trs_refresh_interval_ms and --trs_refresh_after_ms must be positive and "
        "--trs_refresh_spacing_ms not negative");
  }
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  rect::BlockShutdownSignals();
  const rect::ServiceConfig config = rect::ParseServiceConfig(
      argc, argv, "teachers", 50052, 9102,
      {"trs_base_url", "trs_api_key", "trs_api_version", "trs_timeout_ms", "trs_ca_file",
       "trs_circuit_failures", "trs_circuit_open_ms", "trs_refresh_batch",
       "trs_refresh_interval_ms", "trs_refresh_spacing_ms", "trs_refresh_after_ms"});

  TrsClient::Options trs_options;
  trs_options.base_url = absl::GetFlag(FLAGS_trs_base_url);
  trs_options.api_key = absl::GetFlag(FLAGS_trs_api_key);
  trs_options.api_version = absl::GetFlag(FLAGS_trs_api_version);
  trs_options.timeout = absl::Milliseconds(absl::GetFlag(FLAGS_trs_timeout_ms));
  trs_options.ca_file = absl::GetFlag(FLAGS_trs_ca_file);
  trs_options.circuit.failure_threshold = absl::GetFlag(FLAGS_trs_circuit_failures);
  trs_options.circuit.open_for = absl::Milliseconds(absl::GetFlag(FLAGS_trs_circuit_open_ms));
  rect::ExitOnError(TrsClient::Validate(trs_options));

  SnapshotRefresher::Options refresh_options;
  refresh_options.batch_size = absl::GetFlag(FLAGS_trs_refresh_batch);
  refresh_options.interval = absl::Milliseconds(absl::GetFlag(FLAGS_trs_refresh_interval_ms));
  refresh_options.spacing = absl::Milliseconds(absl::GetFlag(FLAGS_trs_refresh_spacing_ms));
  refresh_options.refresh_after = absl::Milliseconds(absl::GetFlag(FLAGS_trs_refresh_after_ms));
  rect::ExitOnError(ValidateRefresh(refresh_options));

  // Owned here; RunServiceWithJobs stops the refresher before the pool and metrics go.
  std::unique_ptr<rect::teachers::PgTeacherStore> store;
  std::unique_ptr<rect::teachers::TrsMetrics> trs_metrics;
  std::unique_ptr<TrsClient> trs;
  std::unique_ptr<rect::teachers::TeacherFinder> finder;
  return rect::RunServiceWithJobs(
      config, rect::teachers::Migrations(), [&](rect::PgPool& pool, rect::Metrics& metrics) {
        store = std::make_unique<rect::teachers::PgTeacherStore>(pool);
        trs_metrics = std::make_unique<rect::teachers::TrsMetrics>(metrics.registry());
        trs = std::make_unique<TrsClient>(trs_options, trs_metrics.get());
        finder = std::make_unique<rect::teachers::TeacherFinder>(*trs, *store);
        rect::ServiceParts parts;
        parts.services.push_back(
            std::make_unique<rect::teachers::TeachersServiceImpl>(*store, *finder));
        parts.jobs.push_back(std::make_unique<SnapshotRefresher>(*store, *trs, refresh_options));
        return parts;
      });
}
