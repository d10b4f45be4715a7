// gRPC handlers of the notifications service: validate the email, call the store, map the
// status. Personalisation values may hold sign-in links: they are never logged or quoted.
#pragma once

#include "protos/notifications/v1/notifications.grpc.pb.h"
#include "services/notifications/store.h"

namespace rect::notifications {

class NotificationsServiceImpl final : public v1::NotificationsService::Service {
 public:
  explicit NotificationsServiceImpl(NotificationsStore& store) : store_(store) {}

  grpc::Status EnqueueEmail(grpc::ServerContext* context, const v1::EnqueueEmailRequest* request,
                            v1::EnqueueEmailResponse* response) override;
  grpc::Status GetEmail(grpc::ServerContext* context, const v1::GetEmailRequest* request,
                        v1::Email* response) override;

 private:
  NotificationsStore& store_;
};

}  // namespace rect::notifications
