#include "services/partnerships/service.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include "services/common/status.h"
#include "services/common/tokens.h"
#include "services/partnerships/gias_establishment.h"

namespace rect::partnerships {
namespace {

void ToProto(const SchoolRecord& record, v1::School* school) {
  const GiasSchool& gias = record.gias;
  v1::GiasEstablishment* e = school->mutable_establishment();
  e->set_urn(gias.urn);
  e->set_name(gias.name);
  e->set_type_code(gias.type_code);
  e->set_type_name(gias.type_name);
  e->set_status_code(gias.status_code);
  e->set_status_name(gias.status_name);
  e->set_administrative_district_code(gias.administrative_district_code);
  e->set_administrative_district_name(gias.administrative_district_name);
  e->set_section_41_approved(gias.section_41_approved);
  e->set_local_authority_code(gias.local_authority_code);
  e->set_local_authority_name(gias.local_authority_name);
  e->set_ukprn(gias.ukprn);
  e->set_postcode(gias.postcode);
  e->set_primary_contact_email(gias.primary_contact_email);
  e->set_secondary_contact_email(gias.secondary_contact_email);
  e->set_phase_of_education_code(gias.phase_of_education_code);
  e->set_phase_of_education_name(gias.phase_of_education_name);
  e->set_address_line1(gias.address_line1);
  e->set_address_line2(gias.address_line2);
  e->set_address_line3(gias.address_line3);
  e->set_school_website(gias.school_website);
  school->set_id(record.id);
  school->set_open(record.eligibility.open);
  school->set_in_england(record.eligibility.in_england);
  school->set_eligible(record.eligibility.eligible);
  school->set_cip_only(record.eligibility.cip_only);
  school->mutable_created_at()->set_seconds(absl::ToUnixSeconds(record.created_at));
  school->mutable_updated_at()->set_seconds(absl::ToUnixSeconds(record.updated_at));
}

void ToProto(const DeliveryPartnerRecord& record, v1::DeliveryPartner* partner) {
  partner->set_id(record.id);
  partner->set_name(record.name);
  for (int year : record.cohorts) partner->add_cohorts(year);
  partner->mutable_created_at()->set_seconds(absl::ToUnixSeconds(record.created_at));
  partner->mutable_updated_at()->set_seconds(absl::ToUnixSeconds(record.updated_at));
}

constexpr int64_t kDefaultPerPage = 100;
constexpr int64_t kMaxPerPage = 3000;

grpc::Status InvalidArgument(const char* message) {
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, message);
}

}  // namespace

grpc::Status PartnershipsServiceImpl::UpsertGiasSchool(grpc::ServerContext*,
                                                       const v1::UpsertGiasSchoolRequest* request,
                                                       v1::School* response) {
  if (!request->has_establishment()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "establishment is required");
  }
  absl::StatusOr<GiasSchool> school = GiasSchoolFromEstablishment(request->establishment());
  if (!school.ok()) return ToGrpcStatus(school.status());
  absl::StatusOr<SchoolRecord> record = store_.UpsertGiasSchool(*school, EligibilityOf(*school));
  if (!record.ok()) return ToGrpcStatus(record.status());
  ToProto(*record, response);
  return grpc::Status::OK;
}

grpc::Status PartnershipsServiceImpl::GetSchool(grpc::ServerContext*,
                                                const v1::GetSchoolRequest* request,
                                                v1::School* response) {
  absl::StatusOr<std::string> urn = NormaliseUrn(request->urn());
  if (!urn.ok()) return ToGrpcStatus(urn.status());
  absl::StatusOr<SchoolRecord> record = store_.GetSchoolByUrn(*urn);
  if (!record.ok()) return ToGrpcStatus(record.status());
  ToProto(*record, response);
  return grpc::Status::OK;
}

grpc::Status PartnershipsServiceImpl::ListDeliveryPartners(
    grpc::ServerContext*, const v1::ListDeliveryPartnersRequest* request,
    v1::ListDeliveryPartnersResponse* response) {
  if (!IsUuid(request->lead_provider_id()))
    return InvalidArgument("lead_provider_id must be a UUID");
  const int64_t page = request->page().page() == 0 ? 1 : request->page().page();
  int64_t per_page = request->page().per_page() == 0 ? kDefaultPerPage : request->page().per_page();
  if (page < 1 || per_page < 1) return InvalidArgument("page and per_page must be positive");
  per_page = std::min(per_page, kMaxPerPage);

  DeliveryPartnerQuery query;
  query.lead_provider_id = request->lead_provider_id();
  query.filter_cohorts = request->filter_cohorts();
  query.cohorts.assign(request->cohorts().begin(), request->cohorts().end());
  for (const v1::SortTerm& term : request->sort()) {
    query.sort.push_back({term.key() == v1::SortTerm::UPDATED_AT
                              ? DeliveryPartnerSortKey::kUpdatedAt
                              : DeliveryPartnerSortKey::kCreatedAt,
                          term.descending()});
  }
  query.limit = per_page;
  query.offset = (page - 1) * per_page;
  absl::StatusOr<std::vector<DeliveryPartnerRecord>> records = store_.ListDeliveryPartners(query);
  if (!records.ok()) return ToGrpcStatus(records.status());
  for (const DeliveryPartnerRecord& record : *records) {
    ToProto(record, response->add_delivery_partners());
  }
  return grpc::Status::OK;
}

grpc::Status PartnershipsServiceImpl::GetDeliveryPartner(
    grpc::ServerContext*, const v1::GetDeliveryPartnerRequest* request,
    v1::DeliveryPartner* response) {
  if (!IsUuid(request->lead_provider_id()))
    return InvalidArgument("lead_provider_id must be a UUID");
  if (!IsUuid(request->id())) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such delivery partner");
  }
  absl::StatusOr<DeliveryPartnerRecord> record =
      store_.GetDeliveryPartner(request->lead_provider_id(), request->id());
  if (!record.ok()) return ToGrpcStatus(record.status());
  ToProto(*record, response);
  return grpc::Status::OK;
}

}  // namespace rect::partnerships
