#include "services/registration/wizard/register_mentor.h"

#include <algorithm>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/registration/teacher.h"

namespace rect::registration::wizard {
namespace {

constexpr std::pair<MentorStep, absl::string_view> kSlugs[] = {
    {MentorStep::kFindMentor, "find-mentor"},
    {MentorStep::kNoTrn, "no-trn"},
    {MentorStep::kNationalInsuranceNumber, "national-insurance-number"},
    {MentorStep::kTrnNotFound, "trn-not-found"},
    {MentorStep::kCannotMentorThemself, "cannot-mentor-themself"},
    {MentorStep::kNotFound, "not-found"},
    {MentorStep::kAlreadyActiveAtSchool, "already-active-at-school"},
    {MentorStep::kCannotRegisterMentor, "cannot-register-mentor"},
    {MentorStep::kReviewMentorDetails, "review-mentor-details"},
    {MentorStep::kEmailAddress, "email-address"},
    {MentorStep::kCantUseEmail, "cant-use-email"},
    {MentorStep::kReviewMentorEligibility, "review-mentor-eligibility"},
    {MentorStep::kMentoringAtNewSchoolOnly, "mentoring-at-new-school-only"},
    {MentorStep::kStartedOn, "started-on"},
    {MentorStep::kCannotRegisterMentorYet, "cannot-register-mentor-yet"},
    {MentorStep::kPreviousTrainingPeriodDetails, "previous-training-period-details"},
    {MentorStep::kProgrammeChoices, "programme-choices"},
    {MentorStep::kLeadProvider, "lead-provider"},
    {MentorStep::kCheckAnswers, "check-answers"},
    {MentorStep::kConfirmation, "confirmation"},
};

FieldErrors Error(absl::string_view field, absl::string_view message) {
  return {FieldError{std::string(field), std::string(message)}};
}

bool EctProviderLed(const MentorContext& context) {
  return context.ect_training_programme == TrainingProgramme::kProviderLed;
}

bool MentorEligible(const MentorAnswers& answers) {
  return EligibleForMentorFunding(answers.facts.ineligibility_reason);
}

bool EctLeadProviderActive(const MentorAnswers& answers, const MentorContext& context) {
  if (!context.ect_lead_provider_id) return false;
  std::vector<LeadProviderOption> options = MentorLeadProviderOptions(answers, context);
  return std::any_of(options.begin(), options.end(), [&](const LeadProviderOption& lp) {
    return lp.id == *context.ect_lead_provider_id;
  });
}

// The programme questions once a start date is known (or not asked).
MentorStep ProgrammeQuestion(const MentorAnswers& answers, const MentorContext& context) {
  return EctLeadProviderActive(answers, context) ? MentorStep::kProgrammeChoices
                                                 : MentorStep::kLeadProvider;
}

MentorStep AfterIdentity(const MentorAnswers& answers) {
  if (answers.facts.open_mentor_period_at_this_school) return MentorStep::kAlreadyActiveAtSchool;
  if (answers.teacher.prohibited) return MentorStep::kCannotRegisterMentor;
  return MentorStep::kReviewMentorDetails;
}

MentorStep AfterEmail(const MentorAnswers& answers, const MentorContext& context) {
  if (answers.facts.open_mentor_period_elsewhere) return MentorStep::kMentoringAtNewSchoolOnly;
  if (answers.facts.mentored_before) return MentorStep::kStartedOn;
  if (!EctProviderLed(context) || !MentorEligible(answers)) return MentorStep::kCheckAnswers;
  return EctLeadProviderActive(answers, context) ? MentorStep::kReviewMentorEligibility
                                                 : MentorStep::kLeadProvider;
}

bool CannotRegisterYet(absl::CivilDay started_on, const MentorContext& context) {
  if (started_on <= context.today) return false;
  std::optional<ContractPeriod> period =
      ContractPeriodContaining(context.contract_periods, started_on);
  return !period || !period->enabled;
}

}  // namespace

absl::string_view MentorStepSlug(MentorStep step) {
  for (const auto& [s, slug] : kSlugs) {
    if (s == step) return slug;
  }
  return "";
}

std::optional<MentorStep> ParseMentorStep(absl::string_view slug) {
  for (const auto& [step, s] : kSlugs) {
    if (s == slug) return step;
  }
  return std::nullopt;
}

std::string MentorAnswers::Name() const {
  return DisplayName(teacher.first_name, teacher.last_name, corrected_name);
}

std::optional<int> MentorLeadProviderYear(const MentorAnswers& answers,
                                          const MentorContext& context) {
  std::optional<ContractPeriod> period = ContractPeriodContaining(
      context.contract_periods, answers.started_on.value_or(context.today));
  if (!period) return std::nullopt;
  return period->year;
}

std::vector<LeadProviderOption> MentorLeadProviderOptions(const MentorAnswers& answers,
                                                          const MentorContext& context) {
  std::vector<LeadProviderOption> options;
  std::optional<int> year = MentorLeadProviderYear(answers, context);
  if (!year) return options;
  for (const ActiveLeadProvider& active : context.active_lead_providers) {
    if (active.year == *year) options.push_back(active.lead_provider);
  }
  return options;
}

FieldErrors FindMentorStep::Validate(const Form& form, absl::CivilDay today, Lookup* lookup) {
  return FindEctStep::Validate(form, today, lookup);
}

void FindMentorStep::Record(const std::string& trn, TrsLookup lookup, const TrsTeacher& teacher,
                            const MentorRecordFacts& facts, MentorAnswers* answers) {
  *answers = MentorAnswers{};
  answers->trn = trn;
  answers->lookup = lookup;
  answers->teacher = teacher;
  answers->facts = facts;
}

FieldErrors MentorNationalInsuranceNumberStep::Validate(const Form& form, std::string* nino) {
  return NationalInsuranceNumberStep::Validate(form, nino);
}

void MentorNationalInsuranceNumberStep::Record(TrsLookup lookup, const TrsTeacher& teacher,
                                               const MentorRecordFacts& facts,
                                               MentorAnswers* answers) {
  answers->nino_lookup = lookup;
  answers->used_nino = true;
  if (lookup == TrsLookup::kFound) {
    answers->teacher = teacher;
    answers->facts = facts;
  }
}

FieldErrors ReviewMentorDetailsStep::Submit(const Form& form, MentorAnswers* answers) {
  EctAnswers name;
  FieldErrors errors = ReviewEctDetailsStep::Submit(form, &name);
  if (!errors.empty()) return errors;
  answers->name_check = name.name_check;
  answers->corrected_name = name.corrected_name;
  return {};
}

FieldErrors MentorEmailAddressStep::Validate(const Form& form, std::string* email) {
  return EmailAddressStep::Validate(form, email);
}

void MentorEmailAddressStep::Record(const std::string& email, bool in_use_by_other_trn,
                                    MentorAnswers* answers) {
  answers->email = email;
  answers->email_in_use = in_use_by_other_trn;
}

void ReviewMentorEligibilityStep::Accept(const MentorContext& context, MentorAnswers* answers) {
  answers->lead_provider_id = context.ect_lead_provider_id;
}

FieldErrors MentoringAtNewSchoolOnlyStep::Submit(const Form& form, MentorAnswers* answers) {
  if (form.mentoring_at_new_school_only == "yes" || form.mentoring_at_new_school_only == "no") {
    answers->mentoring_at_new_school_only = form.mentoring_at_new_school_only == "yes";
    return {};
  }
  return Error("mentoring_at_new_school_only",
               "Select 'Yes' or 'No' to confirm whether they will be mentoring at your school "
               "only");
}

FieldErrors StartedOnStep::Submit(const Form& form, const MentorContext& context,
                                  MentorAnswers* answers) {
  absl::CivilDay start;
  switch (ParseDateInput(form.started_on, &start)) {
    case DateInputState::kMissing:
      return Error("started_on",
                   "Enter the date they started or will start ECT mentoring at your school");
    case DateInputState::kInvalid:
      return Error("started_on", "Enter the date in the correct format, for example 12 03 1998");
    case DateInputState::kValid:
      break;
  }
  const MentorRecordFacts& facts = answers->facts;
  if (facts.other_school_started_on && start <= *facts.other_school_started_on + 1) {
    return Error("started_on",
                 absl::StrCat("Our records show that ", answers->Name(), " started mentoring at ",
                              facts.other_school_name, " on ",
                              FormatDisplayDate(*facts.other_school_started_on),
                              ". Enter a start date after ",
                              FormatDisplayDate(*facts.other_school_started_on + 1), "."));
  }
  const absl::CivilDay limit = MonthsAfter(context.today, 4);
  if (facts.open_mentor_period_elsewhere && !CannotRegisterYet(start, context) && start > limit) {
    return Error("started_on",
                 absl::StrCat("Start date must be before ", FormatDisplayDate(limit + 1),
                              ". You cannot register the mentor this far in "
                              "advance."));
  }
  answers->started_on = start;
  return {};
}

FieldErrors ProgrammeChoicesStep::Submit(const Form& form, const MentorContext& context,
                                         MentorAnswers* answers) {
  if (form.use_same_programme_choices == "yes") {
    answers->use_same_programme_choices = true;
    answers->lead_provider_id = context.ect_lead_provider_id;
    return {};
  }
  if (form.use_same_programme_choices == "no") {
    answers->use_same_programme_choices = false;
    answers->lead_provider_id.reset();
    return {};
  }
  return Error("use_same_programme_choices",
               absl::StrCat("Select 'Yes' or 'No' to confirm whether you want to use the same "
                            "programme choices for ",
                            answers->Name(), "’s mentor training"));
}

FieldErrors MentorLeadProviderStep::Submit(const Form& form, const MentorContext& context,
                                           MentorAnswers* answers) {
  if (form.lead_provider_id.empty()) {
    return Error("lead_provider_id", "Select a lead provider to contact your school");
  }
  std::vector<LeadProviderOption> options = MentorLeadProviderOptions(*answers, context);
  const std::string& id = form.lead_provider_id;
  const bool known = std::any_of(options.begin(), options.end(),
                                 [&](const LeadProviderOption& lp) { return lp.id == id; });
  if (!known) return Error("lead_provider_id", "Enter the name of a known lead provider");
  answers->lead_provider_id = id;
  return {};
}

std::optional<MentorStep> NextMentorStep(MentorStep step, const MentorAnswers& answers,
                                         const MentorContext& context) {
  switch (step) {
    case MentorStep::kFindMentor:
      if (!answers.lookup) return std::nullopt;
      if (IsNoRecord(*answers.lookup)) return MentorStep::kTrnNotFound;
      if (answers.trn == context.ect_trn) return MentorStep::kCannotMentorThemself;
      if (*answers.lookup == TrsLookup::kDateOfBirthMismatch) {
        return MentorStep::kNationalInsuranceNumber;
      }
      return AfterIdentity(answers);
    case MentorStep::kNationalInsuranceNumber:
      if (!answers.nino_lookup) return std::nullopt;
      if (*answers.nino_lookup != TrsLookup::kFound) return MentorStep::kNotFound;
      return AfterIdentity(answers);
    case MentorStep::kReviewMentorDetails:
      if (!answers.name_check) return std::nullopt;
      return MentorStep::kEmailAddress;
    case MentorStep::kEmailAddress:
      if (answers.email.empty()) return std::nullopt;
      return answers.email_in_use ? MentorStep::kCantUseEmail : AfterEmail(answers, context);
    case MentorStep::kReviewMentorEligibility:
      if (!answers.lead_provider_id) return std::nullopt;
      return MentorStep::kCheckAnswers;
    case MentorStep::kMentoringAtNewSchoolOnly:
      if (!answers.mentoring_at_new_school_only) return std::nullopt;
      return *answers.mentoring_at_new_school_only ? MentorStep::kStartedOn
                                                   : MentorStep::kCheckAnswers;
    case MentorStep::kStartedOn:
      if (!answers.started_on) return std::nullopt;
      if (CannotRegisterYet(*answers.started_on, context)) {
        return MentorStep::kCannotRegisterMentorYet;
      }
      if (!EctProviderLed(context) || !MentorEligible(answers)) return MentorStep::kCheckAnswers;
      if (answers.facts.had_mentor_training) return MentorStep::kPreviousTrainingPeriodDetails;
      return ProgrammeQuestion(answers, context);
    case MentorStep::kPreviousTrainingPeriodDetails:
      return ProgrammeQuestion(answers, context);
    case MentorStep::kProgrammeChoices:
      if (!answers.use_same_programme_choices) return std::nullopt;
      return *answers.use_same_programme_choices ? MentorStep::kCheckAnswers
                                                 : MentorStep::kLeadProvider;
    case MentorStep::kLeadProvider:
      if (!answers.lead_provider_id) return std::nullopt;
      return MentorStep::kCheckAnswers;
    case MentorStep::kNoTrn:
    case MentorStep::kTrnNotFound:
    case MentorStep::kCannotMentorThemself:
    case MentorStep::kNotFound:
    case MentorStep::kAlreadyActiveAtSchool:
    case MentorStep::kCannotRegisterMentor:
    case MentorStep::kCantUseEmail:
    case MentorStep::kCannotRegisterMentorYet:
    case MentorStep::kCheckAnswers:
    case MentorStep::kConfirmation:
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<MentorStep> NextMentorStepAfterChange(MentorStep step, bool was_complete,
                                                    const MentorAnswers& answers,
                                                    const MentorContext& context) {
  if (was_complete && step != MentorStep::kCheckAnswers &&
      CheckMentorAnswersComplete(answers, context).ok()) {
    return MentorStep::kCheckAnswers;
  }
  return NextMentorStep(step, answers, context);
}

std::vector<MentorStep> AllowedMentorSteps(const MentorAnswers& answers,
                                           const MentorContext& context) {
  if (answers.saved) return {MentorStep::kConfirmation};
  std::vector<MentorStep> path = {MentorStep::kFindMentor};
  while (path.size() <= std::size(kSlugs)) {
    std::optional<MentorStep> next = NextMentorStep(path.back(), answers, context);
    if (!next) break;
    path.push_back(*next);
  }
  return path;
}

MentorStep ResolveMentorStep(MentorStep requested, const MentorAnswers& answers,
                             const MentorContext& context) {
  std::vector<MentorStep> allowed = AllowedMentorSteps(answers, context);
  if (std::find(allowed.begin(), allowed.end(), requested) != allowed.end()) return requested;
  if (answers.saved) return MentorStep::kConfirmation;
  // Links off the path: "They do not have a TRN" from find-mentor, and "pick another lead
  // provider" from review-mentor-eligibility.
  if (requested == MentorStep::kNoTrn) return requested;
  if (requested == MentorStep::kLeadProvider &&
      std::find(allowed.begin(), allowed.end(), MentorStep::kReviewMentorEligibility) !=
          allowed.end()) {
    return requested;
  }
  return allowed.back();
}

absl::Status CheckMentorAnswersComplete(const MentorAnswers& answers,
                                        const MentorContext& context) {
  if (answers.saved) return absl::FailedPreconditionError("this registration is already saved");
  if (AllowedMentorSteps(answers, context).back() != MentorStep::kCheckAnswers) {
    return absl::FailedPreconditionError("the mentor answers are incomplete");
  }
  return absl::OkStatus();
}

MentorSavePlan PlanMentorSave(const MentorAnswers& answers, const MentorContext& context) {
  MentorSavePlan plan;
  plan.started_on = answers.started_on.value_or(context.today);
  const bool only_here = answers.mentoring_at_new_school_only.value_or(true);
  plan.end_other_mentor_periods = answers.facts.open_mentor_period_elsewhere && only_here;
  plan.eligible_for_funding = MentorEligible(answers);
  const bool mentoring_elsewhere = answers.facts.open_mentor_period_elsewhere && !only_here;
  if (answers.lead_provider_id && plan.eligible_for_funding && !mentoring_elsewhere) {
    plan.training_lead_provider_id = answers.lead_provider_id;
  }
  return plan;
}

}  // namespace rect::registration::wizard
