// SchoolCountsService: what registration tells other services about a school's people — the
// ECTs and mentors in provider-led training there (for "Check your schools") and its induction
// tutor (for the partnership emails and the school's details page).
#pragma once

#include "protos/registration/v1/school_counts.grpc.pb.h"
#include "services/common/pg_pool.h"

namespace rect::registration {

class SchoolCountsServiceImpl final : public v1::SchoolCountsService::Service {
 public:
  explicit SchoolCountsServiceImpl(PgPool& pool) : pool_(pool) {}

  grpc::Status CountParticipants(grpc::ServerContext* context,
                                 const v1::CountParticipantsRequest* request,
                                 v1::CountParticipantsResponse* response) override;
  grpc::Status GetInductionTutors(grpc::ServerContext* context,
                                  const v1::GetInductionTutorsRequest* request,
                                  v1::GetInductionTutorsResponse* response) override;

 private:
  PgPool& pool_;
};

}  // namespace rect::registration
