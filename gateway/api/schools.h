// The lead provider API's schools (lead-provider-api.md §5.5): GET /api/v3/schools and
// /api/v3/schools/{id}, both requiring filter[cohort], answered from partnerships.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "absl/status/status.h"
#include "gateway/api/api_auth.h"
#include "gateway/backends.h"
#include "gateway/http/router.h"
#include "protos/partnerships/v1/partnerships.pb.h"

namespace rect::gateway::api {

// What registration knows of a school in the year (its DescribeSchools).
struct SchoolRegistrationFacts {
  bool registered_with_provider = false;  // someone trains with the caller there that year
  std::string induction_tutor_name;       // empty when the school has none
  std::string induction_tutor_email;
};

// The JSON:API resource of a school in one year. expression_of_interest: the caller partners
// the school that year or has someone registered there; the induction tutor fields are null
// unless it is set, the email then falling back to the school's GIAS email.
boost::json::object SchoolResource(const partnerships::v1::ApiSchool& school,
                                   const SchoolRegistrationFacts& facts);

// The 400 detail when filter[cohort] is missing or blank.
inline constexpr char kCohortRequiredError[] =
    "The filter '#/cohort' must be included in your request";

// Registers both routes behind `authenticator`.
absl::Status AddSchoolRoutes(Router& router, Backends& backends, ApiAuthenticator& authenticator);

}  // namespace rect::gateway::api
