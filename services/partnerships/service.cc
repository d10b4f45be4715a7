#include "services/partnerships/service.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include "absl/strings/ascii.h"

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

void ToProto(const PartnershipRecord& record, v1::Partnership* partnership) {
  partnership->set_id(record.id);
  partnership->set_cohort(record.cohort);
  partnership->set_urn(record.urn);
  partnership->set_school_id(record.school_id);
  partnership->set_delivery_partner_id(record.delivery_partner_id);
  partnership->set_delivery_partner_name(record.delivery_partner_name);
  partnership->set_challenged(record.challenged_at.has_value());
  partnership->set_challenge_reason(record.challenge_reason);
  if (record.challenged_at.has_value()) {
    partnership->mutable_challenged_at()->set_seconds(absl::ToUnixSeconds(*record.challenged_at));
  }
  partnership->set_school_email(record.school_email);
  partnership->mutable_created_at()->set_seconds(absl::ToUnixSeconds(record.created_at));
  partnership->mutable_updated_at()->set_seconds(absl::ToUnixSeconds(record.updated_at));
}

void ToProto(const ApiSchoolRecord& record, v1::ApiSchool* school) {
  school->set_id(record.id);
  school->set_name(record.name);
  school->set_urn(record.urn);
  school->set_cohort(record.cohort);
  school->set_in_partnership(record.in_partnership);
  switch (record.induction_programme_choice) {
    case ProgrammeChoice::kProviderLed:
      school->set_induction_programme_choice(v1::ApiSchool::PROVIDER_LED);
      break;
    case ProgrammeChoice::kSchoolLed:
      school->set_induction_programme_choice(v1::ApiSchool::SCHOOL_LED);
      break;
    case ProgrammeChoice::kNotYetKnown:
      school->set_induction_programme_choice(v1::ApiSchool::NOT_YET_KNOWN);
      break;
  }
  school->set_expression_of_interest(record.expression_of_interest);
  school->set_school_email(record.school_email);
  school->mutable_created_at()->set_seconds(absl::ToUnixSeconds(record.created_at));
  school->mutable_updated_at()->set_seconds(absl::ToUnixSeconds(record.updated_at));
}

std::vector<DeliveryPartnerSort> SortOf(
    const google::protobuf::RepeatedPtrField<v1::SortTerm>& terms) {
  std::vector<DeliveryPartnerSort> sort;
  for (const v1::SortTerm& term : terms) {
    sort.push_back({term.key() == v1::SortTerm::UPDATED_AT ? DeliveryPartnerSortKey::kUpdatedAt
                                                           : DeliveryPartnerSortKey::kCreatedAt,
                    term.descending()});
  }
  return sort;
}

constexpr int64_t kDefaultPerPage = 100;
constexpr int64_t kMaxPerPage = 3000;

grpc::Status InvalidArgument(const char* message) {
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, message);
}

// The limit and offset of `page`, or INVALID_ARGUMENT for a page or per_page below 1.
grpc::Status LimitAndOffset(const common::v1::PageRequest& page, int64_t* limit,
                            int64_t* offset) {
  const int64_t number = page.page() == 0 ? 1 : page.page();
  int64_t per_page = page.per_page() == 0 ? kDefaultPerPage : page.per_page();
  if (number < 1 || per_page < 1) return InvalidArgument("page and per_page must be positive");
  per_page = std::min(per_page, kMaxPerPage);
  *limit = per_page;
  *offset = (number - 1) * per_page;
  return grpc::Status::OK;
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

grpc::Status PartnershipsServiceImpl::ListPartnerships(grpc::ServerContext*,
                                                       const v1::ListPartnershipsRequest* request,
                                                       v1::ListPartnershipsResponse* response) {
  if (!IsUuid(request->lead_provider_id()))
    return InvalidArgument("lead_provider_id must be a UUID");
  PartnershipQuery query;
  if (grpc::Status status = LimitAndOffset(request->page(), &query.limit, &query.offset);
      !status.ok()) {
    return status;
  }
  query.lead_provider_id = request->lead_provider_id();
  query.filter_cohorts = request->filter_cohorts();
  query.cohorts.assign(request->cohorts().begin(), request->cohorts().end());
  query.filter_delivery_partner_ids = request->filter_delivery_partner_ids();
  // Ids that are not UUIDs can match no partnership, so they are dropped here.
  for (const std::string& id : request->delivery_partner_ids()) {
    if (IsUuid(id)) query.delivery_partner_ids.push_back(absl::AsciiStrToLower(id));
  }
  if (request->has_updated_since()) {
    query.updated_since = absl::FromUnixSeconds(request->updated_since().seconds());
  }
  query.sort = SortOf(request->sort());
  absl::StatusOr<std::vector<PartnershipRecord>> records = store_.ListPartnerships(query);
  if (!records.ok()) return ToGrpcStatus(records.status());
  for (const PartnershipRecord& record : *records) ToProto(record, response->add_partnerships());
  return grpc::Status::OK;
}

grpc::Status PartnershipsServiceImpl::GetPartnership(grpc::ServerContext*,
                                                     const v1::GetPartnershipRequest* request,
                                                     v1::Partnership* response) {
  if (!IsUuid(request->lead_provider_id()))
    return InvalidArgument("lead_provider_id must be a UUID");
  if (!IsUuid(request->id())) return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such partnership");
  absl::StatusOr<PartnershipRecord> record =
      store_.GetPartnership(request->lead_provider_id(), request->id());
  if (!record.ok()) return ToGrpcStatus(record.status());
  ToProto(*record, response);
  return grpc::Status::OK;
}

namespace {

// The request's instant: the lead provider API's sandbox date (x-with-server-date, RFC 3339)
// when the gateway passed one, else now; whole seconds.
absl::Time RequestTime(const grpc::ServerContext& context) {
  const auto& metadata = context.client_metadata();
  auto found = metadata.find("x-with-server-date");
  if (found != metadata.end()) {
    absl::Time time;
    std::string error;
    if (absl::ParseTime(absl::RFC3339_full, std::string(found->second.data(), found->second.size()),
                        &time, &error)) {
      return absl::FromUnixSeconds(absl::ToUnixSeconds(time));
    }
  }
  return absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()));
}

// Errors into the result, or the written partnership read back as its lead provider sees it.
grpc::Status AnswerApiWrite(PartnershipsStore& store, const std::string& lead_provider_id,
                            absl::StatusOr<ApiPartnershipWrite> write,
                            v1::ApiPartnershipResult* response) {
  if (!write.ok()) return ToGrpcStatus(write.status());
  for (const ApiFieldError& error : write->errors) {
    v1::ApiPartnershipError* out = response->add_errors();
    out->set_attribute(error.attribute);
    out->set_message(error.message);
  }
  if (!write->errors.empty()) return grpc::Status::OK;
  absl::StatusOr<PartnershipRecord> record = store.GetPartnership(lead_provider_id, write->id);
  if (!record.ok()) return ToGrpcStatus(record.status());
  ToProto(*record, response->mutable_partnership());
  return grpc::Status::OK;
}

}  // namespace

grpc::Status PartnershipsServiceImpl::CreateApiPartnership(
    grpc::ServerContext* context, const v1::CreateApiPartnershipRequest* request,
    v1::ApiPartnershipResult* response) {
  if (!IsUuid(request->lead_provider_id()))
    return InvalidArgument("lead_provider_id must be a UUID");
  return AnswerApiWrite(
      store_, request->lead_provider_id(),
      store_.CreateApiPartnership(request->lead_provider_id(), request->cohort(),
                                  request->school_id(), request->delivery_partner_id(),
                                  RequestTime(*context)),
      response);
}

grpc::Status PartnershipsServiceImpl::UpdateApiPartnership(
    grpc::ServerContext* context, const v1::UpdateApiPartnershipRequest* request,
    v1::ApiPartnershipResult* response) {
  if (!IsUuid(request->lead_provider_id()))
    return InvalidArgument("lead_provider_id must be a UUID");
  if (!IsUuid(request->id())) return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such partnership");
  return AnswerApiWrite(
      store_, request->lead_provider_id(),
      store_.UpdateApiPartnership(request->lead_provider_id(), request->id(),
                                  request->delivery_partner_id(), RequestTime(*context)),
      response);
}

grpc::Status PartnershipsServiceImpl::ListApiSchools(grpc::ServerContext*,
                                                     const v1::ListApiSchoolsRequest* request,
                                                     v1::ListApiSchoolsResponse* response) {
  if (!IsUuid(request->lead_provider_id()))
    return InvalidArgument("lead_provider_id must be a UUID");
  ApiSchoolQuery query;
  if (grpc::Status status = LimitAndOffset(request->page(), &query.limit, &query.offset);
      !status.ok()) {
    return status;
  }
  query.lead_provider_id = request->lead_provider_id();
  query.cohort = request->cohort();
  query.urn = request->urn();
  if (request->has_updated_since()) {
    query.updated_since = absl::FromUnixSeconds(request->updated_since().seconds());
  }
  query.sort = SortOf(request->sort());
  absl::StatusOr<std::vector<ApiSchoolRecord>> records = store_.ListApiSchools(query);
  if (!records.ok()) return ToGrpcStatus(records.status());
  for (const ApiSchoolRecord& record : *records) ToProto(record, response->add_schools());
  return grpc::Status::OK;
}

grpc::Status PartnershipsServiceImpl::GetApiSchool(grpc::ServerContext*,
                                                   const v1::GetApiSchoolRequest* request,
                                                   v1::ApiSchool* response) {
  if (!IsUuid(request->lead_provider_id()))
    return InvalidArgument("lead_provider_id must be a UUID");
  if (!IsUuid(request->id())) return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such school");
  absl::StatusOr<ApiSchoolRecord> record =
      store_.GetApiSchool(request->lead_provider_id(), request->cohort(), request->id());
  if (!record.ok()) return ToGrpcStatus(record.status());
  ToProto(*record, response);
  return grpc::Status::OK;
}

}  // namespace rect::partnerships
