// The lead provider API's participants, read side (lead-provider-api.md §5.1): GET
// /api/v3/participants and /api/v3/participants/{id}, answered from registration.
#pragma once

#include <boost/json/object.hpp>

#include "absl/status/status.h"
#include "gateway/api/api_auth.h"
#include "gateway/backends.h"
#include "gateway/http/router.h"
#include "protos/registration/v1/lead_provider_api.pb.h"

namespace rect::gateway::api {

// The JSON:API resource of a participant with its enrolments in the calling provider's scope.
boost::json::object ParticipantResource(const registration::v1::Participant& participant);

// Registers both routes behind `authenticator`; the caller's lead provider scopes every read.
absl::Status AddParticipantRoutes(Router& router, Backends& backends,
                                  ApiAuthenticator& authenticator);

}  // namespace rect::gateway::api
