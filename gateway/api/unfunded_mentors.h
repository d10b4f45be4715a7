// The lead provider API's unfunded mentors (lead-provider-api.md §5.8): GET
// /api/v3/unfunded-mentors and /api/v3/unfunded-mentors/{id}, answered from registration.
#pragma once

#include <boost/json/object.hpp>

#include "absl/status/status.h"
#include "gateway/api/api_auth.h"
#include "gateway/backends.h"
#include "gateway/http/router.h"
#include "protos/registration/v1/lead_provider_api.pb.h"

namespace rect::gateway::api {

boost::json::object UnfundedMentorResource(const registration::v1::UnfundedMentor& mentor);

absl::Status AddUnfundedMentorRoutes(Router& router, Backends& backends,
                                     ApiAuthenticator& authenticator);

}  // namespace rect::gateway::api
