// The LeadProviderApiService: validates each request, applies the calling lead provider's
// scope and answers from the store. Refusals by the API's rules come back as OK with errors.
#pragma once

#include <functional>

#include "absl/time/time.h"
#include "protos/registration/v1/lead_provider_api.grpc.pb.h"
#include "services/registration/api/declaration_metrics.h"
#include "services/registration/api/partnership_attachment.h"
#include "services/registration/api/store.h"

namespace rect::registration::api {

// gRPC metadata the gateway adds outside production to run a request at another instant.
inline constexpr char kServerDateMetadata[] = "x-with-server-date";

class LeadProviderApiServiceImpl final : public v1::LeadProviderApiService::Service {
 public:
  // `now` is the clock every date rule reads (injected so tests can move it).
  explicit LeadProviderApiServiceImpl(LeadProviderApiStore& store,
                                      std::function<absl::Time()> now = absl::Now)
      : store_(store), now_(std::move(now)) {}
  // As above, counting declarations in `metrics` (kept by the caller, outliving this service).
  LeadProviderApiServiceImpl(LeadProviderApiStore& store, DeclarationMetrics* metrics)
      : store_(store), now_(absl::Now), metrics_(metrics) {}

  // Where a change of cohort finds the caller's partnership with the school (kept by the
  // caller, outliving this service). Without one a change of cohort is UNAVAILABLE.
  void set_school_partnerships(SchoolPartnerships* partnerships) { partnerships_ = partnerships; }
  // What AttachPartnership uses (kept by the caller); without one it is UNAVAILABLE.
  void set_partnership_attachment(PartnershipAttachment* attachment) { attachment_ = attachment; }

  grpc::Status ListParticipants(grpc::ServerContext*, const v1::ListParticipantsRequest* request,
                                v1::ListParticipantsResponse* response) override;
  grpc::Status GetParticipant(grpc::ServerContext*, const v1::GetParticipantRequest* request,
                              v1::Participant* response) override;
  grpc::Status WithdrawParticipant(grpc::ServerContext* context,
                                   const v1::ParticipantActionRequest* request,
                                   v1::ParticipantActionResult* response) override;
  grpc::Status DeferParticipant(grpc::ServerContext* context,
                                const v1::ParticipantActionRequest* request,
                                v1::ParticipantActionResult* response) override;
  grpc::Status ResumeParticipant(grpc::ServerContext* context,
                                 const v1::ParticipantActionRequest* request,
                                 v1::ParticipantActionResult* response) override;
  grpc::Status ChangeParticipantSchedule(grpc::ServerContext* context,
                                         const v1::ParticipantActionRequest* request,
                                         v1::ParticipantActionResult* response) override;
  grpc::Status AttachPartnership(grpc::ServerContext* context,
                                 const v1::AttachPartnershipRequest* request,
                                 v1::AttachPartnershipResponse* response) override;
  grpc::Status DescribePartnerships(grpc::ServerContext* context,
                                    const v1::DescribePartnershipsRequest* request,
                                    v1::DescribePartnershipsResponse* response) override;
  grpc::Status DescribeSchools(grpc::ServerContext* context,
                               const v1::DescribeSchoolsRequest* request,
                               v1::DescribeSchoolsResponse* response) override;
  grpc::Status ListDeclarations(grpc::ServerContext*, const v1::ListDeclarationsRequest* request,
                                v1::ListDeclarationsResponse* response) override;
  grpc::Status GetDeclaration(grpc::ServerContext*, const v1::GetDeclarationRequest* request,
                              v1::Declaration* response) override;
  grpc::Status CreateDeclaration(grpc::ServerContext*, const v1::CreateDeclarationRequest* request,
                                 v1::DeclarationResult* response) override;
  grpc::Status VoidDeclaration(grpc::ServerContext*, const v1::VoidDeclarationRequest* request,
                               v1::DeclarationResult* response) override;
  grpc::Status ListStatements(grpc::ServerContext*, const v1::ListStatementsRequest* request,
                              v1::ListStatementsResponse* response) override;
  grpc::Status GetStatement(grpc::ServerContext*, const v1::GetStatementRequest* request,
                            v1::Statement* response) override;
  grpc::Status ListUnfundedMentors(grpc::ServerContext* context,
                                   const v1::ListUnfundedMentorsRequest* request,
                                   v1::ListUnfundedMentorsResponse* response) override;
  grpc::Status GetUnfundedMentor(grpc::ServerContext* context,
                                 const v1::GetUnfundedMentorRequest* request,
                                 v1::UnfundedMentor* response) override;

 private:
  // The request's instant: the gateway's sandbox date (x-with-server-date metadata, RFC 3339)
  // when sent, else the clock.
  absl::Time Now(const grpc::ServerContext& context) const;
  grpc::Status ChangeParticipant(grpc::ServerContext* context, ParticipantAction action,
                                 const v1::ParticipantActionRequest* request,
                                 v1::ParticipantActionResult* response);

  LeadProviderApiStore& store_;
  std::function<absl::Time()> now_;
  DeclarationMetrics* metrics_ = nullptr;  // none when null
  SchoolPartnerships* partnerships_ = nullptr;
  PartnershipAttachment* attachment_ = nullptr;
};

}  // namespace rect::registration::api
