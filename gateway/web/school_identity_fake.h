// An identity IdentityService for page tests: the session token kSchoolSessionToken is a
// signed-in user of Oakfield Primary School (URN 100001) with full access; any other token is
// refused.
#pragma once

#include "protos/identity/v1/identity.grpc.pb.h"

namespace rect::gateway::testing {

inline constexpr char kSchoolSessionToken[] = "school-session";

class FakeSchoolIdentity final : public identity::v1::IdentityService::Service {
 public:
  grpc::Status ValidateSession(grpc::ServerContext*,
                               const identity::v1::ValidateSessionRequest* request,
                               identity::v1::Session* session) override {
    if (request->session_token() != kSchoolSessionToken) {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "no");
    }
    session->set_kind(identity::v1::Session::SCHOOL_USER);
    session->set_user_id("user-1");
    session->set_full_name("Sam Tutor");
    session->set_school_urn("100001");
    session->set_school_name("Oakfield Primary School");
    session->set_school_access(identity::v1::Session::FULL);
    return grpc::Status::OK;
  }
};

}  // namespace rect::gateway::testing
