// The lead provider API's schools (lead-provider-api.md §5.5): GET /api/v3/schools and
// /api/v3/schools/{id}, both requiring filter[cohort], answered from partnerships.
#pragma once

#include <boost/json/object.hpp>

#include "absl/status/status.h"
#include "gateway/api/api_auth.h"
#include "gateway/backends.h"
#include "gateway/http/router.h"
#include "protos/partnerships/v1/partnerships.pb.h"

namespace rect::gateway::api {

// The JSON:API resource of a school in one year. The induction tutor fields are null unless
// expression_of_interest; induction tutors live in registration, so for now the name stays
// null and the email is the school's GIAS email.
boost::json::object SchoolResource(const partnerships::v1::ApiSchool& school);

// The 400 detail when filter[cohort] is missing or blank.
inline constexpr char kCohortRequiredError[] =
    "The filter '#/cohort' must be included in your request";

// Registers both routes behind `authenticator`.
absl::Status AddSchoolRoutes(Router& router, Backends& backends, ApiAuthenticator& authenticator);

}  // namespace rect::gateway::api
