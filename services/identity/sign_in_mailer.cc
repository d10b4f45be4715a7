#include "services/identity/sign_in_mailer.h"

#include <grpcpp/client_context.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/status.h"
#include "services/identity/sign_in_link.h"

namespace rect::identity {

NotificationsMailer::NotificationsMailer(std::shared_ptr<grpc::Channel> channel,
                                         absl::Duration deadline)
    : stub_(notifications::v1::NotificationsService::NewStub(std::move(channel))),
      deadline_(deadline) {}

absl::Status NotificationsMailer::Enqueue(const notifications::v1::EnqueueEmailRequest& request) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + deadline_));
  notifications::v1::EnqueueEmailResponse response;
  return FromGrpcStatus(stub_->EnqueueEmail(&context, request, &response));
}

absl::Status NotificationsMailer::SendSignInLink(const LeadProviderUserRecord& user,
                                                 const std::string& link_id,
                                                 const std::string& link_url,
                                                 absl::Time expires_at) {
  notifications::v1::EnqueueEmailRequest request;
  request.set_template_("sign_in_link");
  request.set_recipient(user.email);
  auto& fields = *request.mutable_personalisation();
  fields["full_name"] = user.full_name;
  fields["sign_in"] = link_url;
  fields["token_expiry"] = FormatTokenExpiry(expires_at);
  request.set_idempotency_key(absl::StrCat("sign-in-link:", link_id));
  return Enqueue(request);
}

absl::Status NotificationsMailer::SendWelcome(const LeadProviderUserRecord& user,
                                              const std::string& lead_provider_name,
                                              const std::string& start_url) {
  notifications::v1::EnqueueEmailRequest request;
  request.set_template_("lead_provider_welcome");
  request.set_recipient(user.email);
  auto& fields = *request.mutable_personalisation();
  fields["name"] = user.full_name;
  fields["lead_provider_name"] = lead_provider_name;
  fields["start_url"] = start_url;
  request.set_idempotency_key(absl::StrCat("lead-provider-welcome:", user.id));
  return Enqueue(request);
}

}  // namespace rect::identity
