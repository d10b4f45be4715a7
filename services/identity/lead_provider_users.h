// LeadProviderUsersService: a lead provider's users (names and addresses), read-only, for the
// partnerships service's emails to every user of a lead provider.
#pragma once

#include "protos/identity/v1/lead_provider_users.grpc.pb.h"
#include "services/common/pg_pool.h"

namespace rect::identity {

class LeadProviderUsersServiceImpl final : public v1::LeadProviderUsersService::Service {
 public:
  explicit LeadProviderUsersServiceImpl(PgPool& pool) : pool_(pool) {}

  grpc::Status ListLeadProviderUsers(grpc::ServerContext* context,
                                     const v1::ListLeadProviderUsersRequest* request,
                                     v1::ListLeadProviderUsersResponse* response) override;

 private:
  PgPool& pool_;
};

}  // namespace rect::identity
