// Fuzz target: the Lead Provider API's JSON request bodies (ParseDeclarationBody,
// ParseParticipantActionBody for every action, ParsePartnershipBody). Whatever a body holds,
// the attributes taken must survive the trip to the backends as protobuf strings, and the
// parsers must agree on the attributes they share.
#include <cstddef>
#include <cstdint>
#include <string>

#include "gateway/api/request_bodies.h"
#include "protos/registration/v1/lead_provider_api.pb.h"

namespace api = rect::gateway::api;
namespace rv1 = rect::registration::v1;

namespace {

// Traps unless `message` serializes and parses back unchanged (proto3 strings must be UTF-8).
template <typename Message>
void CheckRoundTrip(const Message& message) {
  std::string wire;
  if (!message.SerializeToString(&wire)) __builtin_trap();
  Message back;
  if (!back.ParseFromString(wire) || back.SerializeAsString() != wire) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);

  rv1::CreateDeclarationRequest declaration;
  const bool declaration_ok = api::ParseDeclarationBody(body, &declaration);
  if (declaration_ok) CheckRoundTrip(declaration);

  rv1::ParticipantActionRequest course_only, reason, schedule;
  const bool course_only_ok =
      api::ParseParticipantActionBody(body, api::ActionBody::kCourseOnly, &course_only);
  const bool reason_ok = api::ParseParticipantActionBody(body, api::ActionBody::kReason, &reason);
  const bool schedule_ok =
      api::ParseParticipantActionBody(body, api::ActionBody::kSchedule, &schedule);
  for (const auto* request : {&course_only, &reason, &schedule}) CheckRoundTrip(*request);

  api::PartnershipAttributes partnership;
  const bool partnership_ok = api::ParsePartnershipBody(body, &partnership);

  // A body with course_identifier suits every action and a declaration, all reading it alike.
  if (course_only_ok) {
    if (!reason_ok || !schedule_ok || !declaration_ok) __builtin_trap();
    if (reason.course_identifier() != course_only.course_identifier() ||
        schedule.course_identifier() != course_only.course_identifier() ||
        declaration.course_identifier() != course_only.course_identifier()) {
      __builtin_trap();
    }
  }
  if (schedule_ok && partnership_ok && schedule.cohort() != partnership.cohort) __builtin_trap();
  return 0;
}
