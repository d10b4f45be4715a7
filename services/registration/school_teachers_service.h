// SchoolTeachersService: the school's teacher lists, each teacher's details and the changes the
// school makes to them, over gRPC (protos/registration/v1/school_teachers.proto).
#pragma once

#include "protos/registration/v1/school_teachers.grpc.pb.h"
#include "services/registration/school_teachers.h"

namespace rect::registration {

class SchoolTeachersServiceImpl final : public v1::SchoolTeachersService::Service {
 public:
  explicit SchoolTeachersServiceImpl(SchoolTeachers& teachers) : teachers_(teachers) {}

  grpc::Status ListEcts(grpc::ServerContext* context, const v1::ListSchoolTeachersRequest* request,
                        v1::ListEctsResponse* response) override;
  grpc::Status GetEct(grpc::ServerContext* context, const v1::GetSchoolTeacherRequest* request,
                      v1::EctAtSchool* response) override;
  grpc::Status ListMentors(grpc::ServerContext* context,
                           const v1::ListSchoolTeachersRequest* request,
                           v1::ListMentorsResponse* response) override;
  grpc::Status GetMentor(grpc::ServerContext* context, const v1::GetSchoolTeacherRequest* request,
                         v1::MentorAtSchool* response) override;
  grpc::Status ChangeEct(grpc::ServerContext* context, const v1::ChangeTeacherRequest* request,
                         v1::ChangeTeacherResponse* response) override;
  grpc::Status ChangeMentor(grpc::ServerContext* context, const v1::ChangeTeacherRequest* request,
                            v1::ChangeTeacherResponse* response) override;

 private:
  SchoolTeachers& teachers_;
};

}  // namespace rect::registration
