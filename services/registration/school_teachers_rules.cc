#include "services/registration/school_teachers_rules.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace rect::registration {
namespace {

using wizard::AppropriateBodyOption;
using wizard::AppropriateBodyType;
using wizard::FieldError;
using wizard::FieldErrors;
using wizard::TrainingProgramme;

void Add(FieldErrors* errors, absl::string_view field, absl::string_view message) {
  errors->push_back(FieldError{std::string(field), std::string(message)});
}

constexpr absl::string_view kNoAppropriateBody =
    "Select the appropriate body which will be supporting the ECT's induction";
constexpr absl::string_view kInvalidAppropriateBody =
    "Select a valid appropriate body which will be supporting the ECT's induction";
constexpr absl::string_view kNotAHub =
    "Select a teaching school hub appropriate body which will be supporting the ECT's induction";
constexpr absl::string_view kNoLeadProvider = "Select which lead provider will be training the ECT";
constexpr absl::string_view kUnknownLeadProvider = "Enter the name of a known lead provider";

bool IsIstip(const AppropriateBodyOption& body) { return body.name == wizard::kIstipName; }

bool Selectable(const AppropriateBodyOption& body, bool independent_school) {
  if (!body.active) return false;
  if (body.type == AppropriateBodyType::kTeachingSchoolHub) return true;
  return independent_school && IsIstip(body);
}

bool KnownLeadProvider(absl::string_view id,
                       const std::vector<wizard::LeadProviderOption>& lead_providers) {
  return std::any_of(lead_providers.begin(), lead_providers.end(),
                     [&](const wizard::LeadProviderOption& lp) { return lp.id == id; });
}

}  // namespace

TeacherSearch ParseTeacherSearch(absl::string_view text) {
  TeacherSearch search;
  const std::string trimmed(absl::StripAsciiWhitespace(text));
  if (trimmed.empty()) return search;
  const std::string digits = absl::StrReplaceAll(trimmed, {{" ", ""}});
  if (!digits.empty() && digits.size() <= 7 &&
      std::all_of(digits.begin(), digits.end(), [](char c) { return absl::ascii_isdigit(c); })) {
    search.trn_prefix = digits;
    return search;
  }
  search.name_pattern = absl::StrCat(
      "%", absl::StrReplaceAll(trimmed, {{"\\", "\\\\"}, {"%", "\\%"}, {"_", "\\_"}}), "%");
  return search;
}

TeacherPage PageOfTeachers(int matching, int requested_page, int requested_page_size) {
  TeacherPage page;
  page.limit = requested_page_size >= 1 && requested_page_size <= kMaxTeachersPageSize
                   ? requested_page_size
                   : kDefaultTeachersPageSize;
  page.pages = std::max(1, (std::max(0, matching) + page.limit - 1) / page.limit);
  page.page = std::clamp(requested_page, 1, page.pages);
  page.offset = (page.page - 1) * page.limit;
  return page;
}

std::string MentorStatusTag(const std::optional<absl::CivilDay>& finished_on,
                            absl::CivilDay today) {
  return finished_on && *finished_on >= today ? "Leaving school" : "Registered";
}

std::string TrainingStatus(const std::optional<TrainingPeriodFacts>& latest, absl::CivilDay today) {
  if (!latest) return "";
  if (latest->withdrawn) return "withdrawn";
  if (latest->deferred) return "deferred";
  if (!latest->finished_on || *latest->finished_on >= today) return "active";
  return "";
}

absl::StatusOr<std::string> ValidateNameChange(absl::string_view raw, absl::string_view current,
                                               FieldErrors* errors) {
  absl::StatusOr<std::string> name = wizard::ValidateCorrectedName(raw);
  if (!name.ok()) {
    Add(errors, "name", name.status().message());
    return name.status();
  }
  if (absl::EqualsIgnoreCase(*name, absl::StripAsciiWhitespace(current))) {
    Add(errors, "name", "The name must be different from the current name");
    return absl::InvalidArgumentError("unchanged");
  }
  return name;
}

std::optional<std::string> ValidateEmailChange(absl::string_view raw, const EmailChangeFacts& facts,
                                               FieldErrors* errors) {
  absl::StatusOr<std::string> email = wizard::ValidateEmailAddress(raw);
  if (!email.ok()) {
    Add(errors, "email", email.status().message());
    return std::nullopt;
  }
  if (absl::EqualsIgnoreCase(*email, facts.current_email)) {
    Add(errors, "email", "The email must be different from the current email");
    return std::nullopt;
  }
  if (wizard::EmailInUseByOtherTeacher(*email, facts.trn, facts.holders, facts.today)) {
    Add(errors, "email", "This email is already in use for a different ECT or mentor");
    return std::nullopt;
  }
  return *email;
}

std::optional<wizard::WorkingPattern> ValidateWorkingPatternChange(
    absl::string_view raw, const std::optional<wizard::WorkingPattern>& current,
    FieldErrors* errors) {
  std::optional<wizard::WorkingPattern> pattern = wizard::ParseWorkingPattern(raw);
  if (!pattern) {
    Add(errors, "working_pattern", "Select if the ECT's working pattern is full or part time");
    return std::nullopt;
  }
  if (current == pattern) {
    Add(errors, "working_pattern",
        "The working pattern must be different from the current working pattern");
    return std::nullopt;
  }
  return pattern;
}

std::optional<std::string> ValidateAppropriateBodyChange(
    absl::string_view raw, const std::vector<AppropriateBodyOption>& bodies,
    bool independent_school, absl::string_view current_id, FieldErrors* errors) {
  const std::string id(absl::StripAsciiWhitespace(raw));
  if (id.empty()) {
    Add(errors, "appropriate_body_id", kNoAppropriateBody);
    return std::nullopt;
  }
  auto body = std::find_if(bodies.begin(), bodies.end(),
                           [&](const AppropriateBodyOption& b) { return b.id == id; });
  if (body == bodies.end() || !body->active || body->type == AppropriateBodyType::kLocalAuthority) {
    Add(errors, "appropriate_body_id", kInvalidAppropriateBody);
    return std::nullopt;
  }
  if (!Selectable(*body, independent_school)) {
    Add(errors, "appropriate_body_id", kNotAHub);
    return std::nullopt;
  }
  if (id == current_id) {
    Add(errors, "appropriate_body_id",
        "The appropriate body must be different from the current appropriate body");
    return std::nullopt;
  }
  return id;
}

std::vector<AppropriateBodyOption> SelectableAppropriateBodies(
    const std::vector<AppropriateBodyOption>& bodies, bool independent_school,
    absl::string_view current_id) {
  std::vector<AppropriateBodyOption> selectable;
  for (const AppropriateBodyOption& body : bodies) {
    if (body.id != current_id && Selectable(body, independent_school)) selectable.push_back(body);
  }
  std::stable_sort(selectable.begin(), selectable.end(),
                   [](const AppropriateBodyOption& a, const AppropriateBodyOption& b) {
                     return IsIstip(a) && !IsIstip(b);
                   });
  return selectable;
}

std::optional<ProgrammeChoice> ValidateProgrammeChange(
    absl::string_view programme, absl::string_view lead_provider_id,
    const std::optional<TrainingProgramme>& current,
    const std::vector<wizard::LeadProviderOption>& lead_providers, FieldErrors* errors) {
  if (programme.empty()) {
    Add(errors, "training_programme", "Select either 'Provider-led' or 'School-led' training");
    return std::nullopt;
  }
  std::optional<TrainingProgramme> parsed = wizard::ParseTrainingProgramme(programme);
  if (!parsed) {
    Add(errors, "training_programme",
        absl::StrCat("'", programme, "' is not a valid training programme"));
    return std::nullopt;
  }
  if (current == parsed) {
    Add(errors, "training_programme",
        "The training programme must be different from the current training programme");
    return std::nullopt;
  }
  ProgrammeChoice choice;
  choice.programme = *parsed;
  if (*parsed == TrainingProgramme::kSchoolLed) return choice;
  if (lead_provider_id.empty()) {
    Add(errors, "lead_provider_id", kNoLeadProvider);
    return std::nullopt;
  }
  if (!KnownLeadProvider(lead_provider_id, lead_providers)) {
    Add(errors, "lead_provider_id", kUnknownLeadProvider);
    return std::nullopt;
  }
  choice.lead_provider_id = std::string(lead_provider_id);
  return choice;
}

std::optional<std::string> ValidateLeadProviderChange(
    absl::string_view raw, const std::optional<TrainingProgramme>& current_programme,
    absl::string_view current_lead_provider_id,
    const std::vector<wizard::LeadProviderOption>& lead_providers, FieldErrors* errors) {
  if (current_programme != TrainingProgramme::kProviderLed) {
    Add(errors, "lead_provider_id",
        "Only provider-led training has a lead provider: change the training programme to "
        "provider-led instead");
    return std::nullopt;
  }
  const std::string id(absl::StripAsciiWhitespace(raw));
  if (id.empty()) {
    Add(errors, "lead_provider_id", kNoLeadProvider);
    return std::nullopt;
  }
  if (!KnownLeadProvider(id, lead_providers)) {
    Add(errors, "lead_provider_id", kUnknownLeadProvider);
    return std::nullopt;
  }
  if (id == current_lead_provider_id) {
    Add(errors, "lead_provider_id",
        "The lead provider must be different from the current lead provider");
    return std::nullopt;
  }
  return id;
}

absl::StatusOr<RegistrationPeriod> NewTrainingContractPeriod(const TrainingChangeFacts& facts) {
  const absl::CivilDay transition = std::max(facts.ect_started_on, facts.today);
  absl::StatusOr<RegistrationPeriod> period = EctRegistrationPeriod(
      facts.contract_periods, transition, facts.today, facts.previous_provider_led);
  if (!period.ok()) return period.status();
  if (period->outcome == RegistrationPeriod::Outcome::kCannotRegisterYet) {
    return absl::FailedPreconditionError(absl::StrCat("Registration for the ",
                                                      AcademicYearLabel(period->year),
                                                      " academic year is not open yet"));
  }
  return period;
}

absl::StatusOr<TrainingChangePlan> PlanTrainingChange(const TrainingChangeFacts& facts,
                                                      const ProgrammeChoice& choice) {
  TrainingChangePlan plan;
  plan.transition = std::max(facts.ect_started_on, facts.today);
  if (facts.ect_finished_on && *facts.ect_finished_on < plan.transition) {
    return absl::FailedPreconditionError(
        "This teacher has left your school, so their training cannot be changed");
  }
  plan.new_finished_on = facts.ect_finished_on;
  if (facts.current &&
      (!facts.current->finished_on || *facts.current->finished_on >= plan.transition)) {
    if (facts.current->started_on >= plan.transition) {
      if (facts.current->has_declarations) {
        return absl::FailedPreconditionError(
            "The lead provider has already told us about this training, so it cannot be "
            "changed yet");
      }
      plan.current = TrainingChangePlan::Current::kDelete;
    } else {
      plan.current = TrainingChangePlan::Current::kFinish;
    }
  }
  plan.programme = choice.programme;
  if (choice.programme == TrainingProgramme::kSchoolLed) return plan;
  plan.lead_provider_id = choice.lead_provider_id;
  absl::StatusOr<RegistrationPeriod> period = NewTrainingContractPeriod(facts);
  if (!period.ok()) return period.status();
  plan.contract_period_year = period->year;
  if (facts.previous_provider_led &&
      facts.previous_provider_led->contract_period_year == period->year &&
      !facts.previous_schedule_identifier.empty()) {
    plan.schedule_identifier = facts.previous_schedule_identifier;
  } else {
    ScheduleChoice schedule;
    schedule.registration_year = period->year;
    schedule.start_date = plan.transition;
    schedule.today = facts.today;
    schedule.moved_off_frozen_year = period->moved_off_frozen_year;
    plan.schedule_identifier = ChooseSchedule(schedule).Identifier();
  }
  return plan;
}

}  // namespace rect::registration
