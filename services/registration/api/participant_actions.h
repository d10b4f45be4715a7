// The rules of PUT /participants/{id}/withdraw, /defer and /resume (lead-provider-api.md §5.2)
// as one pure function over the facts the store loads. No I/O.
#pragma once

#include <optional>
#include <string>
#include <vector>

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

}  // namespace rect::registration::api
