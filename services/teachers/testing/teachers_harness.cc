#include "services/teachers/testing/teachers_harness.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>
#include <prometheus/metric_family.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <pqxx/pqxx>

#include "services/teachers/migrations.h"

namespace rect::teachers::testing {
namespace {

fakes::trs::FakeTrsOptions FakeOptions(const HarnessOptions& options) {
  fakes::trs::FakeTrsOptions fake;
  fake.api_key = kTrsKey;
  fake.slow = options.slow_answer;
  return fake;
}

TrsClient::Options ClientOptions(const HarnessOptions& options, const std::string& base_url) {
  TrsClient::Options client;
  client.base_url = base_url;
  client.api_key = options.api_key;
  client.timeout = options.trs_timeout;
  client.circuit.failure_threshold = options.circuit_failures;
  client.circuit.open_for = options.circuit_open_for;
  client.background_backoff = options.background_backoff;
  return client;
}

}  // namespace

TeachersHarness::TeachersHarness(HarnessOptions options)
    : db_(Migrations()),
      fake_trs_(FakeOptions(options)),
      metrics_("teachers"),
      trs_metrics_(metrics_.registry()),
      trs_([&] {
        if (absl::Status started = fake_trs_.Start(); !started.ok()) {
          std::fprintf(stderr, "cannot start the local TRS: %s\n", started.ToString().c_str());
          std::abort();
        }
        return std::make_unique<TrsClient>(ClientOptions(options, fake_trs_.base_url()),
                                           &trs_metrics_);
      }()),
      store_(db_.pool()),
      finder_(*trs_, store_),
      service_(store_, finder_) {
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service_);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> creators;
  creators.push_back(metrics_.MakeServerInterceptorFactory());
  builder.experimental().SetInterceptorCreators(std::move(creators));
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port == 0) {
    std::fprintf(stderr, "cannot start the teachers service in-process\n");
    std::abort();
  }
  stub_ = v1::TeachersService::NewStub(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()));
}

TeachersHarness::~TeachersHarness() { server_->Shutdown(); }

grpc::Status TeachersHarness::Find(const std::string& trn, int year, int month, int day,
                                   v1::FindTeacherResponse* response, absl::Duration deadline) {
  grpc::ClientContext context;
  if (deadline != absl::InfiniteDuration()) {
    context.set_deadline(std::chrono::system_clock::now() + absl::ToChronoNanoseconds(deadline));
  }
  v1::FindTeacherRequest request;
  request.set_trn(trn);
  request.mutable_date_of_birth()->set_year(year);
  request.mutable_date_of_birth()->set_month(month);
  request.mutable_date_of_birth()->set_day(day);
  return stub_->FindTeacher(&context, request, response);
}

grpc::Status TeachersHarness::FindByNino(const std::string& trn, const std::string& nino,
                                         v1::FindTeacherResponse* response) {
  grpc::ClientContext context;
  v1::FindTeacherByNinoRequest request;
  request.set_trn(trn);
  request.set_national_insurance_number(nino);
  return stub_->FindTeacherByNino(&context, request, response);
}

grpc::Status TeachersHarness::Track(const std::string& trn, const std::string& first_name,
                                    const std::string& last_name) {
  grpc::ClientContext context;
  v1::TrackTeacherRequest request;
  request.set_trn(trn);
  request.set_first_name(first_name);
  request.set_last_name(last_name);
  v1::TrackTeacherResponse response;
  return stub_->TrackTeacher(&context, request, &response);
}

grpc::Status TeachersHarness::Snapshot(const std::string& trn, v1::TeacherSnapshot* snapshot) {
  grpc::ClientContext context;
  v1::GetTeacherSnapshotRequest request;
  request.set_trn(trn);
  return stub_->GetTeacherSnapshot(&context, request, snapshot);
}

void TeachersHarness::Execute(const std::string& sql) {
  pqxx::connection c(db_.conninfo());
  pqxx::work txn(c);
  txn.exec(sql);
  txn.commit();
}

std::string TeachersHarness::Query(const std::string& sql) {
  pqxx::connection c(db_.conninfo());
  pqxx::nontransaction txn(c);
  const pqxx::result rows = txn.exec(sql);
  if (rows.empty() || rows[0][0].is_null()) return "";
  return rows[0][0].as<std::string>();
}

double TeachersHarness::MetricValue(const std::string& family,
                                    const std::map<std::string, std::string>& labels) {
  for (const prometheus::MetricFamily& f : metrics_.registry().Collect()) {
    if (f.name != family) continue;
    for (const prometheus::ClientMetric& metric : f.metric) {
      std::map<std::string, std::string> have;
      for (const prometheus::ClientMetric::Label& label : metric.label) {
        have[label.name] = label.value;
      }
      if (have != labels) continue;
      if (f.type == prometheus::MetricType::Counter) return metric.counter.value;
      if (f.type == prometheus::MetricType::Gauge) return metric.gauge.value;
      if (f.type == prometheus::MetricType::Histogram) {
        return static_cast<double>(metric.histogram.sample_count);
      }
    }
  }
  return 0;
}

}  // namespace rect::teachers::testing
