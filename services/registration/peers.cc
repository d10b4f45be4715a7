#include "services/registration/peers.h"

#include <grpcpp/client_context.h>

#include <chrono>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "services/common/status.h"

namespace rect::registration {
namespace {

namespace tv1 = teachers::v1;
using wizard::InductionStatus;
using wizard::TrsLookup;

void SetDeadline(grpc::ClientContext& context, absl::Duration deadline) {
  context.set_deadline(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(deadline));
}

InductionStatus InductionFrom(tv1::TrsTeacher::InductionStatus status) {
  switch (status) {
    case tv1::TrsTeacher::REQUIRED_TO_COMPLETE:
      return InductionStatus::kRequiredToComplete;
    case tv1::TrsTeacher::IN_PROGRESS:
      return InductionStatus::kInProgress;
    case tv1::TrsTeacher::PASSED:
      return InductionStatus::kPassed;
    case tv1::TrsTeacher::FAILED:
      return InductionStatus::kFailed;
    case tv1::TrsTeacher::FAILED_IN_WALES:
      return InductionStatus::kFailedInWales;
    case tv1::TrsTeacher::EXEMPT:
      return InductionStatus::kExempt;
    default:
      return InductionStatus::kNone;
  }
}

}  // namespace

TrsFindResult TrsFindResultFrom(const tv1::FindTeacherResponse& response) {
  TrsFindResult result;
  switch (response.outcome()) {
    case tv1::FindTeacherResponse::FOUND:
      result.outcome = TrsLookup::kFound;
      break;
    case tv1::FindTeacherResponse::DATE_OF_BIRTH_MISMATCH:
      result.outcome = TrsLookup::kDateOfBirthMismatch;
      break;
    case tv1::FindTeacherResponse::DEACTIVATED:
      result.outcome = TrsLookup::kDeactivated;
      break;
    case tv1::FindTeacherResponse::MERGED:
      result.outcome = TrsLookup::kMerged;
      break;
    default:
      result.outcome = TrsLookup::kNotFound;
      break;
  }
  if (result.outcome == TrsLookup::kFound) {
    const tv1::TrsTeacher& t = response.teacher();
    result.teacher.trn = t.trn();
    result.teacher.first_name = t.first_name();
    result.teacher.last_name = t.last_name();
    result.teacher.induction_status = InductionFrom(t.induction_status());
    result.teacher.prohibited = t.prohibited_from_teaching();
    result.teacher.has_qts = t.has_qts();
    result.induction_status_name = t.induction_status_name();
  }
  return result;
}

TeachersServiceLookups::TeachersServiceLookups(std::shared_ptr<grpc::Channel> channel,
                                               absl::Duration deadline)
    : stub_(tv1::TeachersService::NewStub(std::move(channel))), deadline_(deadline) {}

absl::StatusOr<TrsFindResult> TeachersServiceLookups::Find(const std::string& trn,
                                                           absl::CivilDay date_of_birth) {
  tv1::FindTeacherRequest request;
  request.set_trn(trn);
  request.mutable_date_of_birth()->set_year(static_cast<int32_t>(date_of_birth.year()));
  request.mutable_date_of_birth()->set_month(date_of_birth.month());
  request.mutable_date_of_birth()->set_day(date_of_birth.day());
  tv1::FindTeacherResponse response;
  grpc::ClientContext context;
  SetDeadline(context, deadline_);
  grpc::Status status = stub_->FindTeacher(&context, request, &response);
  request.Clear();  // the date of birth goes no further
  if (!status.ok()) return FromGrpcStatus(status);
  return TrsFindResultFrom(response);
}

absl::StatusOr<TrsFindResult> TeachersServiceLookups::FindByNino(const std::string& trn,
                                                                 const std::string& nino) {
  tv1::FindTeacherByNinoRequest request;
  request.set_trn(trn);
  request.set_national_insurance_number(nino);
  tv1::FindTeacherResponse response;
  grpc::ClientContext context;
  SetDeadline(context, deadline_);
  grpc::Status status = stub_->FindTeacherByNino(&context, request, &response);
  request.Clear();
  if (!status.ok()) return FromGrpcStatus(status);
  return TrsFindResultFrom(response);
}

PartnershipsSchoolDirectory::PartnershipsSchoolDirectory(std::shared_ptr<grpc::Channel> channel,
                                                         absl::Duration deadline)
    : stub_(partnerships::v1::PartnershipsService::NewStub(std::move(channel))),
      deadline_(deadline) {}

absl::StatusOr<SchoolInfo> PartnershipsSchoolDirectory::GetSchool(const std::string& urn) {
  partnerships::v1::GetSchoolRequest request;
  request.set_urn(urn);
  partnerships::v1::School school;
  grpc::ClientContext context;
  SetDeadline(context, deadline_);
  grpc::Status status = stub_->GetSchool(&context, request, &school);
  if (!status.ok()) return FromGrpcStatus(status);
  SchoolInfo info;
  info.name = school.establishment().name();
  info.independent = absl::StrContains(absl::AsciiStrToLower(school.establishment().type_name()),
                                        "independent");
  return info;
}

}  // namespace rect::registration
