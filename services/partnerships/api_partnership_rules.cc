#include "services/partnerships/api_partnership_rules.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "services/common/tokens.h"

namespace rect::partnerships {
namespace {

constexpr char kCohortBlank[] = "Enter a '#/cohort'.";
constexpr char kCohortInvalid[] =
    "The '#/cohort' you have entered is invalid. Check cohort details and try again.";
constexpr char kCohortFuture[] = "You cannot create a partnership for a future cohort.";
constexpr char kCohortClosed[] = "You cannot create this partnership as the cohort is closed.";
constexpr char kSchoolBlank[] = "Enter a '#/school_id'.";
constexpr char kSchoolInvalid[] =
    "The '#/school_id' you have entered is invalid. Check school details and try again. Contact "
    "the DfE for support if you are unable to find the '#/school_id'.";
constexpr char kSchoolIneligible[] =
    "The school you have entered is currently ineligible for DfE funding. Contact the school "
    "for more information.";
constexpr char kSchoolAlreadyPartnered[] =
    "You are already in a confirmed partnership with this school for the entered cohort.";
constexpr char kSchoolLedOnly[] =
    "This school has only registered school-led participants. Contact the school for more "
    "information.";
constexpr char kPartnerBlank[] = "Enter a '#/delivery_partner_id'.";
constexpr char kPartnerInvalid[] =
    "The '#/delivery_partner_id' you have entered is invalid. Check delivery partner details and "
    "try again.";
constexpr char kPartnerNotWorkingWithYou[] =
    "The entered delivery partner is not recognised to be working in partnership with you for "
    "the given cohort. Contact the DfE for more information.";
constexpr char kPartnerAlreadyConfirmed[] =
    "We are unable to process this request. You are already confirmed to be in partnership with "
    "the entered delivery partner. Contact the DfE for support.";

// The delivery partner rules POST and PUT share; `cohort_known` false skips the agreement rule.
std::optional<std::string> PartnerError(const std::string& id, bool exists, bool works_with,
                                        bool cohort_known) {
  if (id.empty()) return kPartnerBlank;
  if (!IsUuid(id) || !exists) return kPartnerInvalid;
  if (cohort_known && !works_with) return kPartnerNotWorkingWithYou;
  return std::nullopt;
}

}  // namespace

std::optional<int> CohortYear(const std::string& cohort) {
  if (cohort.empty() || cohort.size() > 4) return std::nullopt;
  for (char c : cohort) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  }
  int year = 0;
  if (!absl::SimpleAtoi(cohort, &year)) return std::nullopt;
  return year;
}

std::vector<ApiFieldError> EvaluateCreatePartnership(const CreatePartnershipFacts& f) {
  std::vector<ApiFieldError> errors;
  // cohort: only the first error.
  if (f.cohort.empty()) {
    errors.push_back({"cohort", kCohortBlank});
  } else if (!CohortYear(f.cohort).has_value() || !f.cohort_exists) {
    errors.push_back({"cohort", kCohortInvalid});
  } else if (f.cohort_in_future) {
    errors.push_back({"cohort", kCohortFuture});
  } else if (f.cohort_closed) {
    errors.push_back({"cohort", kCohortClosed});
  }
  // The school; its year-dependent rules need a known cohort.
  const bool cohort_known = CohortYear(f.cohort).has_value() && f.cohort_exists;
  if (f.school_id.empty()) {
    errors.push_back({"school_id", kSchoolBlank});
  } else if (!IsUuid(f.school_id) || !f.school_exists) {
    errors.push_back({"school_id", kSchoolInvalid});
  } else if (!f.school_eligible) {
    errors.push_back({"school_id", kSchoolIneligible});
  } else if (cohort_known && f.already_partnered) {
    errors.push_back({"school_id", kSchoolAlreadyPartnered});
  } else if (cohort_known && f.school_led_only) {
    errors.push_back({"school_id", kSchoolLedOnly});
  }
  if (std::optional<std::string> partner =
          PartnerError(f.delivery_partner_id, f.delivery_partner_exists,
                       f.provider_works_with_partner, cohort_known)) {
    errors.push_back({"delivery_partner_id", *partner});
  }
  return errors;
}

std::vector<ApiFieldError> EvaluateUpdatePartnership(const UpdatePartnershipFacts& f) {
  std::vector<ApiFieldError> errors;
  if (std::optional<std::string> partner =
          PartnerError(f.delivery_partner_id, f.delivery_partner_exists,
                       f.provider_works_with_partner, /*cohort_known=*/true)) {
    errors.push_back({"delivery_partner_id", *partner});
  } else if (f.already_partnered_with_partner) {
    errors.push_back({"delivery_partner_id", kPartnerAlreadyConfirmed});
  }
  return errors;
}

}  // namespace rect::partnerships
