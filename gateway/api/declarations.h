// The lead provider API's participant declarations (lead-provider-api.md §5.9, §6): GET
// /api/v3/participant-declarations[/{id}], POST to create one and PUT .../{id}/void, answered
// by registration, which applies the money rules.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <variant>

#include "absl/status/status.h"
#include "gateway/api/api_auth.h"
#include "gateway/api/request_bodies.h"
#include "gateway/backends.h"
#include "gateway/http/router.h"
#include "protos/registration/v1/lead_provider_api.pb.h"

namespace rect::gateway::api {

// The JSON:API resource of a declaration (lead_provider_name names the declaring provider).
boost::json::object DeclarationResource(const registration::v1::Declaration& declaration);

absl::Status AddDeclarationRoutes(Router& router, Backends& backends,
                                  ApiAuthenticator& authenticator);

}  // namespace rect::gateway::api
