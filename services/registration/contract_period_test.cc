#include "services/registration/contract_period.h"

#include <gtest/gtest.h>

#include <optional>
#include <vector>

namespace rect::registration {
namespace {

using absl::CivilDay;
using Outcome = RegistrationPeriod::Outcome;

// Production-like: 2021–2022 not enabled and frozen; 2023–2026 enabled; mentor funding from
// 2025; 2027 exists but is not open yet.
std::vector<ContractPeriod> Periods() {
  return {DefaultContractPeriod(2021, false, true),
          DefaultContractPeriod(2022, false, true),
          DefaultContractPeriod(2023, true),
          DefaultContractPeriod(2024, true),
          DefaultContractPeriod(2025, true, false, true),
          DefaultContractPeriod(2026, true, false, true),
          DefaultContractPeriod(2027, false, false, true)};
}

TEST(ContractPeriod, DefaultRunsFirstJuneToThirtyFirstMay) {
  ContractPeriod p = DefaultContractPeriod(2025, true);
  EXPECT_EQ(p.started_on, CivilDay(2025, 6, 1));
  EXPECT_EQ(p.finished_on, CivilDay(2026, 5, 31));
  EXPECT_EQ(AcademicYearLabel(2025), "2025 to 2026");
  const auto periods = Periods();
  EXPECT_EQ(ContractPeriodContaining(periods, CivilDay(2025, 5, 31))->year, 2024);
  EXPECT_EQ(ContractPeriodContaining(periods, CivilDay(2025, 6, 1))->year, 2025);
  EXPECT_FALSE(ContractPeriodContaining(periods, CivilDay(2021, 5, 31)).has_value());
}

struct WindowCase {
  CivilDay today;
  bool closed;
};

TEST(RegistrationWindow, ClosedFirstToFourteenthJune2026Inclusive) {
  const RegistrationClosure closures[] = {kJune2026Closure};
  const WindowCase cases[] = {
      {CivilDay(2026, 5, 31), false}, {CivilDay(2026, 6, 1), true},
      {CivilDay(2026, 6, 7), true},   {CivilDay(2026, 6, 14), true},
      {CivilDay(2026, 6, 15), false}, {CivilDay(2025, 6, 5), false},  // only 2026 is closed
  };
  for (const WindowCase& c : cases) {
    EXPECT_EQ(RegistrationWindowClosed(closures, c.today), c.closed) << c.today;
  }
  EXPECT_FALSE(RegistrationWindowClosed({}, CivilDay(2026, 6, 1)));
}

struct PeriodCase {
  const char* name;
  CivilDay start_date;
  CivilDay today;
  std::optional<PreviousProviderLedTraining> previous;
  Outcome outcome;
  int year;
  bool moved_off_frozen;
};

TEST(EctRegistrationPeriod, FollowsSectionSix) {
  const auto periods = Periods();
  const PeriodCase cases[] = {
      // The rules' examples.
      {"started Jan 2024, registered Sept 2024", CivilDay(2024, 1, 15), CivilDay(2024, 9, 10),
       std::nullopt, Outcome::kRegister, 2024, false},
      {"starting Oct 2025, registered April 2025", CivilDay(2025, 10, 1), CivilDay(2025, 4, 10),
       std::nullopt, Outcome::kRegister, 2025, false},
      // Table rows.
      {"start before the current period", CivilDay(2023, 9, 1), CivilDay(2025, 11, 23),
       std::nullopt, Outcome::kRegister, 2025, false},
      {"start within the current period", CivilDay(2025, 9, 1), CivilDay(2025, 11, 23),
       std::nullopt, Outcome::kRegister, 2025, false},
      {"start in a later enabled period", CivilDay(2026, 9, 1), CivilDay(2026, 4, 1), std::nullopt,
       Outcome::kRegister, 2026, false},
      {"start in a later period not enabled", CivilDay(2027, 9, 1), CivilDay(2027, 5, 1),
       std::nullopt, Outcome::kCannotRegisterYet, 2027, false},
      {"start later with no period", CivilDay(2028, 9, 1), CivilDay(2027, 5, 1), std::nullopt,
       Outcome::kCannotRegisterYet, 2028, false},
      {"start in the past with no period -> today's", CivilDay(2019, 9, 1), CivilDay(2025, 11, 23),
       std::nullopt, Outcome::kRegister, 2025, false},
      {"period edge: start 31 May, today earlier", CivilDay(2026, 5, 31), CivilDay(2026, 1, 5),
       std::nullopt, Outcome::kRegister, 2025, false},
      {"period edge: start 1 June, today earlier", CivilDay(2026, 6, 1), CivilDay(2026, 1, 5),
       std::nullopt, Outcome::kRegister, 2026, false},
      // Rule (1): previous provider-led training in a frozen year.
      {"previous training frozen 2022", CivilDay(2025, 9, 1), CivilDay(2025, 11, 23),
       PreviousProviderLedTraining{2022, true}, Outcome::kRegister, 2024, true},
      // Rule (2): previous provider-led training in an unfrozen year is kept.
      {"previous training 2023 kept", CivilDay(2025, 9, 1), CivilDay(2025, 11, 23),
       PreviousProviderLedTraining{2023, false}, Outcome::kRegister, 2023, false},
  };
  for (const PeriodCase& c : cases) {
    absl::StatusOr<RegistrationPeriod> got =
        EctRegistrationPeriod(periods, c.start_date, c.today, c.previous);
    ASSERT_TRUE(got.ok()) << c.name << ": " << got.status();
    EXPECT_EQ(got->outcome, c.outcome) << c.name;
    EXPECT_EQ(got->year, c.year) << c.name;
    EXPECT_EQ(got->moved_off_frozen_year, c.moved_off_frozen) << c.name;
  }
}

TEST(EctRegistrationPeriod, OnceEnabledExample) {
  // Registered April 2025 to start October 2025 while 2025 is not yet enabled.
  std::vector<ContractPeriod> periods = {DefaultContractPeriod(2024, true),
                                         DefaultContractPeriod(2025, false)};
  absl::StatusOr<RegistrationPeriod> got =
      EctRegistrationPeriod(periods, CivilDay(2025, 10, 1), CivilDay(2025, 4, 10), std::nullopt);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->outcome, Outcome::kCannotRegisterYet);
  EXPECT_EQ(got->year, 2025);
}

TEST(EctRegistrationPeriod, NoPeriodForTodayIsFailedPrecondition) {
  const auto periods = Periods();
  EXPECT_EQ(EctRegistrationPeriod(periods, CivilDay(2030, 9, 1), CivilDay(2030, 9, 1), std::nullopt)
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(EarliestEctStartDate(periods, CivilDay(2030, 9, 1)).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(MentorRegistrationPeriod, NeverMovesOffAFrozenYear) {
  const auto periods = Periods();
  absl::StatusOr<RegistrationPeriod> got =
      MentorRegistrationPeriod(periods, CivilDay(2025, 9, 1), CivilDay(2025, 11, 23),
                               PreviousProviderLedTraining{2022, true});
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->year, 2022);
  EXPECT_EQ(got->outcome, Outcome::kCannotRegisterYet);  // 2022 is not enabled
  EXPECT_FALSE(got->moved_off_frozen_year);
  got = MentorRegistrationPeriod(periods, CivilDay(2026, 7, 1), CivilDay(2026, 3, 1), std::nullopt);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->year, 2026);
}

struct EarliestCase {
  CivilDay today;
  CivilDay earliest;
};

TEST(EarliestEctStartDate, StartOfThePeriodTwoBeforeTodays) {
  const auto periods = Periods();
  const EarliestCase cases[] = {
      {CivilDay(2025, 11, 23), CivilDay(2023, 6, 1)},
      {CivilDay(2026, 5, 31), CivilDay(2023, 6, 1)},
      {CivilDay(2026, 6, 1), CivilDay(2024, 6, 1)},
      {CivilDay(2023, 6, 1), CivilDay(2021, 6, 1)},
  };
  for (const EarliestCase& c : cases) {
    EXPECT_EQ(EarliestEctStartDate(periods, c.today).value(), c.earliest) << c.today;
  }
}

TEST(TrainingStartDate, LaterOfStartAndTodayOrPeriodStartAfterFrozenMove) {
  EXPECT_EQ(TrainingStartDate(CivilDay(2025, 9, 1), CivilDay(2025, 11, 23), std::nullopt),
            CivilDay(2025, 11, 23));
  EXPECT_EQ(TrainingStartDate(CivilDay(2026, 1, 5), CivilDay(2025, 11, 23), std::nullopt),
            CivilDay(2026, 1, 5));
  EXPECT_EQ(TrainingStartDate(CivilDay(2023, 9, 1), CivilDay(2025, 11, 23), CivilDay(2024, 6, 1)),
            CivilDay(2024, 6, 1));
  EXPECT_EQ(TrainingStartDate(CivilDay(2024, 9, 1), CivilDay(2025, 11, 23), CivilDay(2024, 6, 1)),
            CivilDay(2024, 9, 1));
}

TEST(ScheduleMonthFor, JuneToOctoberSeptemberNovemberToFebruaryJanuaryMarchToMayApril) {
  const ScheduleMonth by_month[13] = {
      ScheduleMonth::kJanuary,  // unused
      ScheduleMonth::kJanuary,   ScheduleMonth::kJanuary,   ScheduleMonth::kApril,
      ScheduleMonth::kApril,     ScheduleMonth::kApril,     ScheduleMonth::kSeptember,
      ScheduleMonth::kSeptember, ScheduleMonth::kSeptember, ScheduleMonth::kSeptember,
      ScheduleMonth::kSeptember, ScheduleMonth::kJanuary,   ScheduleMonth::kJanuary};
  for (int month = 1; month <= 12; ++month) {
    EXPECT_EQ(ScheduleMonthFor(CivilDay(2025, month, 1)), by_month[month]) << month;
    EXPECT_EQ(ScheduleMonthFor(CivilDay(2025, month, 28)), by_month[month]) << month;
  }
}

struct ScheduleCase {
  const char* name;
  ScheduleChoice choice;
  const char* identifier;
  int year;
};

TEST(ChooseSchedule, PicksTypeAndMonth) {
  const Schedule reused{2025, ScheduleType::kReduced, ScheduleMonth::kApril};
  const ScheduleCase cases[] = {
      {"standard from today",
       {2025, CivilDay(2025, 9, 1), CivilDay(2025, 11, 23)},
       "ecf-standard-january",
       2025},
      {"standard from a future start",
       {2025, CivilDay(2026, 3, 2), CivilDay(2025, 11, 23)},
       "ecf-standard-april",
       2025},
      {"september",
       {2025, CivilDay(2025, 9, 1), CivilDay(2025, 6, 20)},
       "ecf-standard-september",
       2025},
      {"extended after a frozen-year move",
       {2024, CivilDay(2025, 9, 1), CivilDay(2025, 9, 3), true},
       "ecf-extended-september",
       2024},
      {"replacement mentor",
       {2025, CivilDay(2026, 4, 1), CivilDay(2026, 4, 1), false, true},
       "ecf-replacement-april",
       2025},
      {"same-year provider-led schedule reused",
       {2025, CivilDay(2025, 9, 1), CivilDay(2025, 11, 23), false, false, reused},
       "ecf-reduced-april",
       2025},
      {"other-year schedule not reused",
       {2026, CivilDay(2026, 9, 1), CivilDay(2026, 9, 1), false, false, reused},
       "ecf-standard-september",
       2026},
  };
  for (const ScheduleCase& c : cases) {
    Schedule got = ChooseSchedule(c.choice);
    EXPECT_EQ(got.Identifier(), c.identifier) << c.name;
    EXPECT_EQ(got.contract_period_year, c.year) << c.name;
  }
}

}  // namespace
}  // namespace rect::registration
