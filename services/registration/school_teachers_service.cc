#include "services/registration/school_teachers_service.h"

#include "services/common/status.h"

namespace rect::registration {
namespace {

// Copies a domain answer into the response, or maps its error.
template <typename T>
grpc::Status Answer(absl::StatusOr<T> result, T* response) {
  if (!result.ok()) return ToGrpcStatus(result.status());
  *response = std::move(*result);
  return grpc::Status::OK;
}

}  // namespace

grpc::Status SchoolTeachersServiceImpl::ListEcts(grpc::ServerContext*,
                                                 const v1::ListSchoolTeachersRequest* request,
                                                 v1::ListEctsResponse* response) {
  return Answer(teachers_.ListEcts(*request), response);
}

grpc::Status SchoolTeachersServiceImpl::GetEct(grpc::ServerContext*,
                                               const v1::GetSchoolTeacherRequest* request,
                                               v1::EctAtSchool* response) {
  return Answer(teachers_.GetEct(request->school_urn(), request->id(), request->include_choices()),
                response);
}

grpc::Status SchoolTeachersServiceImpl::ListMentors(grpc::ServerContext*,
                                                    const v1::ListSchoolTeachersRequest* request,
                                                    v1::ListMentorsResponse* response) {
  return Answer(teachers_.ListMentors(*request), response);
}

grpc::Status SchoolTeachersServiceImpl::GetMentor(grpc::ServerContext*,
                                                  const v1::GetSchoolTeacherRequest* request,
                                                  v1::MentorAtSchool* response) {
  return Answer(
      teachers_.GetMentor(request->school_urn(), request->id(), request->include_choices()),
      response);
}

grpc::Status SchoolTeachersServiceImpl::ChangeEct(grpc::ServerContext*,
                                                  const v1::ChangeTeacherRequest* request,
                                                  v1::ChangeTeacherResponse* response) {
  return Answer(teachers_.ChangeEct(*request), response);
}

grpc::Status SchoolTeachersServiceImpl::ChangeMentor(grpc::ServerContext*,
                                                     const v1::ChangeTeacherRequest* request,
                                                     v1::ChangeTeacherResponse* response) {
  return Answer(teachers_.ChangeMentor(*request), response);
}

}  // namespace rect::registration
