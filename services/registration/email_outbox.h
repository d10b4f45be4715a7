// Hands the confirmation emails that registrations wrote to pending_emails over to the
// notifications service, after their transaction committed: a background job that claims due
// rows (FOR UPDATE SKIP LOCKED, so replicas share the work), enqueues each under its
// idempotency key and deletes it; failures back off. The same key twice sends one email.
#pragma once

#include <grpcpp/channel.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "protos/notifications/v1/notifications.grpc.pb.h"
#include "services/common/pg_pool.h"
#include "services/common/server.h"

namespace rect::registration {

class EmailOutbox {
 public:
  EmailOutbox(PgPool& pool, std::shared_ptr<grpc::Channel> notifications, absl::Duration deadline)
      : pool_(pool),
        stub_(notifications::v1::NotificationsService::NewStub(std::move(notifications))),
        deadline_(deadline) {}
  // Hands over up to `limit` due emails; returns how many were handed over.
  absl::StatusOr<int> HandOverDue(int limit);

 private:
  PgPool& pool_;
  std::unique_ptr<notifications::v1::NotificationsService::Stub> stub_;
  absl::Duration deadline_;
};

// Runs HandOverDue every `interval` on its own thread, and sweeps expired wizard sessions.
class EmailOutboxJob : public BackgroundJob {
 public:
  EmailOutboxJob(EmailOutbox& outbox, PgPool& pool, absl::Duration interval)
      : outbox_(outbox), pool_(pool), interval_(interval) {}
  ~EmailOutboxJob() override { Stop(); }
  void Start() override;
  void Stop() override;

 private:
  void Loop();
  EmailOutbox& outbox_;
  PgPool& pool_;
  absl::Duration interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace rect::registration
