// The rules of POST /participant-declarations (lead-provider-api.md §6.2, §6.3) as one pure
// function over the facts the store loads, plus the declaration state of §6.1. No I/O.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace rect::registration::api {

enum class Course { kEct, kMentor };

// "ecf-induction" -> ECT, "ecf-mentor" -> mentor; nullopt otherwise.
std::optional<Course> CourseFromIdentifier(absl::string_view identifier);
absl::string_view CourseIdentifier(Course course);
// "ect" / "mentor", as stored.
absl::string_view CourseName(Course course);

// Contract periods whose payments are frozen (their funding contract has ended).
bool IsFrozenCohort(int year);

// Europe/London, where "today" and milestone day edges are reckoned.
const absl::TimeZone& LondonTimeZone();

// YYYY-MM-DDTHH:MM:SS[.f][Z|±HH[:MM]], a real date; no offset means London time.
std::optional<absl::Time> ParseDeclarationDate(absl::string_view text);

// The nine declaration types in sequence order; -1 for anything else.
int DeclarationTypeRank(absl::string_view type);

struct FieldError {
  std::string attribute;
  std::string message;
  bool operator==(const FieldError& o) const {
    return attribute == o.attribute && message == o.message;
  }
};

// The POST attributes as sent (absent = empty).
struct DeclarationAttributes {
  std::string participant_id;
  std::string course_identifier;
  std::string declaration_type;
  std::string declaration_date;
  std::string evidence_held;
};

struct Milestone {
  absl::CivilDay start_date;
  std::optional<absl::CivilDay> milestone_date;
};

// The calling provider's latest-started training period in the requested role.
struct ProviderTraining {
  int cohort = 0;
  std::optional<absl::Time> withdrawn_at;
  // Declaration type -> milestone of the period's schedule.
  std::map<std::string, Milestone> milestones;
};

// A billable-or-changeable declaration of the person in the role, from any provider.
struct ExistingDeclaration {
  std::string declaration_type;
  absl::Time declaration_date;
};

// What the store knows about the request's participant, as the rules need it.
struct DeclarationFacts {
  bool participant_known = false;            // a teacher with that id exists
  bool trains_with_provider = false;         // any training period with the caller, any role
  std::optional<ProviderTraining> training;  // the caller's latest in the requested role
  std::vector<ExistingDeclaration> billable;
  // The cohort of the person's training in the role (any provider) that covers today.
  std::optional<int> cohort_covering_today;
  bool funding_eligible = false;
  bool open_statement_available = false;  // S of §6.1 exists
};

// What a successful evaluation decided.
struct AcceptedDeclaration {
  Course course;
  std::string declaration_type;
  absl::Time declaration_date;
  std::string evidence_held;  // empty when discarded or not given
  bool eligible;              // eligible on S, else submitted
};

struct DeclarationDecision {
  std::vector<FieldError> errors;  // empty when accepted
  std::optional<AcceptedDeclaration> accepted;
};

// Applies rules 1-17 of §6.2 in order. `participant_id` blank or unknown is decided from
// `facts.participant_known`; `now` is the request's instant.
DeclarationDecision EvaluateDeclaration(const DeclarationAttributes& attributes,
                                        const DeclarationFacts& facts, absl::Time now);

// §6.1: the API state of a payment × clawback status pair.
std::string DeclarationState(absl::string_view payment_status, absl::string_view clawback_status);

// PUT /void (§6.5) on one of the caller's declarations.
struct VoidFacts {
  std::string payment_status;
  std::string clawback_status;
  int cohort = 0;
  bool clawback_statement_available = false;
};
enum class VoidOutcome { kVoid, kAwaitClawback };
struct VoidDecision {
  std::vector<FieldError> errors;
  VoidOutcome outcome = VoidOutcome::kVoid;
};
VoidDecision EvaluateVoid(const VoidFacts& facts);

// Messages shared with the participant rules.
inline constexpr char kParticipantNotRecognised[] =
    "Your update cannot be made as the '#/participant_id' is not recognised. Check participant "
    "details and try again.";
inline constexpr char kCourseNotRecognised[] =
    "The entered '#/course_identifier' is not recognised for the given participant. Check "
    "details and try again.";

}  // namespace rect::registration::api
