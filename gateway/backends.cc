#include "gateway/backends.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include <algorithm>
#include <chrono>

#include "absl/time/clock.h"
#include "services/common/metrics.h"

namespace rect::gateway {
namespace {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

std::shared_ptr<grpc::Channel> NewChannel(const std::string& address, absl::Duration max_backoff,
                                          Metrics* metrics) {
  grpc::ChannelArguments args;
  // Spread calls over every address the name resolves to (headless services in Kubernetes).
  args.SetLoadBalancingPolicyName("round_robin");
  const int max_ms = static_cast<int>(absl::ToInt64Milliseconds(max_backoff));
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, std::min(100, max_ms));
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, std::min(100, max_ms));
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, max_ms);
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> creators;
  if (metrics != nullptr) creators.push_back(metrics->MakeClientInterceptorFactory());
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      address, grpc::InsecureChannelCredentials(), args, std::move(creators));
}

}  // namespace

const std::array<Backend, kBackendCount>& AllBackends() {
  static constexpr std::array<Backend, kBackendCount> kAll = {
      Backend::kIdentity, Backend::kTeachers, Backend::kRegistration, Backend::kPartnerships,
      Backend::kNotifications};
  return kAll;
}

absl::string_view BackendName(Backend backend) {
  switch (backend) {
    case Backend::kIdentity:
      return "identity";
    case Backend::kTeachers:
      return "teachers";
    case Backend::kRegistration:
      return "registration";
    case Backend::kPartnerships:
      return "partnerships";
    case Backend::kNotifications:
      return "notifications";
  }
  return "unknown";
}

Backends::Backends(BackendOptions options) : options_(std::move(options)) {
  for (Backend backend : AllBackends()) {
    const size_t i = static_cast<size_t>(backend);
    channels_[i] =
        NewChannel(options_.addresses[i], options_.max_reconnect_backoff, options_.metrics);
    health_[i] = grpc::health::v1::Health::NewStub(channels_[i]);
  }
  auto channel = [&](Backend b) { return channels_[static_cast<size_t>(b)]; };
  identity_ = identity::v1::IdentityService::NewStub(channel(Backend::kIdentity));
  teachers_ = teachers::v1::TeachersService::NewStub(channel(Backend::kTeachers));
  registration_ = registration::v1::RegistrationService::NewStub(channel(Backend::kRegistration));
  partnerships_ = partnerships::v1::PartnershipsService::NewStub(channel(Backend::kPartnerships));
  notifications_ =
      notifications::v1::NotificationsService::NewStub(channel(Backend::kNotifications));
}

Backends::~Backends() { Shutdown(); }

bool Backends::Begin(grpc::ClientContext& context, absl::string_view request_id,
                     absl::Duration deadline) {
  context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  if (!request_id.empty()) context.AddMetadata("x-request-id", std::string(request_id));
  std::lock_guard<std::mutex> lock(mu_);
  if (shutting_down_) return false;
  in_flight_.push_back(&context);
  ++outstanding_;
  return true;
}

void Backends::Untrack(grpc::ClientContext& context) {
  std::lock_guard<std::mutex> lock(mu_);
  in_flight_.erase(std::find(in_flight_.begin(), in_flight_.end(), &context));
}

void Backends::Finish() {
  std::lock_guard<std::mutex> lock(mu_);
  if (--outstanding_ == 0) idle_.notify_all();
}

void Backends::Shutdown() {
  std::unique_lock<std::mutex> lock(mu_);
  shutting_down_ = true;
  for (grpc::ClientContext* context : in_flight_) context->TryCancel();
  idle_.wait(lock, [&] { return outstanding_ == 0; });
}

void Backends::CheckReadiness(absl::string_view request_id,
                              std::function<void(std::vector<BackendHealth>)> done) {
  struct Round {
    std::mutex mu;
    std::vector<BackendHealth> results;
    size_t remaining = kBackendCount;
    std::function<void(std::vector<BackendHealth>)> done;
  };
  auto round = std::make_shared<Round>();
  round->done = std::move(done);
  for (Backend backend : AllBackends()) round->results.push_back({backend, ""});

  for (Backend backend : AllBackends()) {
    const size_t i = static_cast<size_t>(backend);
    grpc::health::v1::Health::Stub* stub = health_[i].get();
    CallWithDeadline<HealthCheckResponse>(
        request_id, options_.readiness_deadline, HealthCheckRequest(),
        [stub](grpc::ClientContext* c, const HealthCheckRequest* q, HealthCheckResponse* r,
               std::function<void(grpc::Status)> cb) { stub->async()->Check(c, q, r, cb); },
        [round, i](const grpc::Status& status, HealthCheckResponse&& response) {
          std::unique_lock<std::mutex> lock(round->mu);
          round->results[i].status =
              status.ok() ? HealthCheckResponse::ServingStatus_Name(response.status())
                          : GrpcCodeName(status.error_code());
          if (--round->remaining > 0) return;
          std::vector<BackendHealth> results = std::move(round->results);
          lock.unlock();
          round->done(std::move(results));
        });
  }
}

}  // namespace rect::gateway
