#include "services/registration/wizard/register_ect.h"

#include <algorithm>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/registration/teacher.h"

namespace rect::registration::wizard {
namespace {

constexpr std::pair<EctStep, absl::string_view> kSlugs[] = {
    {EctStep::kWhatYouWillNeed, "what-you-will-need"},
    {EctStep::kFindEct, "find-ect"},
    {EctStep::kNationalInsuranceNumber, "national-insurance-number"},
    {EctStep::kTrnNotFound, "trn-not-found"},
    {EctStep::kNotFound, "not-found"},
    {EctStep::kAlreadyActiveAtSchool, "already-active-at-school"},
    {EctStep::kInductionCompleted, "induction-completed"},
    {EctStep::kInductionExempt, "induction-exempt"},
    {EctStep::kInductionFailed, "induction-failed"},
    {EctStep::kCannotRegisterEct, "cannot-register-ect"},
    {EctStep::kReviewEctDetails, "review-ect-details"},
    {EctStep::kRegisteredBefore, "registered-before"},
    {EctStep::kEmailAddress, "email-address"},
    {EctStep::kCantUseEmail, "cant-use-email"},
    {EctStep::kStartDate, "start-date"},
    {EctStep::kCannotRegisterEctYet, "cannot-register-ect-yet"},
    {EctStep::kWorkingPattern, "working-pattern"},
    {EctStep::kUsePreviousEctChoices, "use-previous-ect-choices"},
    {EctStep::kStateSchoolAppropriateBody, "state-school-appropriate-body"},
    {EctStep::kIndependentSchoolAppropriateBody, "independent-school-appropriate-body"},
    {EctStep::kTrainingProgramme, "training-programme"},
    {EctStep::kLeadProvider, "lead-provider"},
    {EctStep::kCheckAnswers, "check-answers"},
    {EctStep::kConfirmation, "confirmation"},
};

constexpr absl::string_view kNoAppropriateBody =
    "Select the appropriate body which will be supporting the ECT's induction";
constexpr absl::string_view kInvalidAppropriateBody =
    "Select a valid appropriate body which will be supporting the ECT's induction";
constexpr absl::string_view kNotAHub =
    "Select a teaching school hub appropriate body which will be supporting the ECT's induction";

FieldErrors Error(absl::string_view field, absl::string_view message) {
  return {FieldError{std::string(field), std::string(message)}};
}

// Outcomes 3–8 of §3.1, once the teacher is identified.
EctStep AfterIdentity(const EctAnswers& answers) {
  if (answers.facts.open_ect_period_at_this_school) return EctStep::kAlreadyActiveAtSchool;
  switch (answers.teacher.induction_status) {
    case InductionStatus::kPassed:
      return EctStep::kInductionCompleted;
    case InductionStatus::kExempt:
      return EctStep::kInductionExempt;
    case InductionStatus::kFailed:
    case InductionStatus::kFailedInWales:  // decisions.md: same page as Failed
      return EctStep::kInductionFailed;
    default:
      break;
  }
  if (answers.teacher.prohibited) return EctStep::kCannotRegisterEct;
  return EctStep::kReviewEctDetails;
}

EctStep AppropriateBodyStep(const EctContext& context) {
  return context.independent_school ? EctStep::kIndependentSchoolAppropriateBody
                                    : EctStep::kStateSchoolAppropriateBody;
}

const AppropriateBodyOption* FindAppropriateBody(const EctContext& context, absl::string_view id) {
  if (id.empty()) return nullptr;
  for (const AppropriateBodyOption& option : context.appropriate_bodies) {
    if (option.id == id) return &option;
  }
  return nullptr;
}

// The hub picker used by both AB steps.
FieldErrors ChooseHub(absl::string_view id, const EctContext& context, EctAnswers* answers) {
  if (id.empty()) return Error("appropriate_body_id", kNoAppropriateBody);
  const AppropriateBodyOption* body = FindAppropriateBody(context, id);
  if (body == nullptr || !body->active || body->type == AppropriateBodyType::kLocalAuthority) {
    return Error("appropriate_body_id", kInvalidAppropriateBody);
  }
  if (body->type != AppropriateBodyType::kTeachingSchoolHub) {
    return Error("appropriate_body_id", kNotAHub);
  }
  answers->appropriate_body_id = body->id;
  return {};
}

}  // namespace

absl::string_view EctStepSlug(EctStep step) {
  for (const auto& [s, slug] : kSlugs) {
    if (s == step) return slug;
  }
  return "";
}

std::optional<EctStep> ParseEctStep(absl::string_view slug) {
  for (const auto& [step, s] : kSlugs) {
    if (s == slug) return step;
  }
  return std::nullopt;
}

std::string EctAnswers::Name() const {
  return DisplayName(teacher.first_name, teacher.last_name, corrected_name);
}

FieldErrors FindEctStep::Validate(const Form& form, absl::CivilDay today, Lookup* lookup) {
  FieldErrors errors;
  absl::StatusOr<std::string> trn = NormaliseTrnInput(form.trn);
  if (!trn.ok()) errors.push_back({"trn", std::string(trn.status().message())});
  absl::StatusOr<absl::CivilDay> dob = ValidateDateOfBirth(form.date_of_birth, today);
  if (!dob.ok()) errors.push_back({"date_of_birth", std::string(dob.status().message())});
  if (errors.empty()) *lookup = Lookup{*trn, *dob};
  return errors;
}

void FindEctStep::Record(const std::string& trn, TrsLookup lookup, const TrsTeacher& teacher,
                         const EctRecordFacts& facts, EctAnswers* answers) {
  *answers = EctAnswers{};
  answers->trn = trn;
  answers->lookup = lookup;
  answers->teacher = teacher;
  answers->facts = facts;
}

FieldErrors NationalInsuranceNumberStep::Validate(const Form& form, std::string* nino) {
  absl::StatusOr<std::string> normalised =
      NormaliseNationalInsuranceNumber(form.national_insurance_number);
  if (!normalised.ok()) {
    return Error("national_insurance_number", normalised.status().message());
  }
  *nino = *normalised;
  return {};
}

void NationalInsuranceNumberStep::Record(TrsLookup lookup, const TrsTeacher& teacher,
                                         const EctRecordFacts& facts, EctAnswers* answers) {
  answers->nino_lookup = lookup;
  answers->used_nino = true;
  if (lookup == TrsLookup::kFound) {
    answers->teacher = teacher;
    answers->facts = facts;
  }
}

FieldErrors ReviewEctDetailsStep::Submit(const Form& form, EctAnswers* answers) {
  if (form.name_check == "correct") {
    answers->name_check = NameCheck::kCorrect;
    answers->corrected_name.clear();
    return {};
  }
  if (form.name_check != "corrected") {
    return Error("name_check", "Select 'Yes' or 'No' to confirm whether the details are correct");
  }
  absl::StatusOr<std::string> name = ValidateCorrectedName(form.corrected_name);
  if (!name.ok()) return Error("corrected_name", name.status().message());
  answers->name_check = NameCheck::kCorrected;
  answers->corrected_name = *name;
  return {};
}

FieldErrors EmailAddressStep::Validate(const Form& form, std::string* email) {
  absl::StatusOr<std::string> valid = ValidateEmailAddress(form.email);
  if (!valid.ok()) return Error("email", valid.status().message());
  *email = *valid;
  return {};
}

void EmailAddressStep::Record(const std::string& email, bool in_use_by_other_trn,
                              EctAnswers* answers) {
  answers->email = email;
  answers->email_in_use = in_use_by_other_trn;
}

FieldErrors StartDateStep::Submit(const Form& form, const EctContext& context,
                                  EctAnswers* answers) {
  absl::CivilDay start;
  switch (ParseDateInput(form.start_date, &start)) {
    case DateInputState::kMissing:
      return Error("start_date",
                   "Enter the date the ECT started or will start teaching at your school");
    case DateInputState::kInvalid:
      return Error("start_date",
                   "Enter the start date using the correct format, for example, 17 09 1999");
    case DateInputState::kValid:
      break;
  }
  absl::StatusOr<absl::CivilDay> earliest =
      EarliestEctStartDate(context.contract_periods, context.today);
  if (!earliest.ok()) return Error("start_date", earliest.status().message());
  if (start < *earliest) {
    return Error("start_date", absl::StrCat("Start date cannot be this far in the past. Enter a "
                                            "date later than ",
                                            FormatDisplayDate(*earliest), "."));
  }
  if (const auto& previous = context.previous_ect_period) {
    auto too_early = [&](absl::string_view what, absl::CivilDay started) {
      return Error(
          "start_date",
          absl::StrCat("Our records show that ", answers->Name(), " started ", what, " at ",
                       previous->school_name, " on ", FormatDisplayDate(started),
                       ". Enter a start date after ", FormatDisplayDate(started + 1), "."));
    };
    if (start <= previous->started_on + 1) return too_early("teaching", previous->started_on);
    if (previous->latest_training_started_on &&
        start <= *previous->latest_training_started_on + 1) {
      return too_early("their latest training", *previous->latest_training_started_on);
    }
    const bool still_open = !previous->finished_on || *previous->finished_on > context.today;
    std::optional<ContractPeriod> period =
        ContractPeriodContaining(context.contract_periods, start);
    const absl::CivilDay limit = MonthsAfter(context.today, 4);
    if (still_open && period && period->enabled && start > limit) {
      return Error("start_date",
                   absl::StrCat("Start date must be before ", FormatDisplayDate(limit + 1),
                                ". You cannot register the ECT this far in advance."));
    }
  }
  answers->start_date = start;
  return {};
}

FieldErrors WorkingPatternStep::Submit(const Form& form, EctAnswers* answers) {
  std::optional<WorkingPattern> pattern = ParseWorkingPattern(form.working_pattern);
  if (!pattern) {
    return Error("working_pattern", "Select if the ECT's working pattern is full or part time");
  }
  answers->working_pattern = pattern;
  return {};
}

FieldErrors UsePreviousEctChoicesStep::Submit(const Form& form, const EctContext& context,
                                              EctAnswers* answers) {
  if (form.use_previous_choices == "yes") {
    answers->use_previous_choices = true;
    answers->appropriate_body_id = context.last_choices.appropriate_body_id;
    answers->training_programme = context.last_choices.training_programme;
    answers->lead_provider_id =
        context.last_choices.training_programme == TrainingProgramme::kProviderLed
            ? context.last_choices.lead_provider_id
            : std::nullopt;
    return {};
  }
  if (form.use_previous_choices == "no") {
    answers->use_previous_choices = false;
    answers->appropriate_body_id.reset();
    answers->training_programme.reset();
    answers->lead_provider_id.reset();
    return {};
  }
  return Error("use_previous_choices",
               "Select 'Yes' or 'No' to confirm whether to use the programme choices used by "
               "your school previously");
}

FieldErrors StateSchoolAppropriateBodyStep::Submit(const Form& form, const EctContext& context,
                                                   EctAnswers* answers) {
  return ChooseHub(form.appropriate_body_id, context, answers);
}

FieldErrors IndependentSchoolAppropriateBodyStep::Submit(const Form& form,
                                                         const EctContext& context,
                                                         EctAnswers* answers) {
  if (form.choice.empty()) return Error("choice", kNoAppropriateBody);
  if (form.choice == "teaching_school_hub") {
    return ChooseHub(form.appropriate_body_id, context, answers);
  }
  if (form.choice == "istip") {
    for (const AppropriateBodyOption& body : context.appropriate_bodies) {
      if (body.name == kIstipName && body.active) {
        answers->appropriate_body_id = body.id;
        return {};
      }
    }
  }
  return Error("choice", kInvalidAppropriateBody);
}

FieldErrors TrainingProgrammeStep::Submit(const Form& form, EctAnswers* answers) {
  if (form.training_programme.empty()) {
    return Error("training_programme", "Select either 'Provider-led' or 'School-led' training");
  }
  std::optional<TrainingProgramme> programme = ParseTrainingProgramme(form.training_programme);
  if (!programme) {
    return Error("training_programme",
                 absl::StrCat("'", form.training_programme, "' is not a valid training programme"));
  }
  answers->training_programme = programme;
  if (*programme == TrainingProgramme::kSchoolLed) answers->lead_provider_id.reset();
  return {};
}

FieldErrors LeadProviderStep::Submit(const Form& form, const EctContext& context,
                                     EctAnswers* answers) {
  if (form.lead_provider_id.empty()) {
    return Error("lead_provider_id", "Select which lead provider will be training the ECT");
  }
  const std::string& id = form.lead_provider_id;
  const bool known = std::any_of(context.lead_providers.begin(), context.lead_providers.end(),
                                 [&](const LeadProviderOption& lp) { return lp.id == id; });
  if (!known) return Error("lead_provider_id", "Enter the name of a known lead provider");
  answers->lead_provider_id = id;
  return {};
}

absl::StatusOr<RegistrationPeriod> EctAnswersRegistrationPeriod(const EctAnswers& answers,
                                                                const EctContext& context) {
  if (!answers.start_date) return absl::FailedPreconditionError("no start date answered");
  return EctRegistrationPeriod(context.contract_periods, *answers.start_date, context.today,
                               context.previous_training);
}

std::optional<EctStep> NextEctStep(EctStep step, const EctAnswers& answers,
                                   const EctContext& context) {
  switch (step) {
    case EctStep::kWhatYouWillNeed:
      return EctStep::kFindEct;
    case EctStep::kFindEct:
      if (!answers.lookup) return std::nullopt;
      if (IsNoRecord(*answers.lookup)) return EctStep::kTrnNotFound;
      if (*answers.lookup == TrsLookup::kDateOfBirthMismatch) {
        return EctStep::kNationalInsuranceNumber;
      }
      return AfterIdentity(answers);
    case EctStep::kNationalInsuranceNumber:
      if (!answers.nino_lookup) return std::nullopt;
      if (*answers.nino_lookup != TrsLookup::kFound) return EctStep::kNotFound;
      return AfterIdentity(answers);
    case EctStep::kReviewEctDetails:
      if (!answers.name_check) return std::nullopt;
      return answers.facts.has_earlier_ect_period ? EctStep::kRegisteredBefore
                                                  : EctStep::kEmailAddress;
    case EctStep::kRegisteredBefore:
      return EctStep::kEmailAddress;
    case EctStep::kEmailAddress:
      if (answers.email.empty()) return std::nullopt;
      return answers.email_in_use ? EctStep::kCantUseEmail : EctStep::kStartDate;
    case EctStep::kStartDate: {
      if (!answers.start_date) return std::nullopt;
      absl::StatusOr<RegistrationPeriod> period = EctAnswersRegistrationPeriod(answers, context);
      if (!period.ok() || period->outcome == RegistrationPeriod::Outcome::kCannotRegisterYet) {
        return EctStep::kCannotRegisterEctYet;
      }
      return EctStep::kWorkingPattern;
    }
    case EctStep::kWorkingPattern:
      if (!answers.working_pattern) return std::nullopt;
      return context.previous_choices_offered ? EctStep::kUsePreviousEctChoices
                                              : AppropriateBodyStep(context);
    case EctStep::kUsePreviousEctChoices:
      if (!answers.use_previous_choices) return std::nullopt;
      return *answers.use_previous_choices ? EctStep::kCheckAnswers : AppropriateBodyStep(context);
    case EctStep::kStateSchoolAppropriateBody:
    case EctStep::kIndependentSchoolAppropriateBody:
      if (!answers.appropriate_body_id) return std::nullopt;
      return EctStep::kTrainingProgramme;
    case EctStep::kTrainingProgramme:
      if (!answers.training_programme) return std::nullopt;
      return *answers.training_programme == TrainingProgramme::kSchoolLed ? EctStep::kCheckAnswers
                                                                          : EctStep::kLeadProvider;
    case EctStep::kLeadProvider:
      if (!answers.lead_provider_id) return std::nullopt;
      return EctStep::kCheckAnswers;
    case EctStep::kTrnNotFound:
    case EctStep::kNotFound:
    case EctStep::kAlreadyActiveAtSchool:
    case EctStep::kInductionCompleted:
    case EctStep::kInductionExempt:
    case EctStep::kInductionFailed:
    case EctStep::kCannotRegisterEct:
    case EctStep::kCantUseEmail:
    case EctStep::kCannotRegisterEctYet:
    case EctStep::kCheckAnswers:
    case EctStep::kConfirmation:
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<EctStep> NextEctStepAfterChange(EctStep step, bool was_complete,
                                              const EctAnswers& answers,
                                              const EctContext& context) {
  if (was_complete && step != EctStep::kCheckAnswers &&
      CheckEctAnswersComplete(answers, context).ok()) {
    return EctStep::kCheckAnswers;
  }
  return NextEctStep(step, answers, context);
}

void DropChoicesOfAnotherYear(std::optional<int> year_before, std::optional<int> year_now,
                              const std::vector<LeadProviderOption>& providers_now,
                              EctAnswers* answers) {
  if (!year_before || year_before == year_now) return;
  if (answers->use_previous_choices.value_or(false)) {
    answers->use_previous_choices.reset();
    answers->appropriate_body_id.reset();
    answers->training_programme.reset();
    answers->lead_provider_id.reset();
  }
  if (answers->lead_provider_id &&
      std::none_of(providers_now.begin(), providers_now.end(),
                   [&](const LeadProviderOption& lp) { return lp.id == *answers->lead_provider_id; })) {
    answers->lead_provider_id.reset();
  }
}

std::vector<EctStep> AllowedEctSteps(const EctAnswers& answers, const EctContext& context) {
  if (answers.saved) return {EctStep::kConfirmation};
  std::vector<EctStep> path = {EctStep::kWhatYouWillNeed};
  // Every step appears at most once, so the path is bounded by the number of steps.
  while (path.size() <= std::size(kSlugs)) {
    std::optional<EctStep> next = NextEctStep(path.back(), answers, context);
    if (!next) break;
    path.push_back(*next);
  }
  return path;
}

EctStep ResolveEctStep(EctStep requested, const EctAnswers& answers, const EctContext& context) {
  std::vector<EctStep> allowed = AllowedEctSteps(answers, context);
  if (std::find(allowed.begin(), allowed.end(), requested) != allowed.end()) return requested;
  return allowed.back();
}

absl::Status CheckEctAnswersComplete(const EctAnswers& answers, const EctContext& context) {
  if (answers.saved) return absl::FailedPreconditionError("this registration is already saved");
  std::vector<EctStep> allowed = AllowedEctSteps(answers, context);
  if (allowed.back() != EctStep::kCheckAnswers) {
    return absl::FailedPreconditionError("the registration answers are incomplete");
  }
  return absl::OkStatus();
}

EctStatus DeriveEctStatus(const EctStatusFacts& facts) {
  if (facts.finished_on && *facts.finished_on >= facts.today) return EctStatus::kLeavingSchool;
  switch (facts.induction_status) {
    case InductionStatus::kPassed:
      return EctStatus::kCompletedInduction;
    case InductionStatus::kFailed:
    case InductionStatus::kFailedInWales:
      return EctStatus::kFailedInduction;
    case InductionStatus::kExempt:
      return EctStatus::kExempt;
    default:
      break;
  }
  if (facts.training_deferred) return EctStatus::kTrainingPaused;
  if (facts.training_withdrawn) return EctStatus::kActionRequired;
  return facts.has_current_mentor ? EctStatus::kRegistered : EctStatus::kMentorRequired;
}

absl::string_view EctStatusTag(EctStatus status) {
  switch (status) {
    case EctStatus::kMentorRequired:
    case EctStatus::kActionRequired:
      return "Action required";
    case EctStatus::kRegistered:
      return "Registered";
    case EctStatus::kLeavingSchool:
      return "Leaving school";
    case EctStatus::kCompletedInduction:
      return "Completed induction";
    case EctStatus::kFailedInduction:
      return "Failed induction";
    case EctStatus::kExempt:
      return "Exempt";
    case EctStatus::kTrainingPaused:
      return "Training paused";
  }
  return "";
}

}  // namespace rect::registration::wizard
