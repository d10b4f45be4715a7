// The lead provider API's partnerships, read side (lead-provider-api.md §5.4): GET
// /api/v3/partnerships and /api/v3/partnerships/{id}, answered from partnerships.
#pragma once

#include <boost/json/object.hpp>

#include "absl/status/status.h"
#include "gateway/api/api_auth.h"
#include "gateway/backends.h"
#include "gateway/http/router.h"
#include "protos/partnerships/v1/partnerships.pb.h"

namespace rect::gateway::api {

// The JSON:API resource of a partnership. Induction tutors live in registration, so for now
// induction_tutor_name is null and induction_tutor_email is the school's GIAS email (the
// upstream fallback); participants_currently_training is 0 until participants exist.
boost::json::object PartnershipResource(const partnerships::v1::Partnership& partnership);

// Registers both routes behind `authenticator`; the caller's lead provider scopes every read.
absl::Status AddPartnershipRoutes(Router& router, Backends& backends,
                                  ApiAuthenticator& authenticator);

}  // namespace rect::gateway::api
