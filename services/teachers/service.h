// gRPC handlers of the teachers service: validate the request, call the store or the TRS
// finder, map the status. A date of birth or NINO is passed on for the call and never kept.
#pragma once

#include "protos/teachers/v1/teachers.grpc.pb.h"
#include "services/teachers/store.h"
#include "services/teachers/teacher_finder.h"

namespace rect::teachers {

class TeachersServiceImpl final : public v1::TeachersService::Service {
 public:
  TeachersServiceImpl(TeacherStore& store, TeacherFinder& finder)
      : store_(store), finder_(finder) {}

  grpc::Status TrackTeacher(grpc::ServerContext* context, const v1::TrackTeacherRequest* request,
                            v1::TrackTeacherResponse* response) override;
  grpc::Status GetTeacherSnapshot(grpc::ServerContext* context,
                                  const v1::GetTeacherSnapshotRequest* request,
                                  v1::TeacherSnapshot* response) override;
  grpc::Status FindTeacher(grpc::ServerContext* context, const v1::FindTeacherRequest* request,
                           v1::FindTeacherResponse* response) override;
  grpc::Status FindTeacherByNino(grpc::ServerContext* context,
                                 const v1::FindTeacherByNinoRequest* request,
                                 v1::FindTeacherResponse* response) override;

 private:
  TeacherStore& store_;
  TeacherFinder& finder_;
};

}  // namespace rect::teachers
