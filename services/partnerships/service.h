// gRPC handlers of the partnerships service: validate the request, call the store, map the
// status. Schools come from GIAS rows; their eligibility is recomputed on every upsert.
// Delivery partners are always read as one lead provider sees them.
#pragma once

#include "protos/partnerships/v1/partnerships.grpc.pb.h"
#include "services/partnerships/store.h"

namespace rect::partnerships {

class PartnershipsServiceImpl final : public v1::PartnershipsService::Service {
 public:
  explicit PartnershipsServiceImpl(PartnershipsStore& store) : store_(store) {}

  grpc::Status UpsertGiasSchool(grpc::ServerContext* context,
                                const v1::UpsertGiasSchoolRequest* request,
                                v1::School* response) override;
  grpc::Status GetSchool(grpc::ServerContext* context, const v1::GetSchoolRequest* request,
                         v1::School* response) override;
  grpc::Status ListDeliveryPartners(grpc::ServerContext* context,
                                    const v1::ListDeliveryPartnersRequest* request,
                                    v1::ListDeliveryPartnersResponse* response) override;
  grpc::Status GetDeliveryPartner(grpc::ServerContext* context,
                                  const v1::GetDeliveryPartnerRequest* request,
                                  v1::DeliveryPartner* response) override;
  grpc::Status ListPartnerships(grpc::ServerContext* context,
                                const v1::ListPartnershipsRequest* request,
                                v1::ListPartnershipsResponse* response) override;
  grpc::Status GetPartnership(grpc::ServerContext* context,
                              const v1::GetPartnershipRequest* request,
                              v1::Partnership* response) override;
  grpc::Status ListApiSchools(grpc::ServerContext* context,
                              const v1::ListApiSchoolsRequest* request,
                              v1::ListApiSchoolsResponse* response) override;
  grpc::Status GetApiSchool(grpc::ServerContext* context, const v1::GetApiSchoolRequest* request,
                            v1::ApiSchool* response) override;

 private:
  PartnershipsStore& store_;
};

}  // namespace rect::partnerships
