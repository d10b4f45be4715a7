#include "services/registration/api/participant_status.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rect::registration::api {
namespace {

const absl::CivilDay kToday(2025, 11, 20);

TEST(TrainingStatusTest, LaterOfWithdrawalAndDeferralWins) {
  const absl::Time early = absl::FromUnixSeconds(1000);
  const absl::Time late = absl::FromUnixSeconds(2000);
  EXPECT_EQ(TrainingStatus(std::nullopt, std::nullopt), "active");
  EXPECT_EQ(TrainingStatus(early, std::nullopt), "withdrawn");
  EXPECT_EQ(TrainingStatus(std::nullopt, early), "deferred");
  EXPECT_EQ(TrainingStatus(late, early), "withdrawn");
  EXPECT_EQ(TrainingStatus(early, late), "deferred");
}

TEST(ParticipantStatusTest, FromDates) {
  struct Case {
    EnrolmentDates enrolment;
    std::string expected;
  };
  const absl::CivilDay past(2025, 9, 1), future(2026, 1, 5);
  const std::vector<Case> cases = {
      {{"active", past, std::nullopt, false}, "active"},
      {{"active", future, std::nullopt, false}, "joining"},
      {{"active", past, future, false}, "leaving"},
      {{"active", past, kToday, false}, "left"},
      {{"active", past, past, true}, "active"},
      {{"withdrawn", past, kToday, false}, "left"},
      {{"withdrawn", past, future, false}, "leaving"},
      {{"deferred", past, std::nullopt, false}, "left"},
      {{"deferred", past, future, true}, "leaving"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ParticipantStatus(c.enrolment, kToday), c.expected)
        << c.enrolment.training_status << " " << c.enrolment.started_on;
  }
}

TEST(EligibleForFundingTest, EligibilityAgainstIneligibility) {
  const absl::Time early = absl::FromUnixSeconds(1000);
  const absl::Time late = absl::FromUnixSeconds(2000);
  EXPECT_EQ(EligibleForFunding(std::nullopt, std::nullopt), std::nullopt);
  EXPECT_EQ(EligibleForFunding(early, std::nullopt), true);
  EXPECT_EQ(EligibleForFunding(early, late), true);
  EXPECT_EQ(EligibleForFunding(late, early), false);
  EXPECT_EQ(EligibleForFunding(std::nullopt, early), false);
}

}  // namespace
}  // namespace rect::registration::api
