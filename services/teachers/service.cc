#include "services/teachers/service.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/status.h"

namespace rect::teachers {
namespace {

constexpr size_t kMaxNameLength = 100;  // characters, as the schema's CHECK

grpc::Status Invalid(const std::string& message) {
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, message);
}

bool IsTrn(absl::string_view trn) {
  return trn.size() == 7 && std::all_of(trn.begin(), trn.end(), absl::ascii_isdigit);
}

// Characters (code points) of valid UTF-8, which protobuf guarantees for string fields.
size_t CharacterCount(absl::string_view text) {
  return std::count_if(text.begin(), text.end(),
                       [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

// The trimmed name, or INVALID_ARGUMENT naming the field (never echoing the value).
absl::StatusOr<std::string> CheckName(const char* field, absl::string_view name) {
  const absl::string_view trimmed = absl::StripAsciiWhitespace(name);
  if (trimmed.empty()) return absl::InvalidArgumentError(absl::StrCat(field, " is required"));
  if (CharacterCount(trimmed) > kMaxNameLength) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " must be ", kMaxNameLength, " characters or fewer"));
  }
  return std::string(trimmed);
}

void SetDate(const absl::CivilDay& day, common::v1::Date* date) {
  date->set_year(static_cast<int32_t>(day.year()));
  date->set_month(day.month());
  date->set_day(day.day());
}

// Time left before the caller's deadline, less a margin to answer in (infinite when none).
absl::Duration Budget(const grpc::ServerContext& context) {
  constexpr absl::Duration kMargin = absl::Milliseconds(100);
  const auto deadline = context.deadline();
  if (deadline == std::chrono::system_clock::time_point::max()) return absl::InfiniteDuration();
  return absl::FromChrono(deadline - std::chrono::system_clock::now()) - kMargin;
}

// The date in `date` when it is a real calendar date.
std::optional<absl::CivilDay> DayFromProto(const common::v1::Date& date) {
  const absl::CivilDay day(date.year(), date.month(), date.day());
  if (date.year() < 1 || date.year() > 9999 || day.year() != date.year() ||
      day.month() != date.month() || day.day() != date.day()) {
    return std::nullopt;
  }
  return day;
}

v1::TrsTeacher::InductionStatus ToProto(InductionStatus status) {
  switch (status) {
    case InductionStatus::kNone:
      return v1::TrsTeacher::NONE;
    case InductionStatus::kRequiredToComplete:
      return v1::TrsTeacher::REQUIRED_TO_COMPLETE;
    case InductionStatus::kInProgress:
      return v1::TrsTeacher::IN_PROGRESS;
    case InductionStatus::kPassed:
      return v1::TrsTeacher::PASSED;
    case InductionStatus::kFailed:
      return v1::TrsTeacher::FAILED;
    case InductionStatus::kFailedInWales:
      return v1::TrsTeacher::FAILED_IN_WALES;
    case InductionStatus::kExempt:
      return v1::TrsTeacher::EXEMPT;
    case InductionStatus::kUnknown:
      break;
  }
  return v1::TrsTeacher::INDUCTION_STATUS_UNSPECIFIED;
}

v1::FindTeacherResponse::Outcome ToProto(FindResult::Outcome outcome) {
  switch (outcome) {
    case FindResult::Outcome::kFound:
      return v1::FindTeacherResponse::FOUND;
    case FindResult::Outcome::kDateOfBirthMismatch:
      return v1::FindTeacherResponse::DATE_OF_BIRTH_MISMATCH;
    case FindResult::Outcome::kNotFound:
      return v1::FindTeacherResponse::NOT_FOUND;
    case FindResult::Outcome::kDeactivated:
      return v1::FindTeacherResponse::DEACTIVATED;
    case FindResult::Outcome::kMerged:
      return v1::FindTeacherResponse::MERGED;
  }
  return v1::FindTeacherResponse::OUTCOME_UNSPECIFIED;
}

grpc::Status Answer(const absl::StatusOr<FindResult>& result, v1::FindTeacherResponse* response) {
  if (!result.ok()) return ToGrpcStatus(result.status());
  response->set_outcome(ToProto(result->outcome));
  if (result->outcome == FindResult::Outcome::kMerged) {
    response->set_merged_into_trn(result->merged_into_trn);
  }
  if (result->outcome != FindResult::Outcome::kFound) return grpc::Status::OK;
  const TeacherFacts& facts = result->teacher;
  v1::TrsTeacher* teacher = response->mutable_teacher();
  teacher->set_trn(facts.trn);
  teacher->set_first_name(facts.first_name);
  teacher->set_last_name(facts.last_name);
  teacher->set_induction_status(ToProto(facts.induction_status));
  teacher->set_induction_status_name(facts.induction_status_name);
  teacher->set_induction_eligible(facts.induction_eligible);
  if (facts.induction_start_date) {
    SetDate(*facts.induction_start_date, teacher->mutable_induction_start_date());
  }
  if (facts.induction_completed_date) {
    SetDate(*facts.induction_completed_date, teacher->mutable_induction_completed_date());
  }
  teacher->set_has_qts(facts.has_qts);
  if (facts.qts_awarded_on) SetDate(*facts.qts_awarded_on, teacher->mutable_qts_awarded_on());
  teacher->set_qts_status_description(facts.qts_status_description);
  teacher->set_prohibited_from_teaching(facts.prohibited_from_teaching);
  return grpc::Status::OK;
}

v1::TeacherSnapshot::TrsResponse ToProto(TrsResponse response) {
  switch (response) {
    case TrsResponse::kFound:
      return v1::TeacherSnapshot::FOUND;
    case TrsResponse::kNotFound:
      return v1::TeacherSnapshot::NOT_FOUND;
    case TrsResponse::kDeactivated:
      return v1::TeacherSnapshot::DEACTIVATED;
    case TrsResponse::kMerged:
      return v1::TeacherSnapshot::MERGED;
    case TrsResponse::kNotYetRefreshed:
      break;
  }
  return v1::TeacherSnapshot::TRS_RESPONSE_UNSPECIFIED;
}

}  // namespace

grpc::Status TeachersServiceImpl::TrackTeacher(grpc::ServerContext*,
                                               const v1::TrackTeacherRequest* request,
                                               v1::TrackTeacherResponse* response) {
  if (!IsTrn(request->trn())) return Invalid("trn must be exactly 7 digits");
  absl::StatusOr<std::string> first_name = CheckName("first_name", request->first_name());
  if (!first_name.ok()) return ToGrpcStatus(first_name.status());
  absl::StatusOr<std::string> last_name = CheckName("last_name", request->last_name());
  if (!last_name.ok()) return ToGrpcStatus(last_name.status());

  absl::StatusOr<TrackResult> tracked =
      store_.TrackTeacher(request->trn(), *first_name, *last_name);
  if (!tracked.ok()) return ToGrpcStatus(tracked.status());
  response->set_newly_tracked(tracked->newly_tracked);
  response->mutable_tracked_at()->set_seconds(absl::ToUnixSeconds(tracked->tracked_at));
  return grpc::Status::OK;
}

grpc::Status TeachersServiceImpl::GetTeacherSnapshot(grpc::ServerContext*,
                                                     const v1::GetTeacherSnapshotRequest* request,
                                                     v1::TeacherSnapshot* response) {
  if (!IsTrn(request->trn())) return Invalid("trn must be exactly 7 digits");
  absl::StatusOr<TeacherSnapshotRecord> snapshot = store_.GetTeacherSnapshot(request->trn());
  if (!snapshot.ok()) return ToGrpcStatus(snapshot.status());
  response->set_trn(snapshot->trn);
  response->set_first_name(snapshot->first_name);
  response->set_last_name(snapshot->last_name);
  response->set_induction_status(snapshot->induction_status);
  if (snapshot->induction_start_date) {
    SetDate(*snapshot->induction_start_date, response->mutable_induction_start_date());
  }
  if (snapshot->induction_completed_date) {
    SetDate(*snapshot->induction_completed_date, response->mutable_induction_completed_date());
  }
  if (snapshot->qts_awarded_on)
    SetDate(*snapshot->qts_awarded_on, response->mutable_qts_awarded_on());
  response->set_qts_status_description(snapshot->qts_status_description);
  response->set_prohibited_from_teaching(snapshot->prohibited_from_teaching);
  response->set_trs_response(ToProto(snapshot->trs_response));
  response->set_merged_into_trn(snapshot->merged_into_trn);
  response->mutable_tracked_at()->set_seconds(absl::ToUnixSeconds(snapshot->tracked_at));
  if (snapshot->refreshed_at) {
    response->mutable_refreshed_at()->set_seconds(absl::ToUnixSeconds(*snapshot->refreshed_at));
  }
  return grpc::Status::OK;
}

grpc::Status TeachersServiceImpl::FindTeacher(grpc::ServerContext* context,
                                              const v1::FindTeacherRequest* request,
                                              v1::FindTeacherResponse* response) {
  if (!IsTrn(request->trn())) return Invalid("trn must be exactly 7 digits");
  const std::optional<absl::CivilDay> date_of_birth = DayFromProto(request->date_of_birth());
  if (!request->has_date_of_birth() || !date_of_birth) {
    return Invalid("date_of_birth must be a real calendar date");  // never echo the value
  }
  return Answer(finder_.FindByDateOfBirth(request->trn(), *date_of_birth, Budget(*context)),
                response);
}

grpc::Status TeachersServiceImpl::FindTeacherByNino(grpc::ServerContext* context,
                                                    const v1::FindTeacherByNinoRequest* request,
                                                    v1::FindTeacherResponse* response) {
  if (!IsTrn(request->trn())) return Invalid("trn must be exactly 7 digits");
  return Answer(
      finder_.FindByNino(request->trn(), request->national_insurance_number(), Budget(*context)),
      response);
}

}  // namespace rect::teachers
