// gRPC handlers of the registration service: validate the request, call the store, map the
// status. Teachers are keyed by TRN; dates of birth and NINOs never reach this service's store.
#pragma once

#include "protos/registration/v1/registration.grpc.pb.h"
#include "services/registration/store.h"

namespace rect::registration {

class RegistrationServiceImpl final : public v1::RegistrationService::Service {
 public:
  explicit RegistrationServiceImpl(RegistrationStore& store) : store_(store) {}

  grpc::Status UpsertTeacher(grpc::ServerContext* context, const v1::UpsertTeacherRequest* request,
                             v1::UpsertTeacherResponse* response) override;
  grpc::Status GetTeacher(grpc::ServerContext* context, const v1::GetTeacherRequest* request,
                          v1::Teacher* response) override;

 private:
  RegistrationStore& store_;
};

}  // namespace rect::registration
