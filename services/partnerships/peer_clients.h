// The partnerships service's clients of its peers: registration for schools' induction tutors
// (who a partnership email goes to) and identity for a lead provider's users (who hears of a
// challenge).
#pragma once

#include <grpcpp/channel.h>

#include <memory>

#include "absl/time/time.h"
#include "protos/identity/v1/lead_provider_users.grpc.pb.h"
#include "protos/registration/v1/school_counts.grpc.pb.h"
#include "services/partnerships/confirm_store.h"
#include "services/partnerships/partnership_mailer.h"

namespace rect::partnerships {

class GrpcInductionTutorDirectory : public InductionTutorDirectory {
 public:
  GrpcInductionTutorDirectory(std::shared_ptr<grpc::Channel> channel, absl::Duration deadline);
  absl::StatusOr<std::map<std::string, InductionTutor>> TutorsOf(
      const std::vector<std::string>& urns) override;

 private:
  std::unique_ptr<registration::v1::SchoolCountsService::Stub> stub_;
  absl::Duration deadline_;
};

class GrpcLeadProviderUserDirectory : public LeadProviderUserDirectory {
 public:
  GrpcLeadProviderUserDirectory(std::shared_ptr<grpc::Channel> channel, absl::Duration deadline);
  absl::StatusOr<std::vector<LeadProviderUser>> UsersOf(
      const std::string& lead_provider_id) override;

 private:
  std::unique_ptr<identity::v1::LeadProviderUsersService::Stub> stub_;
  absl::Duration deadline_;
};

}  // namespace rect::partnerships
