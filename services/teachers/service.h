// gRPC handlers of the teachers service: validate the request, call the store, map the status.
// Only TRNs and TRS facts pass through here; never a date of birth or NINO.
#pragma once

#include "protos/teachers/v1/teachers.grpc.pb.h"
#include "services/teachers/store.h"

namespace rect::teachers {

class TeachersServiceImpl final : public v1::TeachersService::Service {
 public:
  explicit TeachersServiceImpl(TeacherStore& store) : store_(store) {}

  grpc::Status TrackTeacher(grpc::ServerContext* context, const v1::TrackTeacherRequest* request,
                            v1::TrackTeacherResponse* response) override;
  grpc::Status GetTeacherSnapshot(grpc::ServerContext* context,
                                  const v1::GetTeacherSnapshotRequest* request,
                                  v1::TeacherSnapshot* response) override;

 private:
  TeacherStore& store_;
};

}  // namespace rect::teachers
