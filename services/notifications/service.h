// gRPC handlers of the notifications service: validate the email, call the store, map the
// status. Personalisation values may hold sign-in links: they are never logged or quoted.
#pragma once

#include <functional>

#include "protos/notifications/v1/notifications.grpc.pb.h"
#include "services/notifications/store.h"

namespace rect::notifications {

class NotificationsServiceImpl final : public v1::NotificationsService::Service {
 public:
  // `on_enqueued` (optional) runs after each newly stored email, e.g. to wake the worker.
  explicit NotificationsServiceImpl(NotificationsStore& store,
                                    std::function<void()> on_enqueued = nullptr)
      : store_(store), on_enqueued_(std::move(on_enqueued)) {}

  grpc::Status EnqueueEmail(grpc::ServerContext* context, const v1::EnqueueEmailRequest* request,
                            v1::EnqueueEmailResponse* response) override;
  grpc::Status GetEmail(grpc::ServerContext* context, const v1::GetEmailRequest* request,
                        v1::Email* response) override;
  grpc::Status ListEmails(grpc::ServerContext* context, const v1::ListEmailsRequest* request,
                          v1::ListEmailsResponse* response) override;

 private:
  NotificationsStore& store_;
  std::function<void()> on_enqueued_;
};

}  // namespace rect::notifications
