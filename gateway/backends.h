// The gateway's gRPC clients: one channel per backend service with fast reconnects, unary calls
// through the callback API (never blocking an io thread) carrying the request id and a
// deadline, and the readiness check over every backend's standard health service.
#pragma once

#include <google/protobuf/arena.h>
#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include <array>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "protos/grpc/health/v1/health.grpc.pb.h"
#include "services/common/metrics.h"
#include "protos/identity/v1/identity.grpc.pb.h"
#include "protos/notifications/v1/notifications.grpc.pb.h"
#include "protos/partnerships/v1/partnerships.grpc.pb.h"
#include "protos/registration/v1/registration.grpc.pb.h"
#include "protos/teachers/v1/teachers.grpc.pb.h"

namespace rect::gateway {

enum class Backend { kIdentity, kTeachers, kRegistration, kPartnerships, kNotifications };
inline constexpr size_t kBackendCount = 5;

// Every backend, in enumeration order.
const std::array<Backend, kBackendCount>& AllBackends();

// "identity", "teachers", "registration", "partnerships", "notifications".
absl::string_view BackendName(Backend backend);

struct BackendOptions {
  // "host:port" of each backend, indexed by Backend.
  std::array<std::string, kBackendCount> addresses = {"127.0.0.1:50051", "127.0.0.1:50052",
                                                      "127.0.0.1:50053", "127.0.0.1:50054",
                                                      "127.0.0.1:50055"};
  absl::Duration call_deadline = absl::Seconds(2);
  // Calls that may wait on a TRS look-up (submitting a registration wizard's step). Longer than
  // registration's deadline for a look-up (6 s), itself longer than the teachers service's
  // wait for TRS (5 s), so a slow TRS is answered by the layer that knows why, and a look-up
  // is never completed behind a gateway that has given up.
  absl::Duration trs_call_deadline = absl::Seconds(7);
  absl::Duration readiness_deadline = absl::Seconds(1);
  // Short, so a restarted service is found again quickly.
  absl::Duration max_reconnect_backoff = absl::Seconds(1);
  // Where client call metrics go (rect_grpc_client_*); none when null. Not owned.
  Metrics* metrics = nullptr;
};

struct BackendHealth {
  Backend backend;
  // "SERVING", "NOT_SERVING", ... or, when the check failed, the gRPC code ("UNAVAILABLE").
  std::string status;

  bool serving() const { return status == "SERVING"; }
};

class Backends {
 public:
  // Creates the channels; connects lazily, so backends may start later than the gateway.
  explicit Backends(BackendOptions options);
  // Cancels calls in flight and waits for their callbacks (see Shutdown).
  ~Backends();
  Backends(const Backends&) = delete;
  Backends& operator=(const Backends&) = delete;

  identity::v1::IdentityService::Stub& identity() { return *identity_; }
  teachers::v1::TeachersService::Stub& teachers() { return *teachers_; }
  registration::v1::RegistrationService::Stub& registration() { return *registration_; }
  partnerships::v1::PartnershipsService::Stub& partnerships() { return *partnerships_; }
  notifications::v1::NotificationsService::Stub& notifications() { return *notifications_; }

  // A stub for a further gRPC service that `backend` hosts, on that backend's shared channel
  // (same metrics, reconnect policy). Create it once, e.g. when adding routes, and keep it no
  // longer than this object; use it through Call like the stubs above.
  template <typename Service>
  std::unique_ptr<typename Service::Stub> NewStub(Backend backend) {
    return Service::NewStub(channels_[static_cast<size_t>(backend)]);
  }

  // Makes one unary call with x-request-id metadata and the call deadline. `start(context,
  // request, response, callback)` issues it through a stub's callback API, e.g.
  //   [&](auto* c, auto* q, auto* r, auto cb) { stub.async()->GetSchool(c, q, r, cb); }
  // `done(const grpc::Status&, Response&&)` then runs once on a gRPC thread; it must not block
  // (answer through a Responder). After Shutdown it runs at once with UNAVAILABLE.
  template <typename Response, typename Request, typename Start, typename Done>
  void Call(absl::string_view request_id, Request request, Start start, Done done) {
    CallWithDeadline<Response>(request_id, options_.call_deadline, std::move(request),
                               std::move(start), std::move(done));
  }

  // The same with the TRS-bound deadline (trs_call_deadline).
  template <typename Response, typename Request, typename Start, typename Done>
  void CallTrsBound(absl::string_view request_id, Request request, Start start, Done done) {
    CallWithDeadline<Response>(request_id, options_.trs_call_deadline, std::move(request),
                               std::move(start), std::move(done));
  }

  // Asks every backend's grpc.health.v1.Health/Check (service "") at once, within the
  // readiness deadline. `done` runs once, on some thread, with one result per backend in
  // enumeration order.
  void CheckReadiness(absl::string_view request_id,
                      std::function<void(std::vector<BackendHealth>)> done);

  // Cancels calls in flight, waits until every callback has returned, and fails later calls.
  // Call it after the HTTP server has stopped; idempotent.
  void Shutdown();

 private:
  template <typename Response, typename Request, typename Start, typename Done>
  void CallWithDeadline(absl::string_view request_id, absl::Duration deadline, Request request,
                        Start start, Done done) {
    // The answer is read into an arena: a page of thousands of records is thousands of
    // strings, allocated in a few blocks and released at once instead of one by one.
    struct State {
      std::unique_ptr<grpc::ClientContext> context = std::make_unique<grpc::ClientContext>();
      Request request;
      google::protobuf::Arena arena;
      Response* response = google::protobuf::Arena::CreateMessage<Response>(&arena);
    };
    auto state = std::make_shared<State>();
    state->request = std::move(request);
    if (!Begin(*state->context, request_id, deadline)) {
      done(grpc::Status(grpc::StatusCode::UNAVAILABLE, "the gateway is shutting down"), Response());
      return;
    }
    State* call = state.get();
    start(call->context.get(), &call->request, call->response,
          std::function<void(grpc::Status)>([this, state = std::move(state),
                                             done = std::move(done)](grpc::Status status) mutable {
            Untrack(*state->context);
            // The context holds a channel reference. Dropping a channel's last reference
            // on a gRPC callback thread crashes (grpc/grpc#32584), so the context goes
            // before Finish() lets Shutdown() return and the channels be released.
            state->context.reset();
            done(status, std::move(*state->response));
            state.reset();
            Finish();
          }));
  }

  // Prepares `context` and tracks it for cancellation; false once shutting down.
  bool Begin(grpc::ClientContext& context, absl::string_view request_id, absl::Duration deadline);
  void Untrack(grpc::ClientContext& context);
  void Finish();

  BackendOptions options_;
  std::array<std::shared_ptr<grpc::Channel>, kBackendCount> channels_;
  std::array<std::unique_ptr<grpc::health::v1::Health::Stub>, kBackendCount> health_;
  std::unique_ptr<identity::v1::IdentityService::Stub> identity_;
  std::unique_ptr<teachers::v1::TeachersService::Stub> teachers_;
  std::unique_ptr<registration::v1::RegistrationService::Stub> registration_;
  std::unique_ptr<partnerships::v1::PartnershipsService::Stub> partnerships_;
  std::unique_ptr<notifications::v1::NotificationsService::Stub> notifications_;

  std::mutex mu_;
  std::condition_variable idle_;
  std::vector<grpc::ClientContext*> in_flight_;  // guarded by mu_: cancelled by Shutdown
  int64_t outstanding_ = 0;                      // guarded by mu_: callbacks yet to return
  bool shutting_down_ = false;                   // guarded by mu_
};

}  // namespace rect::gateway
