#include "services/registration/api/declaration_rules.h"

#include <algorithm>
#include <array>
#include <regex>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace rect::registration::api {
namespace {

constexpr std::array<absl::string_view, 9> kTypesInSequence = {
    "started",   "retained-1", "retained-2", "retained-3", "retained-4",
    "completed", "extended-1", "extended-2", "extended-3"};

constexpr char kSimpleEvidence[][32] = {"training-event-attended", "self-study-material-completed",
                                        "other"};

// The evidence values allowed for a declaration, or nullopt when evidence is discarded.
std::optional<std::vector<std::string>> AllowedEvidence(int cohort, Course course,
                                                        absl::string_view type) {
  const std::vector<std::string> simple(std::begin(kSimpleEvidence), std::end(kSimpleEvidence));
  if (cohort <= 2024) {
    if (type == "started") return std::nullopt;
    return simple;
  }
  std::vector<std::string> detailed = simple;
  detailed.push_back("materials-engaged-with-offline");
  const std::vector<std::string> engagement = {"75-percent-engagement-met",
                                               "75-percent-engagement-met-reduced-induction"};
  if (course == Course::kMentor) {
    return type == "started" ? detailed : engagement;
  }
  if (type == "retained-2") return engagement;
  if (type == "completed") {
    std::vector<std::string> completed = engagement;
    completed.push_back("one-term-induction");
    return completed;
  }
  return detailed;
}

absl::Time StartOfLondonDay(absl::CivilDay day) {
  return absl::FromCivil(absl::CivilSecond(day), LondonTimeZone());
}

std::string FormatUtcSeconds(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", time, absl::UTCTimeZone());
}

}  // namespace

std::optional<Course> CourseFromIdentifier(absl::string_view identifier) {
  if (identifier == "ecf-induction") return Course::kEct;
  if (identifier == "ecf-mentor") return Course::kMentor;
  return std::nullopt;
}

absl::string_view CourseIdentifier(Course course) {
  return course == Course::kEct ? "ecf-induction" : "ecf-mentor";
}

absl::string_view CourseName(Course course) { return course == Course::kEct ? "ect" : "mentor"; }

bool IsFrozenCohort(int year) { return year == 2021 || year == 2022; }

const absl::TimeZone& LondonTimeZone() {
  static const absl::TimeZone* const kLondon = [] {
    auto* zone = new absl::TimeZone();
    if (!absl::LoadTimeZone("Europe/London", zone)) *zone = absl::UTCTimeZone();
    return zone;
  }();
  return *kLondon;
}

std::optional<absl::Time> ParseDeclarationDate(absl::string_view text) {
  static const std::regex kPattern(
      R"(^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}(:?\d{2})?)?$)");
  const std::string value(text);
  std::smatch m;
  if (!std::regex_match(value, m, kPattern)) return std::nullopt;
  int year, month, day, hour, minute, second;
  if (!absl::SimpleAtoi(m[1].str(), &year) || !absl::SimpleAtoi(m[2].str(), &month) ||
      !absl::SimpleAtoi(m[3].str(), &day) || !absl::SimpleAtoi(m[4].str(), &hour) ||
      !absl::SimpleAtoi(m[5].str(), &minute) || !absl::SimpleAtoi(m[6].str(), &second)) {
    return std::nullopt;
  }
  const absl::CivilSecond civil(year, month, day, hour, minute, second);
  if (civil.year() != year || civil.month() != month || civil.day() != day ||
      civil.hour() != hour || civil.minute() != minute || civil.second() != second) {
    return std::nullopt;  // 2025-02-30 and 25:00 are not real instants
  }
  const std::string offset = m[8].str();
  if (offset.empty()) return absl::FromCivil(civil, LondonTimeZone());
  absl::Time utc = absl::FromCivil(civil, absl::UTCTimeZone());
  if (offset == "Z") return utc;
  int offset_hours = 0, offset_minutes = 0;
  if (!absl::SimpleAtoi(offset.substr(1, 2), &offset_hours)) return std::nullopt;
  if (offset.size() > 3) {
    const std::string minutes = offset.substr(offset.size() - 2);
    if (!absl::SimpleAtoi(minutes, &offset_minutes)) return std::nullopt;
  }
  if (offset_hours > 23 || offset_minutes > 59) return std::nullopt;
  absl::Duration shift = absl::Hours(offset_hours) + absl::Minutes(offset_minutes);
  return offset[0] == '+' ? utc - shift : utc + shift;
}

int DeclarationTypeRank(absl::string_view type) {
  for (size_t i = 0; i < kTypesInSequence.size(); ++i) {
    if (kTypesInSequence[i] == type) return static_cast<int>(i);
  }
  return -1;
}

DeclarationDecision EvaluateDeclaration(const DeclarationAttributes& in,
                                        const DeclarationFacts& facts, absl::Time now) {
  DeclarationDecision decision;
  std::vector<FieldError>& errors = decision.errors;
  auto fail = [&errors](absl::string_view attribute, std::string message) {
    errors.push_back({std::string(attribute), std::move(message)});
  };

  // 1-3: the participant, the course and a date must be given.
  const bool participant_ok = !in.participant_id.empty() && facts.participant_known;
  if (in.participant_id.empty()) {
    fail("participant_id", "Enter a '#/participant_id'.");
  } else if (!facts.participant_known) {
    fail("participant_id", kParticipantNotRecognised);
  }
  const std::optional<Course> course = CourseFromIdentifier(in.course_identifier);
  if (!course.has_value()) fail("course_identifier", "Enter a '#/course_identifier'.");
  if (in.declaration_date.empty()) fail("declaration_date", "Enter a '#/declaration_date'.");

  // 4: trains with the provider, but not in this role.
  const bool role_ok = participant_ok && course.has_value() && facts.training.has_value();
  const bool other_role_only = participant_ok && course.has_value() &&
                               facts.trains_with_provider && !facts.training.has_value();
  if (other_role_only) fail("course_identifier", kCourseNotRecognised);

  // 5: the declaration type.
  const bool type_ok = DeclarationTypeRank(in.declaration_type) >= 0;
  if (in.declaration_type.empty()) {
    fail("declaration_type", "Enter a '#/declaration_type'.");
  } else if (!type_ok) {
    fail("declaration_type", "Enter a valid declaration type.");
  }

  // 6: one billable declaration per type, whoever declared it. Asked only of someone the
  // provider trains in this role: otherwise rule 4 or rule 17 answers.
  if (role_ok && type_ok &&
      std::any_of(facts.billable.begin(), facts.billable.end(), [&](const ExistingDeclaration& d) {
        return d.declaration_type == in.declaration_type;
      })) {
    fail("declaration_type",
         "A declaration has already been submitted that will be, or has been, paid for this "
         "event.");
  }

  const std::optional<absl::Time> date =
      in.declaration_date.empty() ? std::nullopt : ParseDeclarationDate(in.declaration_date);
  // 7: not in the future.
  if (date.has_value() && *date > now) {
    fail("declaration_date",
         "The '#/declaration_date' value cannot be a future date. Check the date and try again.");
  }
  // 8: within the milestone of the type.
  if (date.has_value() && role_ok && type_ok) {
    auto milestone = facts.training->milestones.find(in.declaration_type);
    if (milestone != facts.training->milestones.end()) {
      if (*date < StartOfLondonDay(milestone->second.start_date)) {
        fail("declaration_date",
             "Declaration date must be on or after the milestone start date for the same "
             "declaration type.");
      } else if (milestone->second.milestone_date.has_value() &&
                 *date >= StartOfLondonDay(*milestone->second.milestone_date + 1)) {
        fail("declaration_date",
             "Declaration date must be on or before the milestone date for the same declaration "
             "type.");
      }
    }
  }
  // 9: the format.
  if (!in.declaration_date.empty() && !date.has_value()) {
    fail("declaration_date", "Enter a valid RCF3339 '#/declaration_date'.");
  }
  // 10: mentors from 2025 are paid for started and completed only.
  if (role_ok && type_ok && *course == Course::kMentor && facts.training->cohort >= 2025 &&
      in.declaration_type != "started" && in.declaration_type != "completed") {
    fail("declaration_type",
         "You cannot send retained or extended declarations for participants who began their "
         "mentor training after June 2025. Resubmit this declaration with either a started or "
         "completed declaration.");
  }
  if (!errors.empty()) return decision;

  // 11: evidence, by cohort, role and type.
  std::string evidence = in.evidence_held;
  if (role_ok) {
    const std::optional<std::vector<std::string>> allowed =
        AllowedEvidence(facts.training->cohort, *course, in.declaration_type);
    if (!allowed.has_value()) {
      evidence.clear();
    } else if (evidence.empty()) {
      fail("evidence_held", "Enter a '#/evidence_held' value for this participant.");
    } else if (std::find(allowed->begin(), allowed->end(), evidence) == allowed->end()) {
      fail("evidence_held", "Enter an available '#/evidence_held' type for this participant.");
    }
  }
  if (!errors.empty()) return decision;

  if (role_ok) {
    const ProviderTraining& training = *facts.training;
    // 12: not after a withdrawal (deferred people are not blocked).
    if (training.withdrawn_at.has_value() && *training.withdrawn_at <= *date) {
      fail("participant_id",
           absl::StrCat("This participant withdrew from this course on ",
                        FormatUtcSeconds(*training.withdrawn_at),
                        ". Enter a '#/declaration_date' that's on or before the withdrawal "
                        "date."));
    }
    // 13: training today in a frozen cohort.
    if (facts.cohort_covering_today.has_value() && IsFrozenCohort(*facts.cohort_covering_today)) {
      fail("cohort",
           absl::StrCat("You cannot submit declarations for the ", *facts.cohort_covering_today,
                        " cohort. The funding contract for this cohort has ended. Get "
                        "in touch if you need to discuss this with us."));
    }
    // 14: a funded declaration needs a statement to go on.
    if (facts.funding_eligible && !facts.open_statement_available) {
      fail("cohort",
           absl::StrCat("You cannot submit or void declarations for the ", training.cohort,
                        " cohort. The funding contract for this cohort has ended. Get "
                        "in touch if you need to discuss this with us."));
    }
    // 15: the schedule must have the type.
    if (training.milestones.find(in.declaration_type) == training.milestones.end()) {
      fail("declaration_type",
           "The property '#/declaration_type' does not exist for this schedule.");
    }
    // 16: from 2025, dates follow the type sequence.
    if (training.cohort >= 2025) {
      const int rank = DeclarationTypeRank(in.declaration_type);
      bool in_sequence = true;
      for (const ExistingDeclaration& existing : facts.billable) {
        const int other = DeclarationTypeRank(existing.declaration_type);
        if (other < rank && *date < existing.declaration_date) in_sequence = false;
        if (other > rank && *date > existing.declaration_date) in_sequence = false;
      }
      if (!in_sequence) {
        fail("declaration_date",
             "This '#/declaration_date' is invalid. Check that it is in sequence with existing "
             "declaration dates for this participant.");
      }
    }
  }
  // 17: never trained with the provider.
  if (!facts.trains_with_provider) fail("participant_id", kParticipantNotRecognised);
  if (!errors.empty()) return decision;

  decision.accepted =
      AcceptedDeclaration{*course, in.declaration_type, *date, evidence, facts.funding_eligible};
  return decision;
}

std::string DeclarationState(absl::string_view payment_status, absl::string_view clawback_status) {
  if (clawback_status == "awaiting_clawback") return "awaiting-clawback";
  if (clawback_status == "clawed_back") return "clawed-back";
  if (payment_status == "no_payment") return "submitted";
  return std::string(payment_status);
}

VoidDecision EvaluateVoid(const VoidFacts& facts) {
  VoidDecision decision;
  if (facts.payment_status == "paid") {
    if (facts.clawback_status != "no_clawback") {
      decision.errors.push_back(
          {"participant_declaration_id", "The declaration will or has been refunded"});
    } else if (!facts.clawback_statement_available) {
      decision.errors.push_back(
          {"participant_declaration_id",
           absl::StrCat("You cannot submit or void declarations for the ", facts.cohort,
                        " cohort. The funding contract for this cohort has ended. Get in touch "
                        "if you need to discuss this with us")});
    } else {
      decision.outcome = VoidOutcome::kAwaitClawback;
    }
    return decision;
  }
  if (facts.payment_status == "voided") {
    decision.errors.push_back(
        {"participant_declaration_id", "The declaration has already been voided."});
  }
  return decision;
}

}  // namespace rect::registration::api
