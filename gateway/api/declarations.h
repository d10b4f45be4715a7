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
#include "gateway/backends.h"
#include "gateway/http/router.h"
#include "protos/registration/v1/lead_provider_api.pb.h"

namespace rect::gateway::api {

// The JSON:API resource of a declaration (lead_provider_name names the declaring provider).
boost::json::object DeclarationResource(const registration::v1::Declaration& declaration);

// The attributes of a POST body ({"data":{"type":..,"attributes":{..}}}), or false when the
// body is not JSON or not of that shape (the API's 400). `data.type` is never checked and
// unknown attributes are ignored; non-string values are taken as their JSON text.
bool ParseDeclarationBody(const std::string& body,
                          registration::v1::CreateDeclarationRequest* request);

absl::Status AddDeclarationRoutes(Router& router, Backends& backends,
                                  ApiAuthenticator& authenticator);

}  // namespace rect::gateway::api
