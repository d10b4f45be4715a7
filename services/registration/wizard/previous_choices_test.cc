#include "services/registration/wizard/previous_choices.h"

#include <gtest/gtest.h>

namespace rect::registration::wizard {
namespace {

using absl::CivilDay;

// Registration year 2025; LP 10 active; DP 20 still paired with LP 10 in 2025, DP 21 not.
PreviousChoicesInput ProviderLed() {
  PreviousChoicesInput in;
  in.registration_year = 2025;
  in.registration_year_finished_on = CivilDay(2026, 5, 31);
  in.last = {"1", TrainingProgramme::kProviderLed, "10"};
  in.last_appropriate_body_active = true;
  in.lead_providers_active_in_registration_year = {"10", "11"};
  in.pairings = {{2025, "10", "20"}, {2024, "10", "21"}};
  return in;
}

struct Case {
  const char* name;
  PreviousChoicesInput input;
  bool offered;
  std::optional<std::string> partnership_id;
  bool eoi;
  bool roll_over;
  bool show_dp;
};

TEST(ComputePreviousChoices, Section3Point4) {
  std::vector<Case> cases;
  {
    PreviousChoicesInput in = ProviderLed();
    in.last = {"1", TrainingProgramme::kSchoolLed, std::nullopt};
    cases.push_back({"school-led, AB active", in, true, std::nullopt, false, false, false});
    in.last_appropriate_body_active = false;
    cases.push_back({"school-led, AB inactive", in, false, std::nullopt, false, false, false});
  }
  {
    PreviousChoicesInput in = ProviderLed();
    in.last = {};
    cases.push_back({"never registered", in, false, std::nullopt, false, false, false});
  }
  {
    PreviousChoicesInput in = ProviderLed();
    in.school_partnerships = {{"100", 2025, "10", "20"}, {"99", 2024, "10", "20"}};
    cases.push_back({"partnership in the registration year", in, true, "100", false, false, true});
  }
  {
    PreviousChoicesInput in = ProviderLed();
    in.school_partnerships = {{"98", 2023, "10", "20"}, {"99", 2024, "10", "20"}};
    cases.push_back({"latest earlier year, rolled over", in, true, "99", false, true, false});
    in.moving_off_frozen_year = true;
    cases.push_back(
        {"frozen move needs the registration year", in, false, std::nullopt, false, false, false});
  }
  {
    PreviousChoicesInput in = ProviderLed();
    in.school_partnerships = {{"99", 2024, "10", "21"}};
    cases.push_back({"DP no longer paired", in, false, std::nullopt, false, false, false});
    in.latest_eoi = ExpressionOfInterestFact{"10", CivilDay(2025, 9, 1)};
    cases.push_back({"falls back to a reusable EOI", in, true, std::nullopt, true, false, false});
    in.latest_eoi = ExpressionOfInterestFact{"10", CivilDay(2026, 6, 1)};
    cases.push_back(
        {"EOI started after the registration year", in, false, std::nullopt, false, false, false});
    in.latest_eoi = ExpressionOfInterestFact{"11", CivilDay(2025, 9, 1)};
    cases.push_back({"EOI for another LP", in, false, std::nullopt, false, false, false});
  }
  {
    PreviousChoicesInput in = ProviderLed();
    in.school_partnerships = {{"100", 2025, "10", "20"}};
    in.lead_providers_active_in_registration_year = {"11"};
    cases.push_back({"LP not active", in, false, std::nullopt, false, false, false});
  }
  {
    PreviousChoicesInput in = ProviderLed();
    in.school_partnerships = {{"100", 2025, "10", "20"}};
    in.last_appropriate_body_active = false;
    cases.push_back({"AB inactive", in, false, std::nullopt, false, false, false});
    in.last_appropriate_body_active = true;
    in.last.lead_provider_id.reset();
    cases.push_back({"no last LP", in, false, std::nullopt, false, false, false});
  }
  for (const Case& c : cases) {
    PreviousChoices got = ComputePreviousChoices(c.input);
    EXPECT_EQ(got.offered, c.offered) << c.name;
    EXPECT_EQ(got.partnership ? std::optional<std::string>(got.partnership->id) : std::nullopt,
              c.partnership_id)
        << c.name;
    EXPECT_EQ(got.reuses_expression_of_interest, c.eoi) << c.name;
    EXPECT_EQ(got.RollOverNeeded(c.input.registration_year), c.roll_over) << c.name;
    EXPECT_EQ(got.ShowDeliveryPartner(c.input.registration_year), c.show_dp) << c.name;
  }
}

}  // namespace
}  // namespace rect::registration::wizard
