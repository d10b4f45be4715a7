#include "services/registration/wizard_json.h"

#include <nlohmann/json.hpp>

#include "absl/strings/str_format.h"

namespace rect::registration {
namespace {

using nlohmann::json;
using namespace wizard;

template <typename T>
json Optional(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

template <typename T>
std::optional<T> ReadOptional(const json& j, const char* key) {
  if (!j.contains(key) || j.at(key).is_null()) return std::nullopt;
  return j.at(key).get<T>();
}

json Day(const std::optional<absl::CivilDay>& day) {
  if (!day) return nullptr;
  return absl::StrFormat("%04d-%02d-%02d", day->year(), day->month(), day->day());
}

std::optional<absl::CivilDay> ReadDay(const json& j, const char* key) {
  std::optional<std::string> text = ReadOptional<std::string>(j, key);
  if (!text) return std::nullopt;
  absl::CivilDay day;
  if (!absl::ParseCivilTime(*text, &day)) throw std::invalid_argument("bad date");
  return day;
}

}  // namespace

std::string EctSessionToJson(const EctSession& session) {
  const EctAnswers& a = session.answers;
  json j;
  j["trn"] = a.trn;
  j["lookup"] = a.lookup ? json(static_cast<int>(*a.lookup)) : json(nullptr);
  j["nino_lookup"] = a.nino_lookup ? json(static_cast<int>(*a.nino_lookup)) : json(nullptr);
  j["used_nino"] = a.used_nino;
  j["teacher"] = {{"trn", a.teacher.trn},
                  {"first_name", a.teacher.first_name},
                  {"last_name", a.teacher.last_name},
                  {"induction_status", static_cast<int>(a.teacher.induction_status)},
                  {"prohibited", a.teacher.prohibited},
                  {"has_qts", a.teacher.has_qts}};
  j["facts"] = {{"open_here", a.facts.open_ect_period_at_this_school},
                {"earlier", a.facts.has_earlier_ect_period}};
  j["name_check"] = a.name_check ? json(static_cast<int>(*a.name_check)) : json(nullptr);
  j["corrected_name"] = a.corrected_name;
  j["email"] = a.email;
  j["email_in_use"] = a.email_in_use;
  j["start_date"] = Day(a.start_date);
  j["working_pattern"] =
      a.working_pattern ? json(static_cast<int>(*a.working_pattern)) : json(nullptr);
  j["use_previous_choices"] = Optional(a.use_previous_choices);
  j["appropriate_body_id"] = Optional(a.appropriate_body_id);
  j["training_programme"] =
      a.training_programme ? json(static_cast<int>(*a.training_programme)) : json(nullptr);
  j["lead_provider_id"] = Optional(a.lead_provider_id);
  j["saved"] = a.saved;
  j["ect_at_school_period_id"] = session.ect_at_school_period_id;
  j["induction_status_name"] = session.induction_status_name;
  return j.dump();
}

absl::StatusOr<EctSession> EctSessionFromJson(const std::string& text) {
  EctSession session;
  if (text.empty() || text == "{}") return session;
  try {
    const json j = json::parse(text);
    EctAnswers& a = session.answers;
    a.trn = j.value("trn", "");
    if (auto v = ReadOptional<int>(j, "lookup")) a.lookup = static_cast<TrsLookup>(*v);
    if (auto v = ReadOptional<int>(j, "nino_lookup")) a.nino_lookup = static_cast<TrsLookup>(*v);
    a.used_nino = j.value("used_nino", false);
    if (j.contains("teacher")) {
      const json& t = j.at("teacher");
      a.teacher.trn = t.value("trn", "");
      a.teacher.first_name = t.value("first_name", "");
      a.teacher.last_name = t.value("last_name", "");
      a.teacher.induction_status = static_cast<InductionStatus>(t.value("induction_status", 0));
      a.teacher.prohibited = t.value("prohibited", false);
      a.teacher.has_qts = t.value("has_qts", false);
    }
    if (j.contains("facts")) {
      a.facts.open_ect_period_at_this_school = j.at("facts").value("open_here", false);
      a.facts.has_earlier_ect_period = j.at("facts").value("earlier", false);
    }
    if (auto v = ReadOptional<int>(j, "name_check")) a.name_check = static_cast<NameCheck>(*v);
    a.corrected_name = j.value("corrected_name", "");
    a.email = j.value("email", "");
    a.email_in_use = j.value("email_in_use", false);
    a.start_date = ReadDay(j, "start_date");
    if (auto v = ReadOptional<int>(j, "working_pattern")) {
      a.working_pattern = static_cast<WorkingPattern>(*v);
    }
    a.use_previous_choices = ReadOptional<bool>(j, "use_previous_choices");
    a.appropriate_body_id = ReadOptional<std::string>(j, "appropriate_body_id");
    if (auto v = ReadOptional<int>(j, "training_programme")) {
      a.training_programme = static_cast<TrainingProgramme>(*v);
    }
    a.lead_provider_id = ReadOptional<std::string>(j, "lead_provider_id");
    a.saved = j.value("saved", false);
    session.ect_at_school_period_id = j.value("ect_at_school_period_id", "");
    session.induction_status_name = j.value("induction_status_name", "");
  } catch (const std::exception&) {
    return absl::InvalidArgumentError("the stored wizard answers cannot be read");
  }
  return session;
}

}  // namespace rect::registration
