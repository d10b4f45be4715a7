// The rules of PUT /participants/{id}/withdraw, /defer, /resume and /change-schedule
// (lead-provider-api.md §5.2) as pure functions over the facts the store loads. No I/O.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/registration/api/declaration_rules.h"

namespace rect::registration::api {

enum class ParticipantAction { kWithdraw, kDefer, kResume };

// The body's attributes as sent (absent = empty).
struct ActionAttributes {
  std::string course_identifier;
  std::string reason;
};

// The caller's latest-started training period in the role.
struct ActionTraining {
  absl::CivilDay started_on;
  std::optional<absl::CivilDay> finished_on;
  std::optional<absl::Time> withdrawn_at;
  std::optional<absl::Time> deferred_at;
};

struct ActionFacts {
  std::optional<ActionTraining> training;
  // Resume: another training period of the same school stint covers today.
  bool other_training_covers_today = false;
  // Resume: the person's period at the school covers today.
  bool at_school_today = false;
};

// The refusals of `action` (empty: it may go ahead). Only the first failing participant_id
// rule is reported.
std::vector<FieldError> EvaluateParticipantAction(ParticipantAction action,
                                                  const ActionAttributes& attributes,
                                                  const ActionFacts& facts, absl::CivilDay today);

// ---- change-schedule ----

// The body's attributes as sent (absent = empty; a JSON number as its text).
struct ScheduleChangeAttributes {
  std::string course_identifier;
  std::string schedule_identifier;
  std::string cohort;
};

// One of the twelve identifiers ecf-{standard|extended|reduced|replacement}-{january|april|
// september}.
bool IsScheduleIdentifier(absl::string_view identifier);

// The cohort the request names: the leading integer of `cohort` when it is a known contract
// period year (`known_year`), else the training's own (an unknown cohort is ignored).
int TargetCohort(absl::string_view cohort, int current_cohort,
                 const std::function<bool(int)>& known_year);

// A billable-or-changeable declaration on the training period being changed.
struct PeriodDeclaration {
  std::string declaration_type;
  absl::Time declaration_date;
};

// Whether every declaration still fits `milestones` (declaration type -> window) of another
// schedule: the type has a milestone and the date lies inside it, by London days.
bool DeclarationsFitSchedule(const std::vector<PeriodDeclaration>& declarations,
                             const std::map<std::string, Milestone>& milestones);

// The caller's latest-started partnership training in the role.
struct ScheduleTraining {
  absl::CivilDay started_on;
  std::optional<absl::CivilDay> finished_on;
  std::optional<absl::Time> withdrawn_at;
  std::optional<absl::Time> deferred_at;
  int cohort = 0;
  std::string schedule_identifier;
  // Induction (ECT) or mentor training completed on or before the period's end.
  bool completed = false;
};

struct ScheduleChangeFacts {
  std::optional<ScheduleTraining> training;
  int target_cohort = 0;               // TargetCohort of the request
  bool target_schedule_exists = false;  // the identifier is a schedule of target_cohort
  // Changing cohort: the caller has a partnership with the school in target_cohort.
  bool partnership_in_target_cohort = false;
  bool target_cohort_frozen = false;
  // The frozen cohort the person was moved out of in this role (none when never moved).
  std::optional<int> payments_frozen_year;
  // Any training in the role, with any provider, started after this one.
  bool later_training_exists = false;
  // The period's declarations fit the target schedule's milestones.
  bool declarations_fit_target_schedule = true;
};

// The refusals of a change of schedule (empty: it may go ahead), attribute by attribute in the
// order course_identifier, schedule_identifier, cohort, participant_id; only the first failing
// rule of each attribute is reported.
std::vector<FieldError> EvaluateScheduleChange(const ScheduleChangeAttributes& attributes,
                                               const ScheduleChangeFacts& facts,
                                               absl::CivilDay today);

}  // namespace rect::registration::api
