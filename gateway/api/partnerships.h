// The lead provider API's partnerships (lead-provider-api.md §5.4): GET /api/v3/partnerships
// and /api/v3/partnerships/{id}, POST /api/v3/partnerships and PUT /api/v3/partnerships/{id},
// answered by the partnerships service.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "absl/status/status.h"
#include "gateway/api/api_auth.h"
#include "gateway/api/request_bodies.h"
#include "gateway/backends.h"
#include "gateway/http/router.h"
#include "protos/partnerships/v1/partnerships.pb.h"

namespace rect::gateway::api {

// What registration knows of a partnership (its DescribePartnerships).
struct PartnershipTrainingFacts {
  int participants_currently_training = 0;
  // The school's induction tutor; empty when it has none.
  std::string induction_tutor_name;
  std::string induction_tutor_email;
};

// The JSON:API resource of a partnership: the induction tutor's name and email when the school
// has one, else a null name and the school's GIAS email (the upstream fallback).
boost::json::object PartnershipResource(const partnerships::v1::Partnership& partnership,
                                        const PartnershipTrainingFacts& facts);

// Registers the routes (GET list and show, POST, PUT {id}) behind `authenticator`; the caller's lead provider scopes every read.
absl::Status AddPartnershipRoutes(Router& router, Backends& backends,
                                  ApiAuthenticator& authenticator);

}  // namespace rect::gateway::api
