#include "services/partnerships/peer_clients.h"

#include <grpcpp/client_context.h>

#include "services/common/status.h"

namespace rect::partnerships {

GrpcInductionTutorDirectory::GrpcInductionTutorDirectory(std::shared_ptr<grpc::Channel> channel,
                                                         absl::Duration deadline)
    : stub_(registration::v1::SchoolCountsService::NewStub(std::move(channel))),
      deadline_(deadline) {}

absl::StatusOr<std::map<std::string, InductionTutor>> GrpcInductionTutorDirectory::TutorsOf(
    const std::vector<std::string>& urns) {
  std::map<std::string, InductionTutor> tutors;
  constexpr size_t kBatch = 1000;  // the most registration answers at once
  for (size_t start = 0; start < urns.size(); start += kBatch) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + deadline_));
    registration::v1::GetInductionTutorsRequest request;
    for (size_t i = start; i < std::min(urns.size(), start + kBatch); ++i) {
      request.add_school_urns(urns[i]);
    }
    registration::v1::GetInductionTutorsResponse response;
    RETURN_IF_ERROR(FromGrpcStatus(stub_->GetInductionTutors(&context, request, &response)));
    for (const registration::v1::InductionTutor& tutor : response.induction_tutors()) {
      tutors[tutor.school_urn()] = {tutor.name(), tutor.email()};
    }
  }
  return tutors;
}

GrpcLeadProviderUserDirectory::GrpcLeadProviderUserDirectory(
    std::shared_ptr<grpc::Channel> channel, absl::Duration deadline)
    : stub_(identity::v1::LeadProviderUsersService::NewStub(std::move(channel))),
      deadline_(deadline) {}

absl::StatusOr<std::vector<LeadProviderUser>> GrpcLeadProviderUserDirectory::UsersOf(
    const std::string& lead_provider_id) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + deadline_));
  identity::v1::ListLeadProviderUsersRequest request;
  request.set_lead_provider_id(lead_provider_id);
  identity::v1::ListLeadProviderUsersResponse response;
  RETURN_IF_ERROR(FromGrpcStatus(stub_->ListLeadProviderUsers(&context, request, &response)));
  std::vector<LeadProviderUser> users;
  for (const identity::v1::LeadProviderUserContact& user : response.users()) {
    users.push_back({user.id(), user.full_name(), user.email()});
  }
  return users;
}

}  // namespace rect::partnerships
