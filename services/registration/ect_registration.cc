#include "services/registration/ect_registration.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/status.h"

namespace rect::registration {

using namespace wizard;

struct EctRegistrations::Loaded {
  WizardKey key;
  std::string wizard_id;
  EctSession session;
  SchoolInfo school;
  EctHistory history;
  std::string previous_school_name;
};

namespace {

constexpr char kEctWizard[] = "register_ect";

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

DateInput DateFields(const std::map<std::string, std::string>& fields, const std::string& name) {
  return DateInput{FieldValue(fields, name + "_day"), FieldValue(fields, name + "_month"),
                   FieldValue(fields, name + "_year")};
}

std::string NameOf(const std::vector<AppropriateBodyOption>& bodies,
                   const std::optional<std::string>& id) {
  if (!id) return "";
  for (const auto& body : bodies) {
    if (body.id == *id) return body.name;
  }
  return "";
}

std::string NameOf(const std::vector<LeadProviderOption>& providers,
                   const std::optional<std::string>& id) {
  if (!id) return "";
  for (const auto& provider : providers) {
    if (provider.id == *id) return provider.name;
  }
  return "";
}

}  // namespace

absl::StatusOr<v1::EctWizardPage> EctRegistrations::Start(const v1::WizardUser& user) {
  RETURN_IF_ERROR(CheckUser(user));
  Loaded loaded;
  loaded.wizard_id = NewUrlToken(random_);
  loaded.key = WizardKey{Sha256(loaded.wizard_id), kEctWizard, user.school_urn(), user.user_id()};
  RETURN_IF_ERROR(store_.CreateSession(loaded.key, EctSessionToJson(loaded.session),
                                       kWizardLifetime));
  ASSIGN_OR_RETURN(loaded.school, schools_.GetSchool(user.school_urn()));
  ASSIGN_OR_RETURN(EctContext context, BuildContext(user, loaded.session, loaded));
  return Page(loaded, context, EctStep::kFindEct);
}

absl::StatusOr<EctRegistrations::Loaded> EctRegistrations::Load(const v1::WizardUser& user,
                                                                const std::string& wizard_id) {
  RETURN_IF_ERROR(CheckUser(user));
  if (wizard_id.empty()) return absl::NotFoundError("no such registration in progress");
  Loaded loaded;
  loaded.wizard_id = wizard_id;
  loaded.key = WizardKey{Sha256(wizard_id), kEctWizard, user.school_urn(), user.user_id()};
  ASSIGN_OR_RETURN(std::string json, store_.LoadSession(loaded.key));
  ASSIGN_OR_RETURN(loaded.session, EctSessionFromJson(json));
  ASSIGN_OR_RETURN(loaded.school, schools_.GetSchool(user.school_urn()));
  return loaded;
}

absl::StatusOr<EctContext> EctRegistrations::BuildContext(const v1::WizardUser& user,
                                                          const EctSession& session,
                                                          Loaded& loaded) {
  const EctAnswers& answers = session.answers;
  EctContext context;
  context.today = today_();
  ASSIGN_OR_RETURN(context.contract_periods, store_.ContractPeriods());
  context.independent_school = loaded.school.independent;
  ASSIGN_OR_RETURN(context.appropriate_bodies, store_.AppropriateBodies());
  ASSIGN_OR_RETURN(context.last_choices, store_.LastChoices(user.school_urn()));
  loaded.history = EctHistory{};
  if (!answers.teacher.trn.empty()) {
    ASSIGN_OR_RETURN(loaded.history, store_.EctHistoryOf(answers.teacher.trn, user.school_urn()));
    if (loaded.history.previous) {
      absl::StatusOr<SchoolInfo> previous = schools_.GetSchool(loaded.history.previous_school_urn);
      loaded.previous_school_name =
          previous.ok() ? previous->name
                        : absl::StrCat("the school with URN ", loaded.history.previous_school_urn);
      context.previous_ect_period = loaded.history.previous;
      context.previous_ect_period->school_name = loaded.previous_school_name;
    }
    context.previous_training = loaded.history.previous_training;
  }
  if (answers.start_date) {
    absl::StatusOr<RegistrationPeriod> period = EctAnswersRegistrationPeriod(answers, context);
    if (period.ok() && period->outcome == RegistrationPeriod::Outcome::kRegister) {
      ASSIGN_OR_RETURN(context.lead_providers, store_.LeadProvidersIn(period->year));
      std::optional<ContractPeriod> year = ContractPeriodForYear(context.contract_periods,
                                                                 period->year);
      PreviousChoicesInput input;
      input.registration_year = period->year;
      input.registration_year_finished_on = year ? year->finished_on : context.today;
      input.moving_off_frozen_year = period->moved_off_frozen_year;
      input.last = context.last_choices;
      for (const AppropriateBodyOption& body : context.appropriate_bodies) {
        if (context.last_choices.appropriate_body_id == body.id) {
          input.last_appropriate_body_active = body.active;
        }
      }
      for (const LeadProviderOption& provider : context.lead_providers) {
        input.lead_providers_active_in_registration_year.push_back(provider.id);
      }
      ASSIGN_OR_RETURN(input.latest_eoi, store_.LatestExpressionOfInterest(user.school_urn()));
      context.previous_choices_offered = ComputePreviousChoices(input).offered;
    }
  }
  return context;
}

absl::StatusOr<v1::EctWizardPage> EctRegistrations::Get(const v1::WizardStepRequest& request) {
  std::optional<EctStep> step = ParseEctStep(request.step());
  if (!step) return absl::InvalidArgumentError("unknown step");
  ASSIGN_OR_RETURN(Loaded loaded, Load(request.user(), request.wizard_id()));
  ASSIGN_OR_RETURN(EctContext context, BuildContext(request.user(), loaded.session, loaded));
  const EctStep resolved = ResolveEctStep(*step, loaded.session.answers, context);
  ASSIGN_OR_RETURN(v1::EctWizardPage page, Page(loaded, context, resolved));
  page.set_redirected(resolved != *step);
  return page;
}

absl::StatusOr<v1::EctWizardPage> EctRegistrations::Submit(const v1::WizardStepRequest& request) {
  std::optional<EctStep> step = ParseEctStep(request.step());
  if (!step) return absl::InvalidArgumentError("unknown step");
  ASSIGN_OR_RETURN(Loaded loaded, Load(request.user(), request.wizard_id()));
  ASSIGN_OR_RETURN(EctContext context, BuildContext(request.user(), loaded.session, loaded));
  const EctStep resolved = ResolveEctStep(*step, loaded.session.answers, context);
  if (resolved != *step) {
    ASSIGN_OR_RETURN(v1::EctWizardPage page, Page(loaded, context, resolved));
    page.set_redirected(true);
    return page;
  }
  const std::map<std::string, std::string> fields(request.fields().begin(),
                                                  request.fields().end());
  // A change made from check answers goes back there when nothing else is needed (§3.5).
  const bool was_complete = CheckEctAnswersComplete(loaded.session.answers, context).ok();
  ASSIGN_OR_RETURN(FieldErrors errors, Apply(*step, fields, request.user(), context, loaded));
  if (!errors.empty()) {
    ASSIGN_OR_RETURN(v1::EctWizardPage page, Page(loaded, context, *step));
    for (const FieldError& error : errors) {
      v1::FieldError* e = page.add_errors();
      e->set_field(error.field);
      e->set_message(error.message);
    }
    return page;
  }
  if (*step != EctStep::kCheckAnswers) {
    RETURN_IF_ERROR(
        store_.UpdateSession(loaded.key, EctSessionToJson(loaded.session), kWizardLifetime));
  }
  ASSIGN_OR_RETURN(EctContext after, BuildContext(request.user(), loaded.session, loaded));
  std::optional<EctStep> next =
      NextEctStepAfterChange(*step, was_complete, loaded.session.answers, after);
  if (loaded.session.answers.saved) next = EctStep::kConfirmation;
  const EctStep target = next ? ResolveEctStep(*next, loaded.session.answers, after) : *step;
  ASSIGN_OR_RETURN(v1::EctWizardPage page, Page(loaded, after, target));
  page.set_redirected(true);
  return page;
}

absl::StatusOr<FieldErrors> EctRegistrations::Apply(
    EctStep step, const std::map<std::string, std::string>& fields, const v1::WizardUser& user,
    const EctContext& context, Loaded& loaded) {
  EctAnswers& answers = loaded.session.answers;
  switch (step) {
    case EctStep::kFindEct: {
      FindEctStep::Lookup lookup;
      FieldErrors errors = FindEctStep::Validate(
          {FieldValue(fields, "trn"), DateFields(fields, "date_of_birth")}, context.today, &lookup);
      if (!errors.empty()) return errors;
      ASSIGN_OR_RETURN(TrsFindResult found, trs_.Find(lookup.trn, lookup.date_of_birth));
      lookup.date_of_birth = absl::CivilDay();  // goes no further than the look-up
      ASSIGN_OR_RETURN(EctHistory history, store_.EctHistoryOf(lookup.trn, user.school_urn()));
      if (found.outcome == TrsLookup::kFound) found.teacher.trn = lookup.trn;
      FindEctStep::Record(lookup.trn, found.outcome, found.teacher, history.facts, &answers);
      if (found.outcome == TrsLookup::kDateOfBirthMismatch) answers.teacher.trn.clear();
      loaded.session.ect_at_school_period_id.clear();
      loaded.session.induction_status_name = found.induction_status_name;
      return FieldErrors{};
    }
    case EctStep::kNationalInsuranceNumber: {
      std::string nino;
      FieldErrors errors = NationalInsuranceNumberStep::Validate(
          {FieldValue(fields, "national_insurance_number")}, &nino);
      if (!errors.empty()) return errors;
      ASSIGN_OR_RETURN(TrsFindResult found, trs_.FindByNino(answers.trn, nino));
      nino.clear();
      ASSIGN_OR_RETURN(EctHistory history, store_.EctHistoryOf(answers.trn, user.school_urn()));
      if (found.outcome == TrsLookup::kFound) found.teacher.trn = answers.trn;
      NationalInsuranceNumberStep::Record(found.outcome, found.teacher, history.facts, &answers);
      loaded.session.induction_status_name = found.induction_status_name;
      return FieldErrors{};
    }
    case EctStep::kReviewEctDetails:
      return ReviewEctDetailsStep::Submit(
          {FieldValue(fields, "name_check"), FieldValue(fields, "corrected_name")}, &answers);
    case EctStep::kEmailAddress: {
      std::string email;
      FieldErrors errors = EmailAddressStep::Validate({FieldValue(fields, "email")}, &email);
      if (!errors.empty()) return errors;
      ASSIGN_OR_RETURN(std::vector<EmailHolder> holders, store_.EmailHolders(email));
      EmailAddressStep::Record(
          email, EmailInUseByOtherTeacher(email, answers.trn, holders, context.today), &answers);
      return FieldErrors{};
    }
    case EctStep::kStartDate: {
      absl::StatusOr<RegistrationPeriod> before = EctAnswersRegistrationPeriod(answers, context);
      FieldErrors errors =
          StartDateStep::Submit({DateFields(fields, "start_date")}, context, &answers);
      if (!errors.empty()) return errors;
      absl::StatusOr<RegistrationPeriod> now = EctAnswersRegistrationPeriod(answers, context);
      std::vector<LeadProviderOption> providers;
      if (now.ok() && now->outcome == RegistrationPeriod::Outcome::kRegister) {
        ASSIGN_OR_RETURN(providers, store_.LeadProvidersIn(now->year));
      }
      DropChoicesOfAnotherYear(before.ok() ? std::optional<int>(before->year) : std::nullopt,
                               now.ok() ? std::optional<int>(now->year) : std::nullopt,
                               providers, &answers);
      return FieldErrors{};
    }
    case EctStep::kWorkingPattern:
      return WorkingPatternStep::Submit({FieldValue(fields, "working_pattern")}, &answers);
    case EctStep::kUsePreviousEctChoices:
      return UsePreviousEctChoicesStep::Submit({FieldValue(fields, "use_previous_choices")}, context,
                                               &answers);
    case EctStep::kStateSchoolAppropriateBody:
      return StateSchoolAppropriateBodyStep::Submit({FieldValue(fields, "appropriate_body_id")}, context,
                                                    &answers);
    case EctStep::kIndependentSchoolAppropriateBody:
      return IndependentSchoolAppropriateBodyStep::Submit(
          {FieldValue(fields, "choice"), FieldValue(fields, "appropriate_body_id")}, context, &answers);
    case EctStep::kTrainingProgramme:
      return TrainingProgrammeStep::Submit({FieldValue(fields, "training_programme")}, &answers);
    case EctStep::kLeadProvider:
      return LeadProviderStep::Submit({FieldValue(fields, "lead_provider_id")}, context, &answers);
    case EctStep::kCheckAnswers: {
      RETURN_IF_ERROR(CheckEctAnswersComplete(answers, context));
      ASSIGN_OR_RETURN(RegistrationPeriod period, EctAnswersRegistrationPeriod(answers, context));
      std::optional<ContractPeriod> year =
          ContractPeriodForYear(context.contract_periods, period.year);
      EctSavePlan plan;
      plan.school_urn = user.school_urn();
      plan.school_name = loaded.school.name;
      plan.author_name = user.user_name();
      plan.author_email = user.user_email();
      plan.trn = answers.trn;
      plan.trs_first_name = answers.teacher.first_name;
      plan.trs_last_name = answers.teacher.last_name;
      plan.corrected_name = answers.corrected_name;
      plan.induction_status_name = loaded.session.induction_status_name;
      plan.started_on = *answers.start_date;
      plan.email = answers.email;
      plan.working_pattern = std::string(WorkingPatternValue(*answers.working_pattern));
      plan.appropriate_body_id = answers.appropriate_body_id.value_or("");
      plan.training_programme = std::string(TrainingProgrammeValue(*answers.training_programme));
      plan.contract_period_year = period.year;
      plan.training_started_on = TrainingStartDate(
          *answers.start_date, context.today,
          period.moved_off_frozen_year && year ? std::optional(year->started_on) : std::nullopt);
      if (*answers.training_programme == TrainingProgramme::kProviderLed) {
        plan.lead_provider_id = answers.lead_provider_id;
        ScheduleChoice choice;
        choice.registration_year = period.year;
        choice.start_date = *answers.start_date;
        choice.today = context.today;
        choice.moved_off_frozen_year = period.moved_off_frozen_year;
        plan.schedule_identifier = ChooseSchedule(choice).Identifier();
        plan.email_template = "ect_registered_provider_led";
      } else {
        plan.email_template = "ect_registered_school_led";
      }
      EctSession saved = loaded.session;
      saved.answers.saved = true;
      ASSIGN_OR_RETURN(std::string period_id,
                       store_.SaveEct(plan, loaded.key, EctSessionToJson(saved)));
      saved.ect_at_school_period_id = period_id;
      loaded.session = saved;
      if (metrics_ != nullptr) metrics_->Registered("ect", plan.training_programme);
      return FieldErrors{};
    }
    default:
      return FieldErrors{};
  }
}

absl::StatusOr<v1::EctWizardPage> EctRegistrations::Page(const Loaded& loaded,
                                                         const EctContext& context,
                                                         EctStep step) {
  const EctAnswers& a = loaded.session.answers;
  v1::EctWizardPage page;
  page.set_wizard_id(loaded.wizard_id);
  page.set_step(std::string(EctStepSlug(step)));
  page.set_school_name(loaded.school.name);
  page.set_independent_school(context.independent_school);
  page.set_ect_at_school_period_id(loaded.session.ect_at_school_period_id);
  v1::EctAnswersView* view = page.mutable_answers();
  view->set_trn(a.trn);
  view->set_trs_first_name(a.teacher.first_name);
  view->set_trs_last_name(a.teacher.last_name);
  if (!a.teacher.first_name.empty() || !a.corrected_name.empty()) view->set_name(a.Name());
  if (a.name_check) {
    view->set_name_check(*a.name_check == NameCheck::kCorrect ? "correct" : "corrected");
  }
  view->set_corrected_name(a.corrected_name);
  view->set_used_national_insurance_number(a.used_nino);
  view->set_has_qts(a.teacher.has_qts);
  view->set_email(a.email);
  if (a.start_date) {
    view->set_start_date(FormatDisplayDate(*a.start_date));
    view->set_start_day(absl::StrCat(a.start_date->day()));
    view->set_start_month(absl::StrCat(a.start_date->month()));
    view->set_start_year(absl::StrCat(a.start_date->year()));
  }
  if (a.working_pattern) view->set_working_pattern(std::string(WorkingPatternValue(*a.working_pattern)));
  if (a.use_previous_choices) view->set_use_previous_choices(*a.use_previous_choices ? "yes" : "no");
  view->set_appropriate_body_id(a.appropriate_body_id.value_or(""));
  view->set_appropriate_body_name(NameOf(context.appropriate_bodies, a.appropriate_body_id));
  if (a.training_programme) {
    view->set_training_programme(std::string(TrainingProgrammeValue(*a.training_programme)));
  }
  view->set_lead_provider_id(a.lead_provider_id.value_or(""));
  view->set_lead_provider_name(NameOf(context.lead_providers, a.lead_provider_id));
  for (const AppropriateBodyOption& body : context.appropriate_bodies) {
    if (body.active && body.type == AppropriateBodyType::kTeachingSchoolHub) {
      v1::Choice* choice = page.add_appropriate_bodies();
      choice->set_value(body.id);
      choice->set_label(body.name);
    }
  }
  for (const LeadProviderOption& provider : context.lead_providers) {
    v1::Choice* choice = page.add_lead_providers();
    choice->set_value(provider.id);
    choice->set_label(provider.name);
  }
  page.set_previous_choices_offered(context.previous_choices_offered);
  if (context.previous_choices_offered) {
    page.set_previous_appropriate_body_name(
        NameOf(context.appropriate_bodies, context.last_choices.appropriate_body_id));
    if (context.last_choices.training_programme) {
      page.set_previous_training_programme(
          std::string(TrainingProgrammeValue(*context.last_choices.training_programme)));
    }
    page.set_previous_lead_provider_name(
        NameOf(context.lead_providers, context.last_choices.lead_provider_id));
  }
  if (loaded.history.previous) {
    v1::PreviousEctPeriodView* previous = page.mutable_previous_period();
    previous->set_school_name(loaded.previous_school_name);
    previous->set_started_on(FormatDisplayDate(loaded.history.previous->started_on));
    if (loaded.history.previous->finished_on) {
      previous->set_finished_on(FormatDisplayDate(*loaded.history.previous->finished_on));
    }
    previous->set_training_programme(loaded.history.previous_training_programme);
    previous->set_lead_provider_name(loaded.history.previous_lead_provider_name);
  }
  if (a.start_date) {
    absl::StatusOr<RegistrationPeriod> period = EctAnswersRegistrationPeriod(a, context);
    if (period.ok()) page.set_registration_year(AcademicYearLabel(period->year));
  }
  return page;
}

}  // namespace rect::registration
