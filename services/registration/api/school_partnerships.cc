#include "services/registration/api/school_partnerships.h"

#include <grpcpp/client_context.h>

#include <chrono>

#include "services/common/status.h"

namespace rect::registration::api {

namespace pv1 = partnerships::v1;

PartnershipsServiceSchoolPartnerships::PartnershipsServiceSchoolPartnerships(
    std::shared_ptr<grpc::Channel> channel, absl::Duration deadline)
    : stub_(pv1::PartnershipsService::NewStub(std::move(channel))), deadline_(deadline) {}

absl::StatusOr<std::vector<YearPartnership>> PartnershipsServiceSchoolPartnerships::ListOfYear(
    const std::string& lead_provider_id, int year) {
  constexpr int kPerPage = 3000;
  std::vector<YearPartnership> partnerships;
  for (int page = 1;; ++page) {
    pv1::ListPartnershipsRequest request;
    request.set_lead_provider_id(lead_provider_id);
    request.set_filter_cohorts(true);
    request.add_cohorts(year);
    request.mutable_page()->set_page(page);
    request.mutable_page()->set_per_page(kPerPage);
    pv1::ListPartnershipsResponse response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         absl::ToChronoMilliseconds(deadline_));
    grpc::Status status = stub_->ListPartnerships(&context, request, &response);
    if (!status.ok()) return FromGrpcStatus(status);
    for (const pv1::Partnership& p : response.partnerships()) {
      partnerships.push_back({p.id(), p.urn(), p.delivery_partner_id()});
    }
    if (response.partnerships_size() < kPerPage) break;
  }
  return partnerships;
}

absl::StatusOr<std::optional<SchoolPartnership>> PartnershipsServiceSchoolPartnerships::Find(
    const std::string& lead_provider_id, const std::string& school_urn, int year,
    const std::string& preferred_delivery_partner_id) {
  absl::StatusOr<std::vector<YearPartnership>> all = ListOfYear(lead_provider_id, year);
  if (!all.ok()) return all.status();
  std::optional<SchoolPartnership> found;
  for (const YearPartnership& p : *all) {
    if (p.school_urn != school_urn) continue;
    if (p.delivery_partner_id == preferred_delivery_partner_id) {
      return SchoolPartnership{p.id, p.delivery_partner_id};
    }
    if (!found.has_value()) found = SchoolPartnership{p.id, p.delivery_partner_id};
  }
  return found;
}

}  // namespace rect::registration::api
