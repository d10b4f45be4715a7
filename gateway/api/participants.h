// The lead provider API's participants (lead-provider-api.md §5.1, §5.2): GET
// /api/v3/participants and /api/v3/participants/{id}, and PUT .../{id}/withdraw, /defer,
// /resume and /change-schedule, answered by registration, which applies the action rules.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "absl/status/status.h"
#include "gateway/api/api_auth.h"
#include "gateway/backends.h"
#include "gateway/http/router.h"
#include "protos/registration/v1/lead_provider_api.pb.h"

namespace rect::gateway::api {

// The JSON:API resource of a participant with its enrolments in the calling provider's scope.
boost::json::object ParticipantResource(const registration::v1::Participant& participant);

// Which attributes a participant action's body carries besides course_identifier.
enum class ActionBody {
  kCourseOnly,  // resume
  kReason,      // withdraw, defer
  kSchedule,    // change-schedule: schedule_identifier and cohort
};

// The attributes of a participant action body ({"data":{"attributes":{..}}}) into `request`,
// or false when the body is not JSON of that shape or names none of the action's attributes
// (the API's 400).
bool ParseParticipantActionBody(const std::string& body, ActionBody kind,
                                registration::v1::ParticipantActionRequest* request);

// Registers the index, show and action routes behind `authenticator`; the caller's lead provider
// scopes every read.
absl::Status AddParticipantRoutes(Router& router, Backends& backends,
                                  ApiAuthenticator& authenticator);

}  // namespace rect::gateway::api
