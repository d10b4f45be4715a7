// Hands the partnership emails (partnerships.md §5) and the challenge notifications (§6) written
// by the partnerships transactions to the notifications service, after the commit. Each email's
// idempotency key holds its row's id, so a crash or a notifications outage loses nothing and
// sends nothing twice.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/channel.h>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "protos/notifications/v1/notifications.grpc.pb.h"
#include "services/common/pg_pool.h"
#include "services/common/server.h"
#include "services/common/tokens.h"

namespace rect::partnerships {

// The notifications service as this worker needs it.
class EmailOutbox {
 public:
  virtual ~EmailOutbox() = default;
  // Whether an email with this idempotency key is already stored.
  virtual absl::StatusOr<bool> Has(const std::string& idempotency_key) = 0;
  virtual absl::Status Enqueue(const notifications::v1::EnqueueEmailRequest& request) = 0;
};

class GrpcEmailOutbox : public EmailOutbox {
 public:
  GrpcEmailOutbox(std::shared_ptr<grpc::Channel> channel, absl::Duration deadline);
  absl::StatusOr<bool> Has(const std::string& idempotency_key) override;
  absl::Status Enqueue(const notifications::v1::EnqueueEmailRequest& request) override;

 private:
  std::unique_ptr<notifications::v1::NotificationsService::Stub> stub_;
  absl::Duration deadline_;
};

// A lead provider's users, as identity knows them.
struct LeadProviderUser {
  std::string id;
  std::string full_name;
  std::string email;
};

class LeadProviderUserDirectory {
 public:
  virtual ~LeadProviderUserDirectory() = default;
  virtual absl::StatusOr<std::vector<LeadProviderUser>> UsersOf(
      const std::string& lead_provider_id) = 0;
};

struct MailerOptions {
  absl::Duration poll_interval = absl::Seconds(5);
  int batch_size = 50;
  absl::TimeZone zone;  // for the deadline's date
};

class PartnershipMailer final : public BackgroundJob {
 public:
  using Clock = std::function<absl::Time()>;
  // `users` may be null (then challenge notifications wait until it is configured).
  PartnershipMailer(PgPool& pool, EmailOutbox& outbox, LeadProviderUserDirectory* users,
                    RandomSource& random, MailerOptions options, Clock clock = &absl::Now);
  ~PartnershipMailer() override;

  void Start() override;
  void Stop() override;
  // Asks the thread to look for work now (after a commit that queued emails).
  void Wake();

  // Hands over every due row once, on the calling thread; returns how many were handed over
  // or skipped. Stops at the first failure of the notifications service.
  absl::StatusOr<int> RunOnce();

 private:
  absl::StatusOr<bool> HandOverPartnershipEmail(const std::string& id);
  absl::StatusOr<bool> HandOverChallengeNotification(const std::string& id);
  void Loop();

  PgPool& pool_;
  EmailOutbox& outbox_;
  LeadProviderUserDirectory* users_;
  RandomSource& random_;
  const MailerOptions options_;
  const Clock clock_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace rect::partnerships
