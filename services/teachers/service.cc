#include "services/teachers/service.h"

#include <algorithm>
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

}  // namespace rect::teachers
