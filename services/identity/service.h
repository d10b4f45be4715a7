// gRPC handlers of the identity service: validate the request, call the store, map the status.
// Tokens are returned once and never stored or logged in clear.
#pragma once

#include <memory>

#include "protos/identity/v1/identity.grpc.pb.h"
#include "services/common/tokens.h"
#include "services/identity/store.h"

namespace rect::identity {

class IdentityServiceImpl final : public v1::IdentityService::Service {
 public:
  IdentityServiceImpl(IdentityStore& store, RandomSource& random)
      : store_(store), random_(random) {}

  grpc::Status CreateApiToken(grpc::ServerContext* context,
                              const v1::CreateApiTokenRequest* request,
                              v1::CreateApiTokenResponse* response) override;
  grpc::Status AuthenticateApiToken(grpc::ServerContext* context,
                                    const v1::AuthenticateApiTokenRequest* request,
                                    v1::AuthenticateApiTokenResponse* response) override;
  grpc::Status RevokeApiToken(grpc::ServerContext* context,
                              const v1::RevokeApiTokenRequest* request,
                              v1::RevokeApiTokenResponse* response) override;

 private:
  IdentityStore& store_;
  RandomSource& random_;
};

}  // namespace rect::identity
