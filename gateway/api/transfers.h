// The lead provider API's transfers (lead-provider-api.md §5.3): GET /api/v3/participants/transfers
// and /api/v3/participants/{id}/transfers, answered from registration, which derives each
// participant's moves between schools that involve the calling provider.
#pragma once

#include <boost/json/object.hpp>

#include "absl/status/status.h"
#include "gateway/api/api_auth.h"
#include "gateway/backends.h"
#include "gateway/http/router.h"
#include "protos/registration/v1/transfers.pb.h"

namespace rect::gateway::api {

boost::json::object ParticipantTransfersResource(
    const registration::v1::ParticipantTransfers& participant);

// The literal /participants/transfers wins over /participants/{id} in the router, whatever the
// order the routes are added in.
absl::Status AddTransferRoutes(Router& router, Backends& backends,
                               ApiAuthenticator& authenticator);

}  // namespace rect::gateway::api
