// gRPC handlers of the partnerships service: validate the request, call the store, map the
// status. Schools come from GIAS rows; their eligibility is recomputed on every upsert.
// Delivery partners are always read as one lead provider sees them.
#pragma once

#include <functional>
#include <optional>

#include "absl/time/time.h"
#include "protos/partnerships/v1/partnerships.grpc.pb.h"
#include "services/partnerships/confirm_store.h"
#include "services/partnerships/store.h"
#include "services/partnerships/upload_metrics.h"

namespace rect::partnerships {

// What "Confirm your schools", challenges and "Check your schools" need beyond the store.
struct ConfirmSchoolsParts {
  PgConfirmSchoolsStore* store = nullptr;
  InductionTutorDirectory* induction_tutors = nullptr;  // null: no school has a tutor
  std::function<void()> wake_mailer;                    // after a commit that queued emails
  std::function<absl::Time()> clock = &absl::Now;
  absl::TimeZone zone;  // deadlines are dates in this zone (Europe/London)
  UploadMetrics* metrics = nullptr;  // business counters; none when null
};

class PartnershipsServiceImpl final : public v1::PartnershipsService::Service {
 public:
  explicit PartnershipsServiceImpl(PartnershipsStore& store) : store_(store) {}
  PartnershipsServiceImpl(PartnershipsStore& store, ConfirmSchoolsParts confirm)
      : store_(store), confirm_(std::move(confirm)) {}

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
  // The lead provider API's partnership writes (rules in api_partnership_rules.h).
  grpc::Status CreateApiPartnership(grpc::ServerContext* context,
                                    const v1::CreateApiPartnershipRequest* request,
                                    v1::ApiPartnershipResult* response) override;
  grpc::Status UpdateApiPartnership(grpc::ServerContext* context,
                                    const v1::UpdateApiPartnershipRequest* request,
                                    v1::ApiPartnershipResult* response) override;

  // Confirm your schools, challenges and check your schools (confirm_schools_service.cc).
  grpc::Status CheckUpload(grpc::ServerContext* context, const v1::CheckUploadRequest* request,
                           v1::CsvUpload* response) override;
  grpc::Status GetUpload(grpc::ServerContext* context, const v1::GetUploadRequest* request,
                         v1::CsvUpload* response) override;
  grpc::Status ConfirmUpload(grpc::ServerContext* context,
                             const v1::ConfirmUploadRequest* request,
                             v1::ConfirmUploadResponse* response) override;
  grpc::Status GetChallenge(grpc::ServerContext* context, const v1::GetChallengeRequest* request,
                            v1::Challenge* response) override;
  grpc::Status ChallengePartnership(grpc::ServerContext* context,
                                    const v1::ChallengePartnershipRequest* request,
                                    v1::Challenge* response) override;
  grpc::Status ListLeadProviderSchools(grpc::ServerContext* context,
                                       const v1::ListLeadProviderSchoolsRequest* request,
                                       v1::ListLeadProviderSchoolsResponse* response) override;
  grpc::Status GetLeadProvider(grpc::ServerContext* context,
                               const v1::GetLeadProviderRequest* request,
                               v1::LeadProvider* response) override;

 private:
  PartnershipsStore& store_;
  std::optional<ConfirmSchoolsParts> confirm_;
};

}  // namespace rect::partnerships
