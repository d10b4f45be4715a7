// The rules behind a school's teacher pages and the changes it makes to its teachers (school-
// journeys.md §2, §3.5): searching and paging the lists, each change form's validation, the
// mentor's status and training status, and how a programme or lead-provider change ends the
// current training period and opens the next. Pure: no I/O.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "services/registration/contract_period.h"
#include "services/registration/wizard/fields.h"
#include "services/registration/wizard/programme.h"

namespace rect::registration {

// --- lists ------------------------------------------------------------------------------------

// A search box's text as SQL patterns: `name_pattern` for ILIKE on the display name (LIKE
// wildcards in the text escaped with '\'), `trn_prefix` when the text is 1–7 digits (spaces
// ignored). Both empty for blank text: everyone matches.
struct TeacherSearch {
  std::string name_pattern;
  std::string trn_prefix;
  bool everyone() const { return name_pattern.empty() && trn_prefix.empty(); }
};
TeacherSearch ParseTeacherSearch(absl::string_view text);

inline constexpr int kDefaultTeachersPageSize = 20;
inline constexpr int kMaxTeachersPageSize = 100;

// Which page of `matching` rows to show: pages from 1, at least one page; a page past the last
// shows the last, below 1 the first. A page size outside 1–100 is the default 20.
struct TeacherPage {
  int page = 1;
  int pages = 1;
  int limit = kDefaultTeachersPageSize;
  int offset = 0;
};
TeacherPage PageOfTeachers(int matching, int requested_page, int requested_page_size);

// --- statuses ---------------------------------------------------------------------------------

// A mentor's tag on the school's pages: "Leaving school" once a leaving date is reported (on or
// after today), else "Registered".
std::string MentorStatusTag(const std::optional<absl::CivilDay>& finished_on, absl::CivilDay today);

// The state of a mentor's latest training period: "withdrawn", "deferred", "active" while open
// on or after today, "" when it has finished (or there is none).
struct TrainingPeriodFacts {
  absl::CivilDay started_on;
  std::optional<absl::CivilDay> finished_on;
  bool withdrawn = false;
  bool deferred = false;
};
std::string TrainingStatus(const std::optional<TrainingPeriodFacts>& latest, absl::CivilDay today);

// --- change forms -----------------------------------------------------------------------------
// Each returns the value to store, or the errors to show (field name as on the form).

// Corrected name: trimmed, required, at most 70 characters, not the current name (any case).
absl::StatusOr<std::string> ValidateNameChange(absl::string_view raw, absl::string_view current,
                                               wizard::FieldErrors* errors);

// Email: trimmed, required, GOV.UK Notify format, not the current one (any case), and not on a
// period of a different TRN that is open today (decisions.md: email uniqueness).
struct EmailChangeFacts {
  std::string current_email;
  std::string trn;
  std::vector<wizard::EmailHolder> holders;  // periods carrying the new address
  absl::CivilDay today;
};
std::optional<std::string> ValidateEmailChange(absl::string_view raw, const EmailChangeFacts& facts,
                                               wizard::FieldErrors* errors);

// Working pattern: "full_time" or "part_time", different from the current one.
std::optional<wizard::WorkingPattern> ValidateWorkingPatternChange(
    absl::string_view raw, const std::optional<wizard::WorkingPattern>& current,
    wizard::FieldErrors* errors);

// Appropriate body: one of `bodies`, active, a teaching school hub (or ISTIP for an independent
// school), different from the current one.
std::optional<std::string> ValidateAppropriateBodyChange(
    absl::string_view raw, const std::vector<wizard::AppropriateBodyOption>& bodies,
    bool independent_school, absl::string_view current_id, wizard::FieldErrors* errors);

// The appropriate bodies the change form offers: active hubs, ISTIP first for an independent
// school; never the current one.
std::vector<wizard::AppropriateBodyOption> SelectableAppropriateBodies(
    const std::vector<wizard::AppropriateBodyOption>& bodies, bool independent_school,
    absl::string_view current_id);

// Training programme (and, for provider-led, a lead provider of `lead_providers`): the
// programme must differ from the current one.
struct ProgrammeChoice {
  wizard::TrainingProgramme programme = wizard::TrainingProgramme::kSchoolLed;
  std::string lead_provider_id;  // provider-led only
};
std::optional<ProgrammeChoice> ValidateProgrammeChange(
    absl::string_view programme, absl::string_view lead_provider_id,
    const std::optional<wizard::TrainingProgramme>& current,
    const std::vector<wizard::LeadProviderOption>& lead_providers, wizard::FieldErrors* errors);

// Lead provider: only for provider-led training; one of `lead_providers`, not the current one.
std::optional<std::string> ValidateLeadProviderChange(
    absl::string_view raw, const std::optional<wizard::TrainingProgramme>& current_programme,
    absl::string_view current_lead_provider_id,
    const std::vector<wizard::LeadProviderOption>& lead_providers, wizard::FieldErrors* errors);

// --- training period changes -------------------------------------------------------------------

// An ECT's training as a programme or lead-provider change needs it.
struct CurrentTraining {
  absl::CivilDay started_on;
  std::optional<absl::CivilDay> finished_on;
  bool has_declarations = false;  // a lead provider declared against it: never deleted
};

struct TrainingChangeFacts {
  absl::CivilDay today;
  absl::CivilDay ect_started_on;
  std::optional<absl::CivilDay> ect_finished_on;
  std::vector<ContractPeriod> contract_periods;
  // The ECT period's current or next training period (open on or after today), if any.
  std::optional<CurrentTraining> current;
  // The teacher's latest provider-led ECT training (any school), and its schedule.
  std::optional<PreviousProviderLedTraining> previous_provider_led;
  std::string previous_schedule_identifier;
};

// The contract period a new provider-led training period would be in (§6: a frozen year moves
// to 2024, an unfrozen one is kept, else the period of max(start, today)), with whether that is
// a move off a frozen year. FAILED_PRECONDITION with the page's message when that period is not
// open for registration yet.
absl::StatusOr<RegistrationPeriod> NewTrainingContractPeriod(const TrainingChangeFacts& facts);

struct TrainingChangePlan {
  absl::CivilDay transition;  // the new period's first day: max(ECT start, today)
  enum class Current { kNone, kFinish, kDelete };
  Current current = Current::kNone;               // kFinish ends it on transition − 1
  std::optional<absl::CivilDay> new_finished_on;  // the ECT period's end
  wizard::TrainingProgramme programme = wizard::TrainingProgramme::kSchoolLed;
  std::string lead_provider_id;
  int contract_period_year = 0;     // provider-led only
  std::string schedule_identifier;  // provider-led only
};

// A programme or lead-provider change: the current training ends the day before the
// transition, or is deleted when it has not started by then; the new one runs from the
// transition to the ECT period's end. FAILED_PRECONDITION when the ECT has left by then or an
// unstarted period already has declarations.
absl::StatusOr<TrainingChangePlan> PlanTrainingChange(const TrainingChangeFacts& facts,
                                                      const ProgrammeChoice& choice);

}  // namespace rect::registration
