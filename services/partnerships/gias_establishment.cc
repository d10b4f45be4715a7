#include "services/partnerships/gias_establishment.h"

#include "absl/strings/ascii.h"
#include "services/common/status.h"

namespace rect::partnerships {
namespace {

std::string Trimmed(const std::string& text) {
  return std::string(absl::StripAsciiWhitespace(text));
}

}  // namespace

absl::StatusOr<GiasSchool> GiasSchoolFromEstablishment(const v1::GiasEstablishment& e) {
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

Eligibility EligibilityOf(const GiasSchool& school) {
  return ComputeEligibility({school.type_code, school.status_code,
                             school.administrative_district_code, school.section_41_approved});
}

}  // namespace rect::partnerships
