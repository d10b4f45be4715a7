#include "services/registration/mentorship.h"

#include <gtest/gtest.h>

namespace rect::registration {
namespace {

using absl::CivilDay;

TEST(MentorFunding, EligibleUnlessAReasonIsRecorded) {
  struct Case {
    const char* value;
    bool eligible;
  };
  const Case cases[] = {
      {"completed_during_early_roll_out", false},
      {"completed_declaration_received", false},
      {"started_not_completed", false},
  };
  for (const Case& c : cases) {
    std::optional<MentorIneligibilityReason> reason = ParseMentorIneligibilityReason(c.value);
    ASSERT_TRUE(reason.has_value()) << c.value;
    EXPECT_EQ(MentorIneligibilityReasonValue(*reason), c.value);
    EXPECT_EQ(EligibleForMentorFunding(reason), c.eligible) << c.value;
  }
  EXPECT_TRUE(EligibleForMentorFunding(std::nullopt));  // no teacher row / no reason
  EXPECT_FALSE(ParseMentorIneligibilityReason("").has_value());
  EXPECT_EQ(kEarlyRollOutIneligibleOn, CivilDay(2021, 4, 19));
}

const std::vector<SchoolMentor> kMentors = {
    {"1", "7000024", "Uma Patel"}, {"2", "7000013", "Jamal Price"}, {"3", "7000021", "Rosa Clarke"}};

TEST(MentorsToOffer, NeverTheEctThemself) {
  std::vector<SchoolMentor> offered = MentorsToOffer(kMentors, "7000013");
  ASSERT_EQ(offered.size(), 2u);
  EXPECT_EQ(offered[0].trn, "7000024");
  EXPECT_EQ(offered[1].trn, "7000021");
  EXPECT_TRUE(MentorsToOffer({{"2", "7000013", "Jamal Price"}}, "7000013").empty());
}

TEST(ValidateMentorChoice, Messages) {
  struct Case {
    const char* value;
    std::string error;
    bool register_new;
    std::string id;
  };
  const Case cases[] = {
      {"", "Select a mentor from the list provided or choose to register a new mentor", false, ""},
      {"new", "", true, ""},
      {"1", "", false, "1"},
      {"3", "", false, "3"},
      {"99", "This mentor is not registered at this school", false, ""},
      {"x", "This mentor is not registered at this school", false, ""},
      {"2", "It needs to be a different mentor for this ECT", false, ""},
  };
  for (const Case& c : cases) {
    absl::StatusOr<MentorChoice> got = ValidateMentorChoice(c.value, kMentors, "7000013");
    if (c.error.empty()) {
      ASSERT_TRUE(got.ok()) << c.value;
      EXPECT_EQ(got->register_new, c.register_new) << c.value;
      EXPECT_EQ(got->mentor_at_school_period_id, c.id) << c.value;
    } else {
      EXPECT_EQ(got.status().message(), c.error) << c.value;
    }
  }
}

TEST(OfferMentorTraining, ProviderLedEligibleNeverTrained) {
  struct Case {
    bool provider_led, eligible, trained, offer;
  };
  const Case cases[] = {
      {true, true, false, true},   {true, true, true, false},   {true, false, false, false},
      {false, true, false, false}, {false, false, true, false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(OfferMentorTraining(c.provider_led, c.eligible, c.trained), c.offer);
  }
}

TEST(NewMentorshipDates, LatestStartEarliestEnd) {
  const CivilDay today(2025, 11, 23);
  struct Case {
    const char* name;
    MentorshipDatesInput input;
    CivilDay start;
    std::optional<CivilDay> end;
  };
  const Case cases[] = {
      {"today is latest",
       {today, CivilDay(2025, 9, 1), std::nullopt, CivilDay(2024, 9, 1)},
       today,
       std::nullopt},
      {"ECT starts later",
       {today, CivilDay(2026, 1, 5), std::nullopt, CivilDay(2024, 9, 1)},
       CivilDay(2026, 1, 5),
       std::nullopt},
      {"mentor starts later",
       {today, CivilDay(2025, 9, 1), std::nullopt, CivilDay(2026, 2, 1)},
       CivilDay(2026, 2, 1),
       std::nullopt},
      {"transferring in, ECT never mentored: today ignored",
       {today, CivilDay(2025, 9, 1), std::nullopt, CivilDay(2025, 10, 1), std::nullopt, true},
       CivilDay(2025, 10, 1),
       std::nullopt},
      {"earliest end",
       {today, CivilDay(2025, 9, 1), CivilDay(2026, 7, 1), CivilDay(2024, 9, 1),
        CivilDay(2026, 3, 31)},
       today,
       CivilDay(2026, 3, 31)},
      {"only the ECT ends",
       {today, CivilDay(2025, 9, 1), CivilDay(2026, 7, 1), CivilDay(2024, 9, 1)},
       today,
       CivilDay(2026, 7, 1)},
      {"only the mentor ends",
       {today, CivilDay(2025, 9, 1), std::nullopt, CivilDay(2024, 9, 1), CivilDay(2026, 3, 31)},
       today,
       CivilDay(2026, 3, 31)},
  };
  for (const Case& c : cases) {
    MentorshipDates got = NewMentorshipDates(c.input);
    EXPECT_EQ(got.started_on, c.start) << c.name;
    EXPECT_EQ(got.finished_on, c.end) << c.name;
  }
}

TEST(ReplaceMentorship, EndDayBeforeOrDelete) {
  const CivilDay start(2025, 11, 23);
  ReplacedMentorship ended = ReplaceMentorship(CivilDay(2025, 9, 1), start);
  EXPECT_FALSE(ended.remove);
  EXPECT_EQ(ended.finished_on, CivilDay(2025, 11, 22));
  EXPECT_TRUE(ReplaceMentorship(start, start).remove);
  EXPECT_TRUE(ReplaceMentorship(start + 10, start).remove);
}

}  // namespace
}  // namespace rect::registration
