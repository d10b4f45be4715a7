// The lead provider API's delivery partners (lead-provider-api.md §5.6): GET
// /api/v3/delivery-partners and /api/v3/delivery-partners/{id}, answered from partnerships.
#pragma once

#include <boost/json/object.hpp>

#include "absl/status/status.h"
#include "gateway/api/api_auth.h"
#include "gateway/backends.h"
#include "gateway/http/router.h"
#include "protos/partnerships/v1/partnerships.pb.h"

namespace rect::gateway::api {

// The JSON:API resource of a delivery partner: name, cohort (years as strings), created_at,
// updated_at.
boost::json::object DeliveryPartnerResource(const partnerships::v1::DeliveryPartner& partner);

// Registers both routes behind `authenticator`; the caller's lead provider scopes every read.
absl::Status AddDeliveryPartnerRoutes(Router& router, Backends& backends,
                                      ApiAuthenticator& authenticator);

}  // namespace rect::gateway::api
