// The register-an-ECT wizard (school-journeys.md §3): its steps as small objects, each with its
// validation and next-step rule, the allowed-steps computation and the status after saving.
#pragma once

#include <string>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "services/registration/contract_period.h"
#include "services/registration/wizard/fields.h"
#include "services/registration/wizard/programme.h"
#include "services/registration/wizard/trs_result.h"

namespace rect::registration::wizard {

enum class EctStep {
  kWhatYouWillNeed,
  kFindEct,
  kNationalInsuranceNumber,
  kTrnNotFound,
  kNotFound,
  kAlreadyActiveAtSchool,
  kInductionCompleted,
  kInductionExempt,
  kInductionFailed,
  kCannotRegisterEct,
  kReviewEctDetails,
  kRegisteredBefore,
  kEmailAddress,
  kCantUseEmail,
  kStartDate,
  kCannotRegisterEctYet,
  kWorkingPattern,
  kUsePreviousEctChoices,
  kStateSchoolAppropriateBody,
  kIndependentSchoolAppropriateBody,
  kTrainingProgramme,
  kLeadProvider,
  kCheckAnswers,
  kConfirmation,
};

// The URL segment: /school/register-ect/<slug>.
absl::string_view EctStepSlug(EctStep step);
std::optional<EctStep> ParseEctStep(absl::string_view slug);

enum class NameCheck { kCorrect, kCorrected };

// RECT's own facts about the TRN found, read by the caller at look-up time.
struct EctRecordFacts {
  bool open_ect_period_at_this_school = false;
  bool has_earlier_ect_period = false;  // -> registered-before
};

// The answers kept server-side between requests. Never the date of birth or NINO: those only
// travel in the look-up request (decisions.md).
struct EctAnswers {
  std::string trn;
  std::optional<TrsLookup> lookup;       // by TRN, DOB compared
  std::optional<TrsLookup> nino_lookup;  // only after kDateOfBirthMismatch
  bool used_nino = false;                // review shows "NINO" instead of DOB
  TrsTeacher teacher;
  EctRecordFacts facts;
  std::optional<NameCheck> name_check;
  std::string corrected_name;
  std::string email;
  bool email_in_use = false;  // open ECT/mentor period of a different TRN has it
  std::optional<absl::CivilDay> start_date;
  std::optional<WorkingPattern> working_pattern;
  std::optional<bool> use_previous_choices;
  std::optional<std::string> appropriate_body_id;
  std::optional<TrainingProgramme> training_programme;
  std::optional<std::string> lead_provider_id;
  bool saved = false;

  // Corrected name when given, else TRS first + last name.
  std::string Name() const;
};

// The teacher's earlier ECT period (any school), for the start-date rules.
struct PreviousEctPeriod {
  std::string school_name;
  absl::CivilDay started_on;
  std::optional<absl::CivilDay> finished_on;  // open when absent or after today
  std::optional<absl::CivilDay> latest_training_started_on;
};

// What the wizard needs to know besides the answers; the caller builds it per request.
struct EctContext {
  absl::CivilDay today;
  std::vector<ContractPeriod> contract_periods;
  bool independent_school = false;  // -> independent-school-appropriate-body
  std::optional<PreviousEctPeriod> previous_ect_period;
  std::optional<PreviousProviderLedTraining> previous_training;
  bool previous_choices_offered = false;  // ComputePreviousChoices(...).offered
  SchoolLastChoices last_choices;
  std::vector<AppropriateBodyOption> appropriate_bodies;
  std::vector<LeadProviderOption> lead_providers;  // active in the registration period
};

// --- steps -------------------------------------------------------------------------------

struct FindEctStep {
  struct Form {
    std::string trn;
    DateInput date_of_birth;
  };
  // Sent to TRS and then dropped.
  struct Lookup {
    std::string trn;
    absl::CivilDay date_of_birth;
  };
  static FieldErrors Validate(const Form& form, absl::CivilDay today, Lookup* lookup);
  // Starts a fresh registration from what TRS said (opening find-ect discards earlier answers).
  static void Record(const std::string& trn, TrsLookup lookup, const TrsTeacher& teacher,
                     const EctRecordFacts& facts, EctAnswers* answers);
};

struct NationalInsuranceNumberStep {
  struct Form {
    std::string national_insurance_number;
  };
  static FieldErrors Validate(const Form& form, std::string* nino);
  // kFound continues from outcome 3; anything else -> not-found.
  static void Record(TrsLookup lookup, const TrsTeacher& teacher, const EctRecordFacts& facts,
                     EctAnswers* answers);
};

struct ReviewEctDetailsStep {
  struct Form {
    std::string name_check;  // "correct" | "corrected"
    std::string corrected_name;
  };
  static FieldErrors Submit(const Form& form, EctAnswers* answers);
};

struct EmailAddressStep {
  struct Form {
    std::string email;
  };
  // Format check only; the caller then looks the address up (case-insensitively, open periods
  // of other TRNs) and calls Record.
  static FieldErrors Validate(const Form& form, std::string* email);
  static void Record(const std::string& email, bool in_use_by_other_trn, EctAnswers* answers);
};

struct StartDateStep {
  struct Form {
    DateInput start_date;
  };
  static FieldErrors Submit(const Form& form, const EctContext& context, EctAnswers* answers);
};

struct WorkingPatternStep {
  struct Form {
    std::string working_pattern;  // "full_time" | "part_time"
  };
  static FieldErrors Submit(const Form& form, EctAnswers* answers);
};

struct UsePreviousEctChoicesStep {
  struct Form {
    std::string use_previous_choices;  // "yes" | "no"
  };
  // Yes copies the school's last AB/programme/LP; No clears them so they are asked again.
  static FieldErrors Submit(const Form& form, const EctContext& context, EctAnswers* answers);
};

struct StateSchoolAppropriateBodyStep {
  struct Form {
    std::string appropriate_body_id;
  };
  static FieldErrors Submit(const Form& form, const EctContext& context, EctAnswers* answers);
};

struct IndependentSchoolAppropriateBodyStep {
  struct Form {
    std::string choice;               // "istip" | "teaching_school_hub"
    std::string appropriate_body_id;  // the hub picker, with "teaching_school_hub"
  };
  static FieldErrors Submit(const Form& form, const EctContext& context, EctAnswers* answers);
};

struct TrainingProgrammeStep {
  struct Form {
    std::string training_programme;  // "provider_led" | "school_led"
  };
  // School-led clears any lead provider.
  static FieldErrors Submit(const Form& form, EctAnswers* answers);
};

struct LeadProviderStep {
  struct Form {
    std::string lead_provider_id;
  };
  static FieldErrors Submit(const Form& form, const EctContext& context, EctAnswers* answers);
};

// --- navigation --------------------------------------------------------------------------

// The step after `step` given the answers, or nullopt while `step` is unanswered or is a dead
// end (trn-not-found, induction-*, cant-use-email, cannot-register-ect-yet, check-answers...).
std::optional<EctStep> NextEctStep(EctStep step, const EctAnswers& answers,
                                   const EctContext& context);

// The step after submitting `step` when the answers were complete before (a change link from
// check answers): check-answers again when they still are, else the next step as usual, so
// switching to provider-led asks for the lead provider and answering No to the previous choices
// asks the appropriate body, programme and provider again (§3.5).
std::optional<EctStep> NextEctStepAfterChange(EctStep step, bool was_complete,
                                              const EctAnswers& answers,
                                              const EctContext& context);

// A start date changed into another registration year: choices reused from the school's
// previous ones (and with them a pending roll-over of the school's partnership into the year)
// are dropped, to be asked again, and a lead provider not active in the new year is cleared.
void DropChoicesOfAnotherYear(std::optional<int> year_before, std::optional<int> year_now,
                              const std::vector<LeadProviderOption>& providers_now,
                              EctAnswers* answers);

// The steps reachable from the start with the stored answers, in order; only `confirmation`
// once saved. The last one is the furthest allowed.
std::vector<EctStep> AllowedEctSteps(const EctAnswers& answers, const EctContext& context);

// `requested` when allowed, else the furthest allowed step (redirect there).
EctStep ResolveEctStep(EctStep requested, const EctAnswers& answers, const EctContext& context);

// OK only when check-answers is reachable and nothing is saved yet; FAILED_PRECONDITION else
// (e.g. an empty store).
absl::Status CheckEctAnswersComplete(const EctAnswers& answers, const EctContext& context);

// The registration period of the answered start date (§6), for the LP list and the save.
absl::StatusOr<RegistrationPeriod> EctAnswersRegistrationPeriod(const EctAnswers& answers,
                                                                const EctContext& context);

// --- status after saving (§3.5) -------------------------------------------------------------

enum class EctStatus {
  kMentorRequired,  // "Action required — A mentor needs to be assigned to {name}"
  kRegistered,
  kLeavingSchool,
  kCompletedInduction,
  kFailedInduction,
  kExempt,
  kTrainingPaused,  // deferred
  kActionRequired,  // withdrawn
};

struct EctStatusFacts {
  absl::CivilDay today;
  bool has_current_mentor = false;
  InductionStatus induction_status = InductionStatus::kNone;
  std::optional<absl::CivilDay> finished_on;  // the ECT period's end
  bool training_deferred = false;
  bool training_withdrawn = false;
};

// Precedence: leaving, induction outcome, deferred, withdrawn, mentor required, registered.
EctStatus DeriveEctStatus(const EctStatusFacts& facts);
// The tag text ("Action required", "Registered", ...).
absl::string_view EctStatusTag(EctStatus status);

}  // namespace rect::registration::wizard
