#include "services/partnerships/service.h"

#include <algorithm>
#include <string>

#include "absl/strings/ascii.h"
#include "services/common/status.h"
#include "services/partnerships/eligibility.h"

namespace rect::partnerships {
namespace {

std::string Trimmed(const std::string& text) {
  return std::string(absl::StripAsciiWhitespace(text));
}

// URNs compare as integers: "020006" is school 20006, so it is stored without leading zeros.
absl::StatusOr<std::string> NormaliseUrn(const std::string& urn) {
  absl::string_view digits = absl::StripAsciiWhitespace(urn);
  if (digits.empty() || digits.size() > 7 ||
      !std::all_of(digits.begin(), digits.end(), absl::ascii_isdigit)) {
    return absl::InvalidArgumentError("urn must be 1 to 7 digits");
  }
  digits.remove_prefix(std::min(digits.find_first_not_of('0'), digits.size()));
  if (digits.empty()) return absl::InvalidArgumentError("urn must not be 0");
  return std::string(digits);
}

absl::StatusOr<GiasSchool> FromProto(const v1::GiasEstablishment& e) {
  GiasSchool school;
  ASSIGN_OR_RETURN(school.urn, NormaliseUrn(e.urn()));
  school.name = Trimmed(e.name());
  if (school.name.empty()) return absl::InvalidArgumentError("name is required");
  school.type_code = e.type_code();
  school.type_name = Trimmed(e.type_name());
  school.status_code = e.status_code();
  school.status_name = Trimmed(e.status_name());
  school.administrative_district_code = Trimmed(e.administrative_district_code());
  school.administrative_district_name = Trimmed(e.administrative_district_name());
  school.section_41_approved = e.section_41_approved();
  school.local_authority_code = Trimmed(e.local_authority_code());
  school.local_authority_name = Trimmed(e.local_authority_name());
  school.ukprn = Trimmed(e.ukprn());
  school.phase_of_education_code = e.phase_of_education_code();
  school.phase_of_education_name = Trimmed(e.phase_of_education_name());
  school.address_line1 = Trimmed(e.address_line1());
  school.address_line2 = Trimmed(e.address_line2());
  school.address_line3 = Trimmed(e.address_line3());
  school.postcode = Trimmed(e.postcode());
  school.school_website = Trimmed(e.school_website());
  school.primary_contact_email = Trimmed(e.primary_contact_email());
  school.secondary_contact_email = Trimmed(e.secondary_contact_email());
  return school;
}

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
  absl::StatusOr<GiasSchool> school = FromProto(request->establishment());
  if (!school.ok()) return ToGrpcStatus(school.status());
  const Eligibility eligibility =
      ComputeEligibility({school->type_code, school->status_code,
                          school->administrative_district_code, school->section_41_approved});
  absl::StatusOr<SchoolRecord> record = store_.UpsertGiasSchool(*school, eligibility);
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
