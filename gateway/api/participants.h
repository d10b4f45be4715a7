// The lead provider API's participants (lead-provider-api.md §5.1, §5.2): GET
// /api/v3/participants and /api/v3/participants/{id}, and PUT .../{id}/withdraw, /defer,
// /resume and /change-schedule, answered by registration, which applies the action rules.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "absl/status/status.h"
#include "gateway/api/api_auth.h"
#include "gateway/api/request_bodies.h"
#include "gateway/backends.h"
#include "gateway/http/router.h"
#include "protos/registration/v1/lead_provider_api.pb.h"

namespace rect::gateway::api {

// The JSON:API resource of a participant with its enrolments in the calling provider's scope.
// Built in `storage` (the default resource when none is given).
boost::json::object ParticipantResource(const registration::v1::Participant& participant,
                                        boost::json::storage_ptr storage = {});

// Registers the index, show and action routes behind `authenticator`; the caller's lead provider
// scopes every read.
absl::Status AddParticipantRoutes(Router& router, Backends& backends,
                                  ApiAuthenticator& authenticator);

}  // namespace rect::gateway::api
