// The lead provider API's statements (lead-provider-api.md §5.7): GET /api/v3/statements and
// /api/v3/statements/{id}, the calling provider's output statements, answered from registration.
#pragma once

#include <boost/json/object.hpp>

#include "absl/status/status.h"
#include "gateway/api/api_auth.h"
#include "gateway/backends.h"
#include "gateway/http/router.h"
#include "protos/registration/v1/lead_provider_api.pb.h"

namespace rect::gateway::api {

// The JSON:API resource of a statement: `month` as its English name, `year` as a string.
boost::json::object StatementResource(const registration::v1::Statement& statement);

absl::Status AddStatementRoutes(Router& router, Backends& backends,
                                ApiAuthenticator& authenticator);

}  // namespace rect::gateway::api
