// Where identity learns whether a URN is a school it knows and what GIAS says about it: the
// partnerships service's GetSchool over gRPC (blocking, with a deadline).
#pragma once

#include <grpcpp/channel.h>

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "protos/partnerships/v1/partnerships.grpc.pb.h"
#include "services/identity/access_decision.h"

namespace rect::identity {

class SchoolDirectory {
 public:
  virtual ~SchoolDirectory() = default;
  // nullopt when the URN is unknown; UNAVAILABLE (etc.) when the directory cannot answer.
  virtual absl::StatusOr<std::optional<SchoolFacts>> FindSchool(const std::string& urn) = 0;
};

class PartnershipsSchoolDirectory : public SchoolDirectory {
 public:
  PartnershipsSchoolDirectory(std::shared_ptr<grpc::Channel> channel, absl::Duration deadline);
  absl::StatusOr<std::optional<SchoolFacts>> FindSchool(const std::string& urn) override;

 private:
  std::unique_ptr<partnerships::v1::PartnershipsService::Stub> stub_;
  absl::Duration deadline_;
};

// Facts from the partnerships service's School message.
SchoolFacts SchoolFactsFrom(const partnerships::v1::School& school);

}  // namespace rect::identity
