#include "services/partnerships/service.h"

#include <string>

#include "services/common/status.h"
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

}  // namespace rect::partnerships
