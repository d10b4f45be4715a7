// The register-a-new-mentor wizard (school-journeys.md §4.2): its steps as small objects with
// their validation and next-step rules, the allowed steps, and what the save must do.
#pragma once

#include <string>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "services/registration/contract_period.h"
#include "services/registration/mentorship.h"
#include "services/registration/wizard/fields.h"
#include "services/registration/wizard/programme.h"
#include "services/registration/wizard/register_ect.h"
#include "services/registration/wizard/trs_result.h"

namespace rect::registration::wizard {

enum class MentorStep {
  kFindMentor,
  kNoTrn,
  kNationalInsuranceNumber,
  kTrnNotFound,
  kCannotMentorThemself,
  kNotFound,
  kAlreadyActiveAtSchool,
  kCannotRegisterMentor,
  kReviewMentorDetails,
  kEmailAddress,
  kCantUseEmail,
  kReviewMentorEligibility,
  kMentoringAtNewSchoolOnly,
  kStartedOn,
  kCannotRegisterMentorYet,
  kPreviousTrainingPeriodDetails,
  kProgrammeChoices,
  kLeadProvider,
  kCheckAnswers,
  kConfirmation,
};

// The URL segment: /school/register-mentor/<slug>.
absl::string_view MentorStepSlug(MentorStep step);
std::optional<MentorStep> ParseMentorStep(absl::string_view slug);

// RECT's own facts about the TRN found, read by the caller at look-up time.
struct MentorRecordFacts {
  bool open_mentor_period_at_this_school = false;
  bool open_mentor_period_elsewhere = false;
  bool mentored_before = false;  // any earlier mentor period
  bool had_mentor_training = false;
  std::optional<MentorIneligibilityReason> ineligibility_reason;
  // The latest mentor period at another school, for the started-on rules.
  std::string other_school_name;
  std::optional<absl::CivilDay> other_school_started_on;
};

// Kept server-side between requests; never the date of birth or NINO.
struct MentorAnswers {
  std::string trn;
  std::optional<TrsLookup> lookup;
  std::optional<TrsLookup> nino_lookup;
  bool used_nino = false;
  TrsTeacher teacher;
  MentorRecordFacts facts;
  std::optional<NameCheck> name_check;
  std::string corrected_name;
  std::string email;
  bool email_in_use = false;
  std::optional<bool> mentoring_at_new_school_only;
  std::optional<absl::CivilDay> started_on;
  std::optional<bool> use_same_programme_choices;
  std::optional<std::string> lead_provider_id;
  bool saved = false;

  std::string Name() const;
};

// An LP with an active_lead_providers row in `year`.
struct ActiveLeadProvider {
  int year = 0;
  LeadProviderOption lead_provider;
};

// The ECT being mentored and the reference data; built by the caller per request.
struct MentorContext {
  absl::CivilDay today;
  std::vector<ContractPeriod> contract_periods;
  std::string ect_trn;
  std::string ect_name;
  std::optional<TrainingProgramme> ect_training_programme;
  std::optional<std::string> ect_lead_provider_id;
  std::vector<ActiveLeadProvider> active_lead_providers;
};

// The contract period year the mentor's LP check uses: the one containing the start date when
// answered, else today's (§6).
std::optional<int> MentorLeadProviderYear(const MentorAnswers& answers,
                                          const MentorContext& context);
// LPs selectable on the lead-provider step (active in MentorLeadProviderYear).
std::vector<LeadProviderOption> MentorLeadProviderOptions(const MentorAnswers& answers,
                                                          const MentorContext& context);

struct FindMentorStep {
  using Form = FindEctStep::Form;
  using Lookup = FindEctStep::Lookup;
  static FieldErrors Validate(const Form& form, absl::CivilDay today, Lookup* lookup);
  static void Record(const std::string& trn, TrsLookup lookup, const TrsTeacher& teacher,
                     const MentorRecordFacts& facts, MentorAnswers* answers);
};

struct MentorNationalInsuranceNumberStep {
  using Form = NationalInsuranceNumberStep::Form;
  static FieldErrors Validate(const Form& form, std::string* nino);
  static void Record(TrsLookup lookup, const TrsTeacher& teacher, const MentorRecordFacts& facts,
                     MentorAnswers* answers);
};

struct ReviewMentorDetailsStep {
  using Form = ReviewEctDetailsStep::Form;
  static FieldErrors Submit(const Form& form, MentorAnswers* answers);
};

struct MentorEmailAddressStep {
  using Form = EmailAddressStep::Form;
  static FieldErrors Validate(const Form& form, std::string* email);
  static void Record(const std::string& email, bool in_use_by_other_trn, MentorAnswers* answers);
};

// "Continue" accepts the ECT's LP; the page's link goes to lead-provider instead.
struct ReviewMentorEligibilityStep {
  static void Accept(const MentorContext& context, MentorAnswers* answers);
};

struct MentoringAtNewSchoolOnlyStep {
  struct Form {
    std::string mentoring_at_new_school_only;  // "yes" | "no"
  };
  static FieldErrors Submit(const Form& form, MentorAnswers* answers);
};

struct StartedOnStep {
  struct Form {
    DateInput started_on;
  };
  static FieldErrors Submit(const Form& form, const MentorContext& context, MentorAnswers* answers);
};

struct ProgrammeChoicesStep {
  struct Form {
    std::string use_same_programme_choices;  // "yes" | "no"
  };
  // Yes = the ECT's LP; No clears the LP so lead-provider asks.
  static FieldErrors Submit(const Form& form, const MentorContext& context, MentorAnswers* answers);
};

struct MentorLeadProviderStep {
  struct Form {
    std::string lead_provider_id;
  };
  static FieldErrors Submit(const Form& form, const MentorContext& context, MentorAnswers* answers);
};

// The step after `step`, or nullopt while it is unanswered or a dead end.
std::optional<MentorStep> NextMentorStep(MentorStep step, const MentorAnswers& answers,
                                         const MentorContext& context);

// After submitting `step` with answers that were complete before (a change link from check
// answers): check-answers again when they still are, else the next step as usual.
std::optional<MentorStep> NextMentorStepAfterChange(MentorStep step, bool was_complete,
                                                    const MentorAnswers& answers,
                                                    const MentorContext& context);

// Reachable steps in order (the last is the furthest); only `confirmation` once saved.
// `no-trn` and the lead-provider link from review-mentor-eligibility are also allowed.
std::vector<MentorStep> AllowedMentorSteps(const MentorAnswers& answers,
                                           const MentorContext& context);
MentorStep ResolveMentorStep(MentorStep requested, const MentorAnswers& answers,
                             const MentorContext& context);
absl::Status CheckMentorAnswersComplete(const MentorAnswers& answers, const MentorContext& context);

// What the save transaction does with complete answers.
struct MentorSavePlan {
  absl::CivilDay started_on;              // answered start, else today
  bool end_other_mentor_periods = false;  // "only at your school" (default yes), on start − 1
  // Provider-led mentor training with this LP; absent when none is created.
  std::optional<std::string> training_lead_provider_id;
  bool eligible_for_funding = false;
};
MentorSavePlan PlanMentorSave(const MentorAnswers& answers, const MentorContext& context);

}  // namespace rect::registration::wizard
