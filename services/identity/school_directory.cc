#include "services/identity/school_directory.h"

#include <grpcpp/client_context.h>

#include "absl/time/clock.h"
#include "services/common/status.h"

namespace rect::identity {

PartnershipsSchoolDirectory::PartnershipsSchoolDirectory(std::shared_ptr<grpc::Channel> channel,
                                                         absl::Duration deadline)
    : stub_(partnerships::v1::PartnershipsService::NewStub(std::move(channel))),
      deadline_(deadline) {}

SchoolFacts SchoolFactsFrom(const partnerships::v1::School& school) {
  SchoolFacts facts;
  facts.urn = school.establishment().urn();
  facts.name = school.establishment().name();
  facts.open = school.open();
  facts.eligible = school.eligible();
  facts.cip_only = school.cip_only();
  facts.type_code = school.establishment().type_code();
  facts.section_41_approved = school.establishment().section_41_approved();
  return facts;
}

absl::StatusOr<std::optional<SchoolFacts>> PartnershipsSchoolDirectory::FindSchool(
    const std::string& urn) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + deadline_));
  partnerships::v1::GetSchoolRequest request;
  request.set_urn(urn);
  partnerships::v1::School school;
  const grpc::Status status = stub_->GetSchool(&context, request, &school);
  if (status.error_code() == grpc::StatusCode::NOT_FOUND ||
      status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
    return std::optional<SchoolFacts>();
  }
  if (!status.ok()) return FromGrpcStatus(status);
  return std::optional<SchoolFacts>(SchoolFactsFrom(school));
}

}  // namespace rect::identity
