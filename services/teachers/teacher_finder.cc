#include "services/teachers/teacher_finder.h"

#include <chrono>
#include <utility>

#include "services/common/log.h"

namespace rect::teachers {
namespace {

absl::Duration Since(std::chrono::steady_clock::time_point start) {
  return absl::FromChrono(std::chrono::steady_clock::now() - start);
}

}  // namespace

TeacherFinder::TeacherFinder(TrsClient& trs, TeacherStore& store, std::function<absl::Time()> now)
    : trs_(trs), store_(store), now_(std::move(now)) {}

absl::StatusOr<FindResult> TeacherFinder::FindByDateOfBirth(const std::string& trn,
                                                            absl::CivilDay date_of_birth,
                                                            absl::Duration budget) {
  const auto start = std::chrono::steady_clock::now();
  // TRS is asked by TRN alone: with dateOfBirth a wrong date would be a 404 that hides the TRN.
  const absl::StatusOr<TrsAnswer> answer = trs_.GetPerson(trn, budget);
  return Conclude(trn, LookupRecord::Purpose::kFind, Since(start), answer, date_of_birth);
}

absl::StatusOr<FindResult> TeacherFinder::FindByNino(const std::string& trn, absl::string_view nino,
                                                     absl::Duration budget) {
  const auto start = std::chrono::steady_clock::now();
  const absl::StatusOr<TrsAnswer> answer = trs_.GetPersonByNino(trn, nino, budget);
  if (absl::IsInvalidArgument(answer.status())) return answer.status();  // nothing was sent
  return Conclude(trn, LookupRecord::Purpose::kFindByNino, Since(start), answer, std::nullopt);
}

absl::StatusOr<FindResult> TeacherFinder::Conclude(
    const std::string& trn, LookupRecord::Purpose purpose, absl::Duration latency,
    const absl::StatusOr<TrsAnswer>& answer, const std::optional<absl::CivilDay>& date_of_birth) {
  using Outcome = LookupRecord::Outcome;
  LookupRecord lookup{trn, purpose, Outcome::kError, latency};
  absl::StatusOr<FindResult> result;
  if (!answer.ok()) {
    const bool unavailable =
        absl::IsUnavailable(answer.status()) || absl::IsDeadlineExceeded(answer.status());
    lookup.outcome = unavailable ? Outcome::kUnavailable : Outcome::kError;
    result = unavailable ? absl::UnavailableError(kTrsUnavailableMessage)
                         : absl::InternalError("unexpected answer from the Teaching Record System");
  } else {
    FindResult found;
    switch (answer->kind) {
      case TrsAnswer::Kind::kFound:
        if (!IsInTrs(answer->person)) {
          found.outcome = FindResult::Outcome::kNotFound;
        } else if (date_of_birth &&
                   !DateOfBirthMatches(*date_of_birth, answer->person.date_of_birth)) {
          found.outcome = FindResult::Outcome::kDateOfBirthMismatch;
        } else {
          found.outcome = FindResult::Outcome::kFound;
          found.teacher = InterpretPerson(answer->person, TodayInEngland(now_()));
          found.teacher.trn = trn;
        }
        break;
      case TrsAnswer::Kind::kNotFound:
        found.outcome = FindResult::Outcome::kNotFound;
        break;
      case TrsAnswer::Kind::kDeactivated:
        found.outcome = FindResult::Outcome::kDeactivated;
        break;
      case TrsAnswer::Kind::kMerged:
        found.outcome = FindResult::Outcome::kMerged;
        found.merged_into_trn = answer->merged_into_trn;
        break;
    }
    switch (found.outcome) {
      case FindResult::Outcome::kFound:
        lookup.outcome = Outcome::kFound;
        break;
      case FindResult::Outcome::kDateOfBirthMismatch:
        lookup.outcome = Outcome::kDateOfBirthMismatch;
        break;
      case FindResult::Outcome::kNotFound:
        lookup.outcome = Outcome::kNotFound;
        break;
      case FindResult::Outcome::kDeactivated:
        lookup.outcome = Outcome::kDeactivated;
        break;
      case FindResult::Outcome::kMerged:
        lookup.outcome = Outcome::kMerged;
        break;
    }
    result = std::move(found);
  }
  // The audit must not cost the school its answer: a failure to record is logged instead.
  if (absl::Status recorded = store_.RecordLookup(lookup); !recorded.ok()) {
    log::Error("cannot record TRS look-up", {{"error", std::string(recorded.message())}});
  }
  return result;
}

}  // namespace rect::teachers
