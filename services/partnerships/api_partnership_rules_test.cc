#include "services/partnerships/api_partnership_rules.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace rect::partnerships {
namespace {

constexpr char kSchool[] = "aaaaaaaa-aaaa-4aaa-8aaa-000000000001";
constexpr char kPartner[] = "22222222-2222-4222-8222-000000000002";

// A valid POST: an open 2024 cohort, an eligible unpartnered school, a partner of the caller.
CreatePartnershipFacts Valid() {
  CreatePartnershipFacts f;
  f.cohort = "2024";
  f.school_id = kSchool;
  f.delivery_partner_id = kPartner;
  f.cohort_exists = true;
  f.school_exists = true;
  f.school_eligible = true;
  f.delivery_partner_exists = true;
  f.provider_works_with_partner = true;
  return f;
}

const char kCohortInvalid[] =
    "The '#/cohort' you have entered is invalid. Check cohort details and try again.";
const char kSchoolInvalid[] =
    "The '#/school_id' you have entered is invalid. Check school details and try again. Contact "
    "the DfE for support if you are unable to find the '#/school_id'.";
const char kPartnerInvalid[] =
    "The '#/delivery_partner_id' you have entered is invalid. Check delivery partner details and "
    "try again.";
const char kNotWorkingWithYou[] =
    "The entered delivery partner is not recognised to be working in partnership with you for "
    "the given cohort. Contact the DfE for more information.";

struct CreateCase {
  std::string name;
  std::function<void(CreatePartnershipFacts&)> change;
  std::vector<ApiFieldError> errors;
};

TEST(EvaluateCreatePartnershipTest, Rules) {
  const std::vector<CreateCase> cases = {
      {"valid", [](auto&) {}, {}},
      {"cohort blank", [](auto& f) { f.cohort = ""; },
       {{"cohort", "Enter a '#/cohort'."}}},
      {"cohort not a year", [](auto& f) { f.cohort = "20x4"; }, {{"cohort", kCohortInvalid}}},
      {"cohort signed", [](auto& f) { f.cohort = "+2024"; }, {{"cohort", kCohortInvalid}}},
      {"cohort unknown", [](auto& f) { f.cohort_exists = false; }, {{"cohort", kCohortInvalid}}},
      {"cohort future", [](auto& f) { f.cohort_in_future = true; },
       {{"cohort", "You cannot create a partnership for a future cohort."}}},
      {"cohort closed", [](auto& f) { f.cohort_closed = true; },
       {{"cohort", "You cannot create this partnership as the cohort is closed."}}},
      {"only the first cohort error", [](auto& f) {
         f.cohort_in_future = true;
         f.cohort_closed = true;
       },
       {{"cohort", "You cannot create a partnership for a future cohort."}}},
      {"school blank", [](auto& f) { f.school_id = ""; },
       {{"school_id", "Enter a '#/school_id'."}}},
      {"school not a uuid", [](auto& f) { f.school_id = "100015"; },
       {{"school_id", kSchoolInvalid}}},
      {"school unknown", [](auto& f) { f.school_exists = false; },
       {{"school_id", kSchoolInvalid}}},
      {"school ineligible", [](auto& f) { f.school_eligible = false; },
       {{"school_id",
         "The school you have entered is currently ineligible for DfE funding. Contact the "
         "school for more information."}}},
      {"already partnered that year", [](auto& f) { f.already_partnered = true; },
       {{"school_id",
         "You are already in a confirmed partnership with this school for the entered "
         "cohort."}}},
      {"school-led only", [](auto& f) { f.school_led_only = true; },
       {{"school_id",
         "This school has only registered school-led participants. Contact the school for more "
         "information."}}},
      {"partner blank", [](auto& f) { f.delivery_partner_id = ""; },
       {{"delivery_partner_id", "Enter a '#/delivery_partner_id'."}}},
      {"partner not a uuid", [](auto& f) { f.delivery_partner_id = "dp"; },
       {{"delivery_partner_id", kPartnerInvalid}}},
      {"partner unknown", [](auto& f) { f.delivery_partner_exists = false; },
       {{"delivery_partner_id", kPartnerInvalid}}},
      {"partner not the caller's that year", [](auto& f) { f.provider_works_with_partner = false; },
       {{"delivery_partner_id", kNotWorkingWithYou}}},
      {"an unknown cohort skips the year rules", [](auto& f) {
         f.cohort_exists = false;
         f.already_partnered = true;
         f.provider_works_with_partner = false;
       },
       {{"cohort", kCohortInvalid}}},
      {"all three attributes together", [](auto& f) {
         f.cohort = "";
         f.school_id = "";
         f.delivery_partner_id = "";
       },
       {{"cohort", "Enter a '#/cohort'."},
        {"school_id", "Enter a '#/school_id'."},
        {"delivery_partner_id", "Enter a '#/delivery_partner_id'."}}},
  };
  for (const CreateCase& c : cases) {
    CreatePartnershipFacts facts = Valid();
    c.change(facts);
    EXPECT_EQ(EvaluateCreatePartnership(facts), c.errors) << c.name;
  }
}

struct UpdateCase {
  std::string name;
  std::function<void(UpdatePartnershipFacts&)> change;
  std::vector<ApiFieldError> errors;
};

TEST(EvaluateUpdatePartnershipTest, Rules) {
  const std::vector<UpdateCase> cases = {
      {"valid", [](auto&) {}, {}},
      {"partner blank", [](auto& f) { f.delivery_partner_id = ""; },
       {{"delivery_partner_id", "Enter a '#/delivery_partner_id'."}}},
      {"partner unknown", [](auto& f) { f.delivery_partner_exists = false; },
       {{"delivery_partner_id", kPartnerInvalid}}},
      {"partner not the caller's that year", [](auto& f) { f.provider_works_with_partner = false; },
       {{"delivery_partner_id", kNotWorkingWithYou}}},
      {"already partnered with it, the current one included",
       [](auto& f) { f.already_partnered_with_partner = true; },
       {{"delivery_partner_id",
         "We are unable to process this request. You are already confirmed to be in partnership "
         "with the entered delivery partner. Contact the DfE for support."}}},
  };
  for (const UpdateCase& c : cases) {
    UpdatePartnershipFacts facts;
    facts.delivery_partner_id = kPartner;
    facts.delivery_partner_exists = true;
    facts.provider_works_with_partner = true;
    c.change(facts);
    EXPECT_EQ(EvaluateUpdatePartnership(facts), c.errors) << c.name;
  }
}

TEST(CohortYearTest, DigitsOnly) {
  EXPECT_EQ(CohortYear("2024"), 2024);
  EXPECT_FALSE(CohortYear("").has_value());
  EXPECT_FALSE(CohortYear(" 2024").has_value());
  EXPECT_FALSE(CohortYear("-202").has_value());
  EXPECT_FALSE(CohortYear("20245").has_value());
}

}  // namespace
}  // namespace rect::partnerships
