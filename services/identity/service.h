// gRPC handlers of the identity service: validate the request, call the domain object, map the
// status. Secrets are returned once and never stored or logged in clear.
#pragma once

#include <memory>

#include <prometheus/counter.h>
#include <prometheus/family.h>

#include "protos/identity/v1/identity.grpc.pb.h"
#include "services/common/tokens.h"
#include "services/identity/api_request_counts.h"
#include "services/identity/lead_provider_sign_in.h"
#include "services/identity/school_sign_in.h"
#include "services/identity/sessions.h"
#include "services/identity/store.h"

namespace rect::identity {

// What the handlers delegate to; every part outlives the service.
struct IdentityParts {
  IdentityStore& store;
  RandomSource& random;
  Sessions& sessions;
  SchoolSignIn& school_sign_in;
  LeadProviderSignIn& lead_provider_sign_in;
  // rect_sign_ins_total{kind, outcome}: a business counter for operators; none when null.
  prometheus::Family<prometheus::Counter>* sign_ins = nullptr;
  // The shared API rate-limit counters; CountApiRequests is UNIMPLEMENTED when null.
  ApiRequestCounts* api_request_counts = nullptr;
};

class IdentityServiceImpl final : public v1::IdentityService::Service {
 public:
  explicit IdentityServiceImpl(IdentityParts parts) : parts_(parts) {}

  grpc::Status CreateApiToken(grpc::ServerContext* context,
                              const v1::CreateApiTokenRequest* request,
                              v1::CreateApiTokenResponse* response) override;
  grpc::Status AuthenticateApiToken(grpc::ServerContext* context,
                                    const v1::AuthenticateApiTokenRequest* request,
                                    v1::AuthenticateApiTokenResponse* response) override;
  grpc::Status RevokeApiToken(grpc::ServerContext* context,
                              const v1::RevokeApiTokenRequest* request,
                              v1::RevokeApiTokenResponse* response) override;
  grpc::Status ListApiTokens(grpc::ServerContext* context, const v1::ListApiTokensRequest* request,
                             v1::ListApiTokensResponse* response) override;
  grpc::Status CountApiRequests(grpc::ServerContext* context,
                                const v1::CountApiRequestsRequest* request,
                                v1::CountApiRequestsResponse* response) override;

  grpc::Status BeginSchoolSignIn(grpc::ServerContext* context,
                                 const v1::BeginSchoolSignInRequest* request,
                                 v1::BeginSchoolSignInResponse* response) override;
  grpc::Status CompleteSchoolSignIn(grpc::ServerContext* context,
                                    const v1::CompleteSchoolSignInRequest* request,
                                    v1::CompleteSchoolSignInResponse* response) override;

  grpc::Status CreateLeadProviderUser(grpc::ServerContext* context,
                                      const v1::CreateLeadProviderUserRequest* request,
                                      v1::LeadProviderUser* response) override;
  grpc::Status RequestSignInLink(grpc::ServerContext* context,
                                 const v1::RequestSignInLinkRequest* request,
                                 v1::RequestSignInLinkResponse* response) override;
  grpc::Status CheckSignInLink(grpc::ServerContext* context,
                               const v1::CheckSignInLinkRequest* request,
                               v1::CheckSignInLinkResponse* response) override;
  grpc::Status RedeemSignInLink(grpc::ServerContext* context,
                                const v1::RedeemSignInLinkRequest* request,
                                v1::RedeemSignInLinkResponse* response) override;

  grpc::Status ValidateSession(grpc::ServerContext* context,
                               const v1::ValidateSessionRequest* request,
                               v1::Session* response) override;
  grpc::Status SignOut(grpc::ServerContext* context, const v1::SignOutRequest* request,
                       v1::SignOutResponse* response) override;
  grpc::Status SignOutEverywhere(grpc::ServerContext* context,
                                 const v1::SignOutEverywhereRequest* request,
                                 v1::SignOutEverywhereResponse* response) override;

 private:
  // Fills `out` with the session of a token just issued (validating it touches it once).
  grpc::Status DescribeNewSession(const NewSessionSecret& secret, v1::NewSession* out);
  void CountSignIn(const char* kind, const char* outcome);

  IdentityParts parts_;
};

}  // namespace rect::identity
