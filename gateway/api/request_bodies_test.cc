#include "gateway/api/request_bodies.h"

#include <string>

#include "gtest/gtest.h"
#include "protos/registration/v1/lead_provider_api.pb.h"

namespace rect::gateway::api {
namespace {

namespace rv1 = registration::v1;

// Bodies every parser refuses: not JSON, or not {"data":{"attributes":{...}}}.
constexpr const char* kWrongShapes[] = {
    "",
    "{not json",
    "null",
    "[]",
    "\"data\"",
    "{}",
    R"({"data":null})",
    R"({"data":[]})",
    R"({"data":{}})",
    R"({"data":{"type":"x"}})",
    R"({"data":{"attributes":null}})",
    R"({"data":{"attributes":[]}})",
    R"({"data":{"attributes":"cohort"}})",
    R"({"data":{"attributes":{}}})",
    R"({"data":{"attributes":{"unknown":1}}})",
    R"({"data":{"attributes":{"cohort":1}}} trailing)",
    "{\"data\":{\"attributes\":{\"cohort\":\"\xff\"}}}",  // not UTF-8
};

TEST(ParseDeclarationBodyTest, TakesEachAttributeAsText) {
  struct Case {
    const char* body;
    const char* participant_id;
    const char* course_identifier;
    const char* declaration_type;
    const char* declaration_date;
    const char* evidence_held;
  };
  const Case cases[] = {
      {R"({"data":{"type":"participant-declaration","attributes":{
          "participant_id":"p","course_identifier":"ecf-induction","declaration_type":"started",
          "declaration_date":"2025-09-01T00:00:00Z","evidence_held":"other"}}})",
       "p", "ecf-induction", "started", "2025-09-01T00:00:00Z", "other"},
      {R"({"data":{"attributes":{"participant_id":123}}})", "123", "", "", "", ""},
      {R"({"data":{"attributes":{"participant_id":null,"evidence_held":true}}})", "", "", "", "",
       "true"},
      {R"({"data":{"attributes":{"declaration_type":["a",{"b":1}],"x":0}}})", "", "",
       R"(["a",{"b":1}])", "", ""},
      {R"({"data":{"attributes":{"course_identifier":{"b":1.5}}}})", "", R"({"b":1.5})", "", "",
       ""},
  };
  for (const Case& c : cases) {
    rv1::CreateDeclarationRequest request;
    ASSERT_TRUE(ParseDeclarationBody(c.body, &request)) << c.body;
    EXPECT_EQ(request.participant_id(), c.participant_id) << c.body;
    EXPECT_EQ(request.course_identifier(), c.course_identifier) << c.body;
    EXPECT_EQ(request.evidence_held(), c.evidence_held) << c.body;
    EXPECT_EQ(request.declaration_type(), c.declaration_type) << c.body;
    EXPECT_EQ(request.declaration_date(), c.declaration_date) << c.body;
  }
  for (const char* body : kWrongShapes) {
    rv1::CreateDeclarationRequest ignored;
    EXPECT_FALSE(ParseDeclarationBody(body, &ignored)) << body;
  }
}

TEST(ParseParticipantActionBodyTest, TakesTheActionsAttributesOnly) {
  struct Case {
    ActionBody kind;
    const char* body;
    bool ok;
    const char* course_identifier;
    const char* reason;
    const char* schedule_identifier;
    const char* cohort;
  };
  const Case cases[] = {
      {ActionBody::kReason,
       R"({"data":{"type":"participant-withdraw","attributes":{"reason":"left-teaching-profession",
           "course_identifier":"ecf-induction"}}})",
       true, "ecf-induction", "left-teaching-profession", "", ""},
      {ActionBody::kCourseOnly,
       R"({"data":{"attributes":{"course_identifier":"ecf-mentor","reason":"x","cohort":2024}}})",
       true, "ecf-mentor", "", "", ""},
      {ActionBody::kSchedule,
       R"({"data":{"attributes":{"schedule_identifier":"ecf-standard-january","cohort":2025,
           "course_identifier":"ecf-induction"}}})",
       true, "ecf-induction", "", "ecf-standard-january", "2025"},
      // Only an attribute the action does not read: the body names none of its attributes.
      {ActionBody::kCourseOnly, R"({"data":{"attributes":{"reason":"moved-school"}}})", false,
       "", "", "", ""},
      {ActionBody::kReason, R"({"data":{"attributes":{"reason":null}}})", true, "", "", "", ""},
      {ActionBody::kSchedule, R"({"data":{"attributes":{"cohort":"2026"}}})", true, "", "", "",
       "2026"},
  };
  for (const Case& c : cases) {
    rv1::ParticipantActionRequest request;
    EXPECT_EQ(ParseParticipantActionBody(c.body, c.kind, &request), c.ok) << c.body;
    if (!c.ok) continue;
    EXPECT_EQ(request.course_identifier(), c.course_identifier) << c.body;
    EXPECT_EQ(request.reason(), c.reason) << c.body;
    EXPECT_EQ(request.schedule_identifier(), c.schedule_identifier) << c.body;
    EXPECT_EQ(request.cohort(), c.cohort) << c.body;
  }
  for (ActionBody kind : {ActionBody::kCourseOnly, ActionBody::kReason, ActionBody::kSchedule}) {
    for (const char* body : kWrongShapes) {
      rv1::ParticipantActionRequest ignored;
      EXPECT_FALSE(ParseParticipantActionBody(body, kind, &ignored)) << body;
    }
  }
}

TEST(ParsePartnershipBodyTest, AbsentAndNullAttributesStayEmpty) {
  struct Case {
    const char* body;
    const char* cohort;
    const char* school_id;
    const char* delivery_partner_id;
  };
  const Case cases[] = {
      {R"({"data":{"type":"partnership","attributes":{"cohort":2025,"school_id":"s",
           "delivery_partner_id":"d"}}})",
       "2025", "s", "d"},
      {R"({"data":{"attributes":{"delivery_partner_id":"d"}}})", "", "", "d"},
      {R"({"data":{"attributes":{"cohort":null,"school_id":-1.25e3}}})", "", "-1250.0", ""},
      {R"({"data":{"attributes":{"cohort":"2024","cohort":"2025"}}})", "2025", "", ""},
  };
  for (const Case& c : cases) {
    PartnershipAttributes attributes;
    ASSERT_TRUE(ParsePartnershipBody(c.body, &attributes)) << c.body;
    EXPECT_EQ(attributes.cohort, c.cohort) << c.body;
    EXPECT_EQ(attributes.school_id, c.school_id) << c.body;
    EXPECT_EQ(attributes.delivery_partner_id, c.delivery_partner_id) << c.body;
  }
  for (const char* body : kWrongShapes) {
    PartnershipAttributes ignored;
    EXPECT_FALSE(ParsePartnershipBody(body, &ignored)) << body;
  }
}

// `levels` nested arrays as an attribute's value: the body nests levels + 3 objects and arrays.
std::string NestedArraysBody(const char* attribute, int levels) {
  return std::string(R"({"data":{"attributes":{")") + attribute + "\":" +
         std::string(levels, '[') + std::string(levels, ']') + "}}}";
}

TEST(RequestBodiesTest, ANestedValueIsTakenUpToTheDepthLimit) {
  const int levels = kMaxBodyDepth - 3;
  const std::string text = std::string(levels, '[') + std::string(levels, ']');
  rv1::CreateDeclarationRequest declaration;
  ASSERT_TRUE(ParseDeclarationBody(NestedArraysBody("participant_id", levels), &declaration));
  EXPECT_EQ(declaration.participant_id(), text);
  rv1::ParticipantActionRequest action;
  ASSERT_TRUE(ParseParticipantActionBody(NestedArraysBody("reason", levels), ActionBody::kReason,
                                         &action));
  EXPECT_EQ(action.reason(), text);
  PartnershipAttributes partnership;
  ASSERT_TRUE(ParsePartnershipBody(NestedArraysBody("cohort", levels), &partnership));
  EXPECT_EQ(partnership.cohort, text);
}

// A deeply nested value is refused instead of being written back as text, which overflowed the
// stack from about 100,000 levels (a 200 KB body, well under the gateway's body limit).
TEST(RequestBodiesTest, ABodyNestedDeeperThanTheLimitIsRefused) {
  for (int levels : {kMaxBodyDepth - 2, kMaxBodyDepth, 500'000}) {
    rv1::CreateDeclarationRequest declaration;
    EXPECT_FALSE(ParseDeclarationBody(NestedArraysBody("participant_id", levels), &declaration))
        << levels;
    for (ActionBody kind :
         {ActionBody::kCourseOnly, ActionBody::kReason, ActionBody::kSchedule}) {
      rv1::ParticipantActionRequest action;
      EXPECT_FALSE(
          ParseParticipantActionBody(NestedArraysBody("course_identifier", levels), kind, &action))
          << levels;
    }
    PartnershipAttributes partnership;
    EXPECT_FALSE(ParsePartnershipBody(NestedArraysBody("school_id", levels), &partnership))
        << levels;
  }
  // Deep nesting under an attribute nobody reads is refused all the same.
  const std::string deep_unknown = R"({"x":)" + std::string(100, '[') + std::string(100, ']') +
                                   R"(,"data":{"attributes":{"cohort":"2025"}}})";
  PartnershipAttributes partnership;
  EXPECT_FALSE(ParsePartnershipBody(deep_unknown, &partnership));
}

}  // namespace
}  // namespace rect::gateway::api
