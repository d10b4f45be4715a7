#include "services/registration/mentor_registration.h"

#include <pqxx/pqxx>

#include <nlohmann/json.hpp>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/status.h"
#include "services/registration/contract_period.h"
#include "services/registration/mentorship.h"

namespace rect::registration {

using namespace wizard;

namespace {

constexpr char kMentorWizard[] = "register_mentor";

using nlohmann::json;

json DayJson(const std::optional<absl::CivilDay>& day) {
  if (!day) return nullptr;
  return absl::StrFormat("%04d-%02d-%02d", day->year(), day->month(), day->day());
}

std::optional<absl::CivilDay> ReadDay(const json& j, const char* key) {
  if (!j.contains(key) || j.at(key).is_null()) return std::nullopt;
  absl::CivilDay day;
  if (!absl::ParseCivilTime(j.at(key).get<std::string>(), &day)) {
    throw std::invalid_argument("bad date");
  }
  return day;
}

template <typename T>
json Optional(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

template <typename T>
std::optional<T> ReadOptional(const json& j, const char* key) {
  if (!j.contains(key) || j.at(key).is_null()) return std::nullopt;
  return j.at(key).get<T>();
}

std::string DayText(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

absl::CivilDay ParseDay(const std::string& text) {
  absl::CivilDay day;
  absl::ParseCivilTime(text, &day);
  return day;
}

std::optional<absl::CivilDay> OptionalDay(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return ParseDay(field.as<std::string>());
}

pqxx::binarystring Bytes(const std::string& bytes) { return pqxx::binarystring(bytes); }

absl::Status CheckUser(const v1::WizardUser& user) {
  if (user.school_urn().empty() || user.user_id().empty()) {
    return absl::InvalidArgumentError("school_urn and user_id are required");
  }
  return absl::OkStatus();
}

std::string FieldValue(const std::map<std::string, std::string>& fields, const std::string& name) {
  auto it = fields.find(name);
  return it == fields.end() ? "" : it->second;
}

// The ECT being given a mentor, as the wizard and the save need it.
struct EctFacts {
  std::string teacher_id;
  std::string trn;
  std::string name;
  absl::CivilDay started_on;
  std::optional<absl::CivilDay> finished_on;
  std::optional<TrainingProgramme> training_programme;
  std::optional<std::string> lead_provider_id;
  std::string lead_provider_name;
  bool ever_mentored = false;
};

constexpr char kEctQuery[] =
    "SELECT e.teacher_id, t.trn, coalesce(t.corrected_name, t.trs_first_name || ' ' || "
    "t.trs_last_name), e.started_on::text, e.finished_on::text, "
    "(SELECT tp.training_programme::text FROM training_periods tp "
    "  WHERE tp.ect_at_school_period_id = e.id ORDER BY tp.started_on DESC LIMIT 1), "
    "(SELECT tp.lead_provider_id::text FROM training_periods tp "
    "  WHERE tp.ect_at_school_period_id = e.id ORDER BY tp.started_on DESC LIMIT 1), "
    "(SELECT a.lead_provider_name FROM training_periods tp JOIN active_lead_providers a "
    "  ON a.lead_provider_id = tp.lead_provider_id "
    "  AND a.contract_period_year = tp.contract_period_year "
    "  WHERE tp.ect_at_school_period_id = e.id ORDER BY tp.started_on DESC LIMIT 1), "
    "EXISTS (SELECT 1 FROM mentorship_periods m WHERE m.ect_at_school_period_id = e.id) "
    "FROM ect_at_school_periods e JOIN teachers t ON t.id = e.teacher_id "
    "WHERE e.id = $1::uuid AND e.school_urn = $2";

std::string LeadProviderName(const MentorContext& context, const std::string& id) {
  for (const ActiveLeadProvider& active : context.active_lead_providers) {
    if (active.lead_provider.id == id) return active.lead_provider.name;
  }
  return id;
}

EctFacts EctFrom(const pqxx::row& row) {
  EctFacts ect;
  ect.teacher_id = row[0].as<std::string>();
  ect.trn = row[1].as<std::string>();
  ect.name = row[2].as<std::string>();
  ect.started_on = ParseDay(row[3].as<std::string>());
  ect.finished_on = OptionalDay(row[4]);
  if (!row[5].is_null()) ect.training_programme = ParseTrainingProgramme(row[5].as<std::string>());
  if (!row[6].is_null()) ect.lead_provider_id = row[6].as<std::string>();
  ect.lead_provider_name = row[7].is_null() ? "" : row[7].as<std::string>();
  ect.ever_mentored = row[8].as<bool>();
  return ect;
}

}  // namespace

std::string MentorSessionToJson(const MentorSession& session) {
  const MentorAnswers& a = session.answers;
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
  const MentorRecordFacts& f = a.facts;
  j["facts"] = {
      {"open_here", f.open_mentor_period_at_this_school},
      {"open_elsewhere", f.open_mentor_period_elsewhere},
      {"mentored_before", f.mentored_before},
      {"had_training", f.had_mentor_training},
      {"ineligibility_reason",
       f.ineligibility_reason
           ? json(std::string(MentorIneligibilityReasonValue(*f.ineligibility_reason)))
           : json(nullptr)},
      {"other_school_name", f.other_school_name},
      {"other_school_started_on", DayJson(f.other_school_started_on)}};
  j["name_check"] = a.name_check ? json(static_cast<int>(*a.name_check)) : json(nullptr);
  j["corrected_name"] = a.corrected_name;
  j["email"] = a.email;
  j["email_in_use"] = a.email_in_use;
  j["mentoring_at_new_school_only"] = Optional(a.mentoring_at_new_school_only);
  j["started_on"] = DayJson(a.started_on);
  j["use_same_programme_choices"] = Optional(a.use_same_programme_choices);
  j["lead_provider_id"] = Optional(a.lead_provider_id);
  j["saved"] = a.saved;
  j["ect_id"] = session.ect_id;
  j["mentor_at_school_period_id"] = session.mentor_at_school_period_id;
  j["mentorship_period_id"] = session.mentorship_period_id;
  j["mentor_training"] = session.mentor_training;
  return j.dump();
}

absl::StatusOr<MentorSession> MentorSessionFromJson(const std::string& text) {
  MentorSession session;
  if (text.empty() || text == "{}") return session;
  try {
    const json j = json::parse(text);
    MentorAnswers& a = session.answers;
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
      const json& f = j.at("facts");
      a.facts.open_mentor_period_at_this_school = f.value("open_here", false);
      a.facts.open_mentor_period_elsewhere = f.value("open_elsewhere", false);
      a.facts.mentored_before = f.value("mentored_before", false);
      a.facts.had_mentor_training = f.value("had_training", false);
      if (auto v = ReadOptional<std::string>(f, "ineligibility_reason")) {
        a.facts.ineligibility_reason = ParseMentorIneligibilityReason(*v);
      }
      a.facts.other_school_name = f.value("other_school_name", "");
      a.facts.other_school_started_on = ReadDay(f, "other_school_started_on");
    }
    if (auto v = ReadOptional<int>(j, "name_check")) a.name_check = static_cast<NameCheck>(*v);
    a.corrected_name = j.value("corrected_name", "");
    a.email = j.value("email", "");
    a.email_in_use = j.value("email_in_use", false);
    a.mentoring_at_new_school_only = ReadOptional<bool>(j, "mentoring_at_new_school_only");
    a.started_on = ReadDay(j, "started_on");
    a.use_same_programme_choices = ReadOptional<bool>(j, "use_same_programme_choices");
    a.lead_provider_id = ReadOptional<std::string>(j, "lead_provider_id");
    a.saved = j.value("saved", false);
    session.ect_id = j.value("ect_id", "");
    session.mentor_at_school_period_id = j.value("mentor_at_school_period_id", "");
    session.mentorship_period_id = j.value("mentorship_period_id", "");
    session.mentor_training = j.value("mentor_training", false);
  } catch (const std::exception&) {
    return absl::InvalidArgumentError("the stored wizard answers cannot be read");
  }
  return session;
}

struct MentorRegistrations::Loaded {
  WizardKey key;
  std::string wizard_id;
  MentorSession session;
  SchoolInfo school;
  EctFacts ect;
  MentorContext context;
};

absl::StatusOr<MentorRegistrations::Loaded> MentorRegistrations::Load(
    const v1::WizardUser& user, const std::string& wizard_id) {
  RETURN_IF_ERROR(CheckUser(user));
  if (wizard_id.empty()) return absl::NotFoundError("no such registration in progress");
  Loaded loaded;
  loaded.wizard_id = wizard_id;
  loaded.key = WizardKey{Sha256(wizard_id), kMentorWizard, user.school_urn(), user.user_id()};
  ASSIGN_OR_RETURN(std::string text, store_.LoadSession(loaded.key));
  ASSIGN_OR_RETURN(loaded.session, MentorSessionFromJson(text));
  if (!IsUuid(loaded.session.ect_id)) return absl::NotFoundError("no such ECT at this school");
  ASSIGN_OR_RETURN(loaded.school, schools_.GetSchool(user.school_urn()));
  MentorContext& context = loaded.context;
  context.today = today_();
  ASSIGN_OR_RETURN(context.contract_periods, store_.ContractPeriods());
  const std::string ect_id = loaded.session.ect_id;
  const std::string urn = user.school_urn();
  RETURN_IF_ERROR(pool_.Run([&](pqxx::connection& c) -> absl::Status {
    pqxx::read_transaction txn(c);
    pqxx::result ect = txn.exec_params(kEctQuery, ect_id, urn);
    if (ect.empty()) return absl::NotFoundError("no such ECT at this school");
    loaded.ect = EctFrom(ect[0]);
    for (const pqxx::row& row : txn.exec(
             "SELECT contract_period_year, lead_provider_id::text, lead_provider_name "
             "FROM active_lead_providers ORDER BY contract_period_year, lead_provider_name")) {
      context.active_lead_providers.push_back(
          {row[0].as<int>(), {row[1].as<std::string>(), row[2].as<std::string>()}});
    }
    return absl::OkStatus();
  }));
  context.ect_trn = loaded.ect.trn;
  context.ect_name = loaded.ect.name;
  context.ect_training_programme = loaded.ect.training_programme;
  context.ect_lead_provider_id = loaded.ect.lead_provider_id;
  return loaded;
}

absl::StatusOr<MentorRecordFacts> MentorRegistrations::FactsOf(const std::string& trn,
                                                               const std::string& school_urn) {
  const absl::CivilDay today = today_();
  std::string other_urn;
  ASSIGN_OR_RETURN(
      MentorRecordFacts facts,
      pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<MentorRecordFacts> {
        pqxx::read_transaction txn(c);
        MentorRecordFacts facts;
        pqxx::result teacher = txn.exec_params(
            "SELECT mentor_became_ineligible_for_funding_reason::text, "
            "EXISTS (SELECT 1 FROM training_periods tp JOIN mentor_at_school_periods m "
            "  ON m.id = tp.mentor_at_school_period_id WHERE m.teacher_id = t.id) "
            "FROM teachers t WHERE t.trn = $1",
            trn);
        if (!teacher.empty()) {
          if (!teacher[0][0].is_null()) {
            facts.ineligibility_reason =
                ParseMentorIneligibilityReason(teacher[0][0].as<std::string>());
          }
          facts.had_mentor_training = teacher[0][1].as<bool>();
        }
        for (const pqxx::row& row : txn.exec_params(
                 "SELECT m.school_urn, m.started_on::text, m.finished_on::text "
                 "FROM mentor_at_school_periods m JOIN teachers t ON t.id = m.teacher_id "
                 "WHERE t.trn = $1 ORDER BY m.started_on DESC",
                 trn)) {
          facts.mentored_before = true;
          const std::optional<absl::CivilDay> finished = OptionalDay(row[2]);
          const bool open = !finished || *finished >= today;
          if (row[0].as<std::string>() == school_urn) {
            if (open) facts.open_mentor_period_at_this_school = true;
            continue;
          }
          if (open) facts.open_mentor_period_elsewhere = true;
          if (other_urn.empty()) {
            other_urn = row[0].as<std::string>();
            facts.other_school_started_on = ParseDay(row[1].as<std::string>());
          }
        }
        return facts;
      }));
  if (!other_urn.empty()) {
    absl::StatusOr<SchoolInfo> other = schools_.GetSchool(other_urn);
    facts.other_school_name =
        other.ok() ? other->name : absl::StrCat("the school with URN ", other_urn);
  }
  return facts;
}

absl::StatusOr<v1::MentorWizardPage> MentorRegistrations::Start(
    const v1::StartMentorWizardRequest& request) {
  const v1::WizardUser& user = request.user();
  RETURN_IF_ERROR(CheckUser(user));
  if (!IsUuid(request.ect_id())) return absl::NotFoundError("no such ECT at this school");
  const std::string wizard_id = NewUrlToken(random_);
  WizardKey key{Sha256(wizard_id), kMentorWizard, user.school_urn(), user.user_id()};
  MentorSession session;
  session.ect_id = request.ect_id();
  // The ECT must be the school's before a session is made for it.
  RETURN_IF_ERROR(pool_.Run([&](pqxx::connection& c) -> absl::Status {
    pqxx::read_transaction txn(c);
    if (txn.exec_params("SELECT 1 FROM ect_at_school_periods WHERE id = $1::uuid "
                        "AND school_urn = $2",
                        request.ect_id(), user.school_urn())
            .empty()) {
      return absl::NotFoundError("no such ECT at this school");
    }
    return absl::OkStatus();
  }));
  RETURN_IF_ERROR(store_.CreateSession(key, MentorSessionToJson(session), kWizardLifetime));
  ASSIGN_OR_RETURN(Loaded loaded, Load(user, wizard_id));
  return Page(loaded, MentorStep::kFindMentor);
}

absl::StatusOr<v1::MentorWizardPage> MentorRegistrations::Get(
    const v1::WizardStepRequest& request) {
  std::optional<MentorStep> step = ParseMentorStep(request.step());
  if (!step) return absl::InvalidArgumentError("unknown step");
  ASSIGN_OR_RETURN(Loaded loaded, Load(request.user(), request.wizard_id()));
  const MentorStep resolved = ResolveMentorStep(*step, loaded.session.answers, loaded.context);
  v1::MentorWizardPage page = Page(loaded, resolved);
  page.set_redirected(resolved != *step);
  return page;
}

absl::StatusOr<v1::MentorWizardPage> MentorRegistrations::Submit(
    const v1::WizardStepRequest& request) {
  std::optional<MentorStep> step = ParseMentorStep(request.step());
  if (!step) return absl::InvalidArgumentError("unknown step");
  ASSIGN_OR_RETURN(Loaded loaded, Load(request.user(), request.wizard_id()));
  const MentorStep resolved = ResolveMentorStep(*step, loaded.session.answers, loaded.context);
  if (resolved != *step) {
    v1::MentorWizardPage page = Page(loaded, resolved);
    page.set_redirected(true);
    return page;
  }
  const std::map<std::string, std::string> fields(request.fields().begin(),
                                                  request.fields().end());
  // A change made from check answers goes back there when nothing else is needed.
  const bool was_complete =
      CheckMentorAnswersComplete(loaded.session.answers, loaded.context).ok();
  ASSIGN_OR_RETURN(FieldErrors errors, Apply(*step, fields, request.user(), loaded));
  if (!errors.empty()) {
    v1::MentorWizardPage page = Page(loaded, *step);
    for (const FieldError& error : errors) {
      v1::FieldError* e = page.add_errors();
      e->set_field(error.field);
      e->set_message(error.message);
    }
    return page;
  }
  if (!loaded.session.answers.saved) {
    RETURN_IF_ERROR(store_.UpdateSession(loaded.key, MentorSessionToJson(loaded.session),
                                         kWizardLifetime));
  }
  std::optional<MentorStep> next =
      NextMentorStepAfterChange(*step, was_complete, loaded.session.answers, loaded.context);
  if (loaded.session.answers.saved) next = MentorStep::kConfirmation;
  const MentorStep target =
      next ? ResolveMentorStep(*next, loaded.session.answers, loaded.context) : *step;
  v1::MentorWizardPage page = Page(loaded, target);
  page.set_redirected(true);
  return page;
}

absl::StatusOr<FieldErrors> MentorRegistrations::Apply(
    MentorStep step, const std::map<std::string, std::string>& fields, const v1::WizardUser& user,
    Loaded& loaded) {
  MentorAnswers& answers = loaded.session.answers;
  const MentorContext& context = loaded.context;
  switch (step) {
    case MentorStep::kFindMentor: {
      FindMentorStep::Lookup lookup;
      FieldErrors errors = FindMentorStep::Validate(
          {FieldValue(fields, "trn"),
           DateInput{FieldValue(fields, "date_of_birth_day"),
                     FieldValue(fields, "date_of_birth_month"),
                     FieldValue(fields, "date_of_birth_year")}},
          context.today, &lookup);
      if (!errors.empty()) return errors;
      ASSIGN_OR_RETURN(TrsFindResult found, trs_.Find(lookup.trn, lookup.date_of_birth));
      lookup.date_of_birth = absl::CivilDay();  // goes no further than the look-up
      ASSIGN_OR_RETURN(MentorRecordFacts facts, FactsOf(lookup.trn, user.school_urn()));
      if (found.outcome == TrsLookup::kFound) found.teacher.trn = lookup.trn;
      FindMentorStep::Record(lookup.trn, found.outcome, found.teacher, facts, &answers);
      return FieldErrors{};
    }
    case MentorStep::kNationalInsuranceNumber: {
      std::string nino;
      FieldErrors errors = MentorNationalInsuranceNumberStep::Validate(
          {FieldValue(fields, "national_insurance_number")}, &nino);
      if (!errors.empty()) return errors;
      ASSIGN_OR_RETURN(TrsFindResult found, trs_.FindByNino(answers.trn, nino));
      nino.clear();
      ASSIGN_OR_RETURN(MentorRecordFacts facts, FactsOf(answers.trn, user.school_urn()));
      if (found.outcome == TrsLookup::kFound) found.teacher.trn = answers.trn;
      MentorNationalInsuranceNumberStep::Record(found.outcome, found.teacher, facts, &answers);
      return FieldErrors{};
    }
    case MentorStep::kReviewMentorDetails:
      return ReviewMentorDetailsStep::Submit(
          {FieldValue(fields, "name_check"), FieldValue(fields, "corrected_name")}, &answers);
    case MentorStep::kEmailAddress: {
      std::string email;
      FieldErrors errors = MentorEmailAddressStep::Validate({FieldValue(fields, "email")}, &email);
      if (!errors.empty()) return errors;
      ASSIGN_OR_RETURN(std::vector<EmailHolder> holders, store_.EmailHolders(email));
      MentorEmailAddressStep::Record(
          email, EmailInUseByOtherTeacher(email, answers.trn, holders, context.today), &answers);
      return FieldErrors{};
    }
    case MentorStep::kReviewMentorEligibility:
      ReviewMentorEligibilityStep::Accept(context, &answers);
      return FieldErrors{};
    case MentorStep::kMentoringAtNewSchoolOnly:
      return MentoringAtNewSchoolOnlyStep::Submit(
          {FieldValue(fields, "mentoring_at_new_school_only")}, &answers);
    case MentorStep::kStartedOn:
      return StartedOnStep::Submit(
          {DateInput{FieldValue(fields, "started_on_day"), FieldValue(fields, "started_on_month"),
                     FieldValue(fields, "started_on_year")}},
          context, &answers);
    case MentorStep::kProgrammeChoices:
      return ProgrammeChoicesStep::Submit({FieldValue(fields, "use_same_programme_choices")},
                                          context, &answers);
    case MentorStep::kLeadProvider:
      return MentorLeadProviderStep::Submit({FieldValue(fields, "lead_provider_id")}, context,
                                            &answers);
    case MentorStep::kAlreadyActiveAtSchool:
      RETURN_IF_ERROR(AssignExisting(user, loaded));
      return FieldErrors{};
    case MentorStep::kCheckAnswers:
      RETURN_IF_ERROR(Save(user, loaded));
      if (metrics_ != nullptr) {
        metrics_->Registered("mentor",
                             loaded.session.mentor_training ? "provider_led" : "none");
      }
      return FieldErrors{};
    default:
      return FieldErrors{};
  }
}

absl::Status MentorRegistrations::AssignExisting(const v1::WizardUser& user, Loaded& loaded) {
  MentorAnswers& answers = loaded.session.answers;
  ASSIGN_OR_RETURN(std::string period_id,
                   pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<std::string> {
                     pqxx::read_transaction txn(c);
                     pqxx::result rows = txn.exec_params(
                         "SELECT m.id FROM mentor_at_school_periods m JOIN teachers t "
                         "ON t.id = m.teacher_id WHERE t.trn = $1 AND m.school_urn = $2 "
                         "AND (m.finished_on IS NULL OR m.finished_on >= $3::date) "
                         "ORDER BY m.started_on LIMIT 1",
                         answers.trn, user.school_urn(), DayText(loaded.context.today));
                     if (rows.empty()) {
                       return absl::FailedPreconditionError(
                           "this mentor is no longer registered at your school");
                     }
                     return rows[0][0].as<std::string>();
                   }));
  ASSIGN_OR_RETURN(v1::AssignMentorResponse assigned,
                   assignments_.Assign(user.school_urn(), loaded.session.ect_id, period_id, user));
  if (assigned.errors_size() > 0) {
    return absl::FailedPreconditionError(assigned.errors(0).message());
  }
  loaded.session.answers.saved = true;
  loaded.session.mentor_at_school_period_id = period_id;
  loaded.session.mentorship_period_id = assigned.mentorship_period_id();
  return store_.UpdateSession(loaded.key, MentorSessionToJson(loaded.session), kWizardLifetime);
}

absl::Status MentorRegistrations::Save(const v1::WizardUser& user, Loaded& loaded) {
  const MentorAnswers& answers = loaded.session.answers;
  const MentorContext& context = loaded.context;
  RETURN_IF_ERROR(CheckMentorAnswersComplete(answers, context));
  const MentorSavePlan plan = PlanMentorSave(answers, context);
  const std::string start = DayText(plan.started_on);
  std::optional<int> training_year;
  std::string schedule_identifier;
  if (plan.training_lead_provider_id) {
    std::optional<ContractPeriod> period =
        ContractPeriodContaining(context.contract_periods, plan.started_on);
    if (!period) {
      return absl::FailedPreconditionError("there is no contract period for the start date");
    }
    training_year = period->year;
    ScheduleChoice choice;
    choice.registration_year = period->year;
    choice.start_date = plan.started_on;
    choice.today = context.today;
    schedule_identifier = ChooseSchedule(choice).Identifier();
  }
  MentorSession saved = loaded.session;
  saved.answers.saved = true;
  saved.mentor_training = plan.training_lead_provider_id.has_value();
  const std::string name = answers.Name();
  RETURN_IF_ERROR(pool_.Transact([&](pqxx::work& txn) -> absl::Status {
    // The session is taken first so that two submits of one registration save it once.
    pqxx::result session = txn.exec_params(
        "SELECT answers->>'saved' FROM wizard_sessions WHERE id_digest = $1 AND wizard = $2 "
        "AND school_urn = $3 AND user_id = $4 AND expires_at > now() FOR UPDATE",
        Bytes(loaded.key.id_digest), loaded.key.wizard, loaded.key.school_urn,
        loaded.key.user_id);
    if (session.empty()) return absl::NotFoundError("no such registration in progress");
    if (!session[0][0].is_null() && session[0][0].as<std::string>() == "true") {
      return absl::FailedPreconditionError("this registration is already saved");
    }
    pqxx::result ect_rows = txn.exec_params(std::string(kEctQuery) + " FOR UPDATE OF e",
                                            saved.ect_id, user.school_urn());
    if (ect_rows.empty()) return absl::NotFoundError("no such ECT at this school");
    const EctFacts ect = EctFrom(ect_rows[0]);
    const std::string teacher_id =
        txn.exec_params1(
               "INSERT INTO teachers (trn, trs_first_name, trs_last_name, corrected_name, "
               "trs_data_last_refreshed_at) VALUES ($1, $2, $3, NULLIF($4, ''), now()) "
               "ON CONFLICT (trn) DO UPDATE SET "
               "corrected_name = coalesce(EXCLUDED.corrected_name, teachers.corrected_name), "
               "updated_at = now() RETURNING id",
               answers.trn, answers.teacher.first_name, answers.teacher.last_name,
               answers.corrected_name)[0]
            .as<std::string>();
    if (teacher_id == ect.teacher_id) {
      return absl::FailedPreconditionError("You cannot assign an ECT as their own mentor");
    }
    if (!txn.exec_params("SELECT 1 FROM mentor_at_school_periods WHERE teacher_id = $1 "
                         "AND school_urn = $2 AND (finished_on IS NULL OR finished_on >= $3::date)",
                         teacher_id, user.school_urn(), start)
             .empty()) {
      return absl::FailedPreconditionError("This mentor has already been registered");
    }
    if (plan.end_other_mentor_periods) {
      // Their periods elsewhere that are open on the new start end the day before, with their
      // mentorships and training; whatever has not started by then is deleted.
      for (const pqxx::row& other : txn.exec_params(
               "SELECT id, started_on >= $2::date FROM mentor_at_school_periods "
               "WHERE teacher_id = $1 AND school_urn <> $3 "
               "AND (finished_on IS NULL OR finished_on >= $2::date) FOR UPDATE",
               teacher_id, start, user.school_urn())) {
        const std::string id = other[0].as<std::string>();
        const bool not_started = other[1].as<bool>();
        for (const char* table : {"mentorship_periods", "training_periods"}) {
          txn.exec_params(absl::StrCat("DELETE FROM ", table,
                                       " WHERE mentor_at_school_period_id = $1 "
                                       "AND (started_on >= $2::date OR $3)"),
                          id, start, not_started);
          txn.exec_params(absl::StrCat("UPDATE ", table,
                                       " SET finished_on = $2::date - 1, updated_at = now() "
                                       "WHERE mentor_at_school_period_id = $1 "
                                       "AND (finished_on IS NULL OR finished_on >= $2::date)"),
                          id, start);
        }
        if (not_started) {
          txn.exec_params("DELETE FROM mentor_at_school_periods WHERE id = $1", id);
        } else {
          txn.exec_params(
              "UPDATE mentor_at_school_periods SET finished_on = $2::date - 1, "
              "updated_at = now() WHERE id = $1",
              id, start);
        }
      }
    }
    const std::string period_id =
        txn.exec_params1(
               "INSERT INTO mentor_at_school_periods (teacher_id, school_urn, started_on, email) "
               "VALUES ($1, $2, $3::date, $4) RETURNING id",
               teacher_id, user.school_urn(), start, answers.email)[0]
            .as<std::string>();
    std::string training_id;
    if (plan.training_lead_provider_id) {
      pqxx::result eoi = txn.exec_params(
          "SELECT id FROM active_lead_providers WHERE lead_provider_id = $1::uuid "
          "AND contract_period_year = $2",
          *plan.training_lead_provider_id, *training_year);
      if (eoi.empty()) {
        return absl::FailedPreconditionError(
            "the lead provider is not active in the mentor's contract period");
      }
      txn.exec_params(
          "INSERT INTO schedules (contract_period_year, identifier) VALUES ($1, $2) "
          "ON CONFLICT DO NOTHING",
          *training_year, schedule_identifier);
      training_id =
          txn.exec_params1(
                 "INSERT INTO training_periods (mentor_at_school_period_id, started_on, "
                 "training_programme, lead_provider_id, contract_period_year, "
                 "expression_of_interest_id, schedule_id) "
                 "SELECT $1, $2::date, 'provider_led', $3::uuid, $4, $5::uuid, s.id "
                 "FROM schedules s WHERE s.contract_period_year = $4 AND s.identifier = $6 "
                 "RETURNING id",
                 period_id, start, *plan.training_lead_provider_id, *training_year,
                 eoi[0][0].as<std::string>(), schedule_identifier)[0]
              .as<std::string>();
    }
    SchoolUserEvent registered;
    registered.event_type = "teacher_registered_as_mentor";
    registered.heading =
        absl::StrCat(name, " was registered as a mentor at ", loaded.school.name);
    registered.author = user;
    registered.teacher_id = teacher_id;
    registered.school_urn = user.school_urn();
    registered.mentor_at_school_period_id = period_id;
    RecordSchoolUserEvent(txn, registered);
    if (!training_id.empty()) {
      SchoolUserEvent training = registered;
      training.event_type = "teacher_starts_training_period";
      training.heading = absl::StrCat(name, " started mentor training with ",
                                      LeadProviderName(context, *plan.training_lead_provider_id));
      training.training_period_id = training_id;
      training.lead_provider_id = *plan.training_lead_provider_id;
      RecordSchoolUserEvent(txn, training);
    }
    NewMentorship mentorship;
    mentorship.today = context.today;
    mentorship.school_urn = user.school_urn();
    mentorship.ect_at_school_period_id = saved.ect_id;
    mentorship.mentee_teacher_id = ect.teacher_id;
    mentorship.ect_started_on = ect.started_on;
    mentorship.ect_finished_on = ect.finished_on;
    mentorship.mentor_at_school_period_id = period_id;
    mentorship.mentor_teacher_id = teacher_id;
    mentorship.mentor_started_on = plan.started_on;
    mentorship.mentor_transferring_in_and_ect_never_mentored =
        answers.facts.open_mentor_period_elsewhere && !ect.ever_mentored;
    mentorship.ect_name = ect.name;
    mentorship.mentor_name = name;
    mentorship.author = user;
    ASSIGN_OR_RETURN(CreatedMentorship created, CreateMentorship(txn, mentorship));
    nlohmann::json personalisation = {{"mentor_name", name},
                                      {"school_name", loaded.school.name}};
    txn.exec_params(
        "INSERT INTO pending_emails (idempotency_key, template, recipient, personalisation) "
        "VALUES ($1, 'mentor_registered', $2, $3::jsonb)",
        absl::StrCat("mentor-registered:", period_id), answers.email, personalisation.dump());
    saved.mentor_at_school_period_id = period_id;
    saved.mentorship_period_id = created.id;
    txn.exec_params(
        "UPDATE wizard_sessions SET answers = $2::jsonb, updated_at = now() WHERE id_digest = $1",
        Bytes(loaded.key.id_digest), MentorSessionToJson(saved));
    return absl::OkStatus();
  }));
  loaded.session = saved;
  return absl::OkStatus();
}

v1::MentorWizardPage MentorRegistrations::Page(const Loaded& loaded, MentorStep step) {
  const MentorAnswers& a = loaded.session.answers;
  const MentorContext& context = loaded.context;
  v1::MentorWizardPage page;
  page.set_wizard_id(loaded.wizard_id);
  page.set_step(std::string(MentorStepSlug(step)));
  page.set_school_name(loaded.school.name);
  page.set_ect_id(loaded.session.ect_id);
  page.set_ect_name(loaded.ect.name);
  page.set_ect_provider_led(loaded.ect.training_programme == TrainingProgramme::kProviderLed);
  page.set_ect_lead_provider_name(loaded.ect.lead_provider_name);
  page.set_other_school_name(a.facts.other_school_name);
  page.set_mentor_at_school_period_id(loaded.session.mentor_at_school_period_id);
  page.set_mentorship_period_id(loaded.session.mentorship_period_id);
  page.set_mentor_training(loaded.session.mentor_training);
  v1::MentorAnswersView* view = page.mutable_answers();
  view->set_trn(a.trn);
  view->set_trs_first_name(a.teacher.first_name);
  view->set_trs_last_name(a.teacher.last_name);
  if (!a.teacher.first_name.empty() || !a.corrected_name.empty()) view->set_name(a.Name());
  if (a.name_check) {
    view->set_name_check(*a.name_check == NameCheck::kCorrect ? "correct" : "corrected");
  }
  view->set_corrected_name(a.corrected_name);
  view->set_used_national_insurance_number(a.used_nino);
  view->set_email(a.email);
  if (a.mentoring_at_new_school_only) {
    view->set_mentoring_at_new_school_only(*a.mentoring_at_new_school_only ? "yes" : "no");
  }
  if (a.started_on) {
    view->set_started_on(FormatDisplayDate(*a.started_on));
    view->set_started_day(absl::StrCat(a.started_on->day()));
    view->set_started_month(absl::StrCat(a.started_on->month()));
    view->set_started_year(absl::StrCat(a.started_on->year()));
  }
  if (a.use_same_programme_choices) {
    view->set_use_same_programme_choices(*a.use_same_programme_choices ? "yes" : "no");
  }
  view->set_lead_provider_id(a.lead_provider_id.value_or(""));
  view->set_eligible_for_funding(EligibleForMentorFunding(a.facts.ineligibility_reason));
  for (const LeadProviderOption& provider : MentorLeadProviderOptions(a, context)) {
    v1::Choice* choice = page.add_lead_providers();
    choice->set_value(provider.id);
    choice->set_label(provider.name);
  }
  if (a.lead_provider_id) {
    for (const ActiveLeadProvider& active : context.active_lead_providers) {
      if (active.lead_provider.id == *a.lead_provider_id) {
        view->set_lead_provider_name(active.lead_provider.name);
      }
    }
  }
  return page;
}

}  // namespace rect::registration
