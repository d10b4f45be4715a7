#include "gateway/api/request_bodies.h"

#include <nlohmann/json.hpp>
#include <string>
#include <utility>

namespace rect::gateway::api {
namespace {

namespace rv1 = registration::v1;

// The body's data.attributes object, or nullptr when the body is not JSON, nests more than
// kMaxBodyDepth objects and arrays, or is not {"data":{..,"attributes":{..}}}. `json` holds the
// parsed body.
const nlohmann::json* AttributesOf(const std::string& body, nlohmann::json& json) {
  using Event = nlohmann::json::parse_event_t;
  bool too_deep = false;
  // `depth` counts the objects and arrays around the one starting (the parser itself keeps no
  // call stack, so only this count is needed to refuse a deep body).
  auto check_depth = [&too_deep](int depth, Event event, nlohmann::json&) {
    if ((event == Event::object_start || event == Event::array_start) && depth >= kMaxBodyDepth) {
      too_deep = true;
    }
    return true;
  };
  json = nlohmann::json::parse(body, check_depth, /*allow_exceptions=*/false);
  if (too_deep || json.is_discarded() || !json.is_object()) return nullptr;
  auto data = json.find("data");
  if (data == json.end() || !data->is_object() || data->empty()) return nullptr;
  auto attributes = data->find("attributes");
  if (attributes == data->end() || !attributes->is_object()) return nullptr;
  return &*attributes;
}

// Reads named attributes as text, remembering whether any of them was present.
class AttributeReader {
 public:
  explicit AttributeReader(const nlohmann::json& attributes) : attributes_(attributes) {}

  // Sets *out to the attribute's text when it is present and not null: a string as itself,
  // any other value as its JSON text.
  void Take(const char* name, std::string* out) {
    auto value = attributes_.find(name);
    if (value == attributes_.end()) return;
    known_ = true;
    if (value->is_string()) {
      *out = value->get<std::string>();
    } else if (!value->is_null()) {
      *out = value->dump();
    }
  }

  // The attribute's text as Take reads it; empty when absent or null.
  std::string Text(const char* name) {
    std::string text;
    Take(name, &text);
    return text;
  }

  bool known() const { return known_; }

 private:
  const nlohmann::json& attributes_;
  bool known_ = false;
};

}  // namespace

bool ParseDeclarationBody(const std::string& body, rv1::CreateDeclarationRequest* request) {
  nlohmann::json json;
  const nlohmann::json* attributes = AttributesOf(body, json);
  if (attributes == nullptr) return false;
  AttributeReader reader(*attributes);
  reader.Take("participant_id", request->mutable_participant_id());
  reader.Take("course_identifier", request->mutable_course_identifier());
  reader.Take("declaration_type", request->mutable_declaration_type());
  reader.Take("declaration_date", request->mutable_declaration_date());
  reader.Take("evidence_held", request->mutable_evidence_held());
  return reader.known();
}

bool ParseParticipantActionBody(const std::string& body, ActionBody kind,
                                rv1::ParticipantActionRequest* request) {
  nlohmann::json json;
  const nlohmann::json* attributes = AttributesOf(body, json);
  if (attributes == nullptr) return false;
  AttributeReader reader(*attributes);
  request->set_course_identifier(reader.Text("course_identifier"));
  switch (kind) {
    case ActionBody::kCourseOnly:
      break;
    case ActionBody::kReason:
      request->set_reason(reader.Text("reason"));
      break;
    case ActionBody::kSchedule:
      request->set_schedule_identifier(reader.Text("schedule_identifier"));
      request->set_cohort(reader.Text("cohort"));
      break;
  }
  return reader.known();
}

bool ParsePartnershipBody(const std::string& body, PartnershipAttributes* attributes) {
  nlohmann::json json;
  const nlohmann::json* found = AttributesOf(body, json);
  if (found == nullptr) return false;
  AttributeReader reader(*found);
  reader.Take("cohort", &attributes->cohort);
  reader.Take("school_id", &attributes->school_id);
  reader.Take("delivery_partner_id", &attributes->delivery_partner_id);
  return reader.known();
}

}  // namespace rect::gateway::api
