// The JSON request bodies of the lead provider API's writes ({"data":{"attributes":{..}}}):
// declarations (POST), participant actions (PUT) and partnerships (POST, PUT).
#pragma once

#include <string>

#include "protos/registration/v1/lead_provider_api.pb.h"

namespace rect::gateway::api {

// The most objects and arrays a body may nest; deeper bodies are refused like any body of the
// wrong shape, since a non-string attribute is read back as its JSON text by a recursive walk
// that a body of a few hundred kilobytes could otherwise drive off the stack.
inline constexpr int kMaxBodyDepth = 64;

// The attributes of a POST declaration body ({"data":{"type":..,"attributes":{..}}}), or false
// when the body is not JSON or not of that shape (the API's 400). `data.type` is never checked
// and unknown attributes are ignored; non-string values are taken as their JSON text.
bool ParseDeclarationBody(const std::string& body,
                          registration::v1::CreateDeclarationRequest* request);

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

// The attributes of a POST or PUT partnership body (absent = empty; a number as its text).
struct PartnershipAttributes {
  std::string cohort;
  std::string school_id;
  std::string delivery_partner_id;
};
// False when the body is not {"data":{"attributes":{...}}} with at least one known attribute.
bool ParsePartnershipBody(const std::string& body, PartnershipAttributes* attributes);

}  // namespace rect::gateway::api
