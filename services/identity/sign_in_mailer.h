// The emails of lead-provider sign-in (partnerships.md §1), enqueued in the notifications
// service's outbox over gRPC. Idempotency keys name the link or user, never a secret.
#pragma once

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "protos/notifications/v1/notifications.grpc.pb.h"
#include "services/identity/store.h"

namespace rect::identity {

class SignInMailer {
 public:
  virtual ~SignInMailer() = default;
  // Template "sign_in_link": full_name, sign_in (the link), token_expiry.
  virtual absl::Status SendSignInLink(const LeadProviderUserRecord& user,
                                      const std::string& link_id, const std::string& link_url,
                                      absl::Time expires_at) = 0;
  // Template "lead_provider_welcome": name, lead_provider_name, start_url.
  virtual absl::Status SendWelcome(const LeadProviderUserRecord& user,
                                   const std::string& lead_provider_name,
                                   const std::string& start_url) = 0;
};

class NotificationsMailer : public SignInMailer {
 public:
  NotificationsMailer(std::shared_ptr<grpc::Channel> channel, absl::Duration deadline);
  absl::Status SendSignInLink(const LeadProviderUserRecord& user, const std::string& link_id,
                              const std::string& link_url, absl::Time expires_at) override;
  absl::Status SendWelcome(const LeadProviderUserRecord& user,
                           const std::string& lead_provider_name,
                           const std::string& start_url) override;

 private:
  absl::Status Enqueue(const notifications::v1::EnqueueEmailRequest& request);

  std::unique_ptr<notifications::v1::NotificationsService::Stub> stub_;
  absl::Duration deadline_;
};

}  // namespace rect::identity
