#include "services/registration/contract_period.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace rect::registration {
namespace {

absl::StatusOr<ContractPeriod> PeriodContainingToday(absl::Span<const ContractPeriod> periods,
                                                     absl::CivilDay today) {
  std::optional<ContractPeriod> current = ContractPeriodContaining(periods, today);
  if (!current) {
    return absl::FailedPreconditionError(
        absl::StrCat("no contract period contains ", absl::FormatCivilTime(today)));
  }
  return *current;
}

RegistrationPeriod Decide(const ContractPeriod& period, bool moved_off_frozen_year) {
  RegistrationPeriod result;
  result.year = period.year;
  result.moved_off_frozen_year = moved_off_frozen_year;
  if (!period.enabled) result.outcome = RegistrationPeriod::Outcome::kCannotRegisterYet;
  return result;
}

// Rules (2) and (3), shared by ECTs and mentors.
absl::StatusOr<RegistrationPeriod> KeepOrLaterOf(
    absl::Span<const ContractPeriod> periods, absl::CivilDay start_date, absl::CivilDay today,
    const std::optional<PreviousProviderLedTraining>& previous) {
  absl::StatusOr<ContractPeriod> current = PeriodContainingToday(periods, today);
  if (!current.ok()) return current.status();
  if (previous) {
    std::optional<ContractPeriod> kept =
        ContractPeriodForYear(periods, previous->contract_period_year);
    if (!kept) {
      return absl::FailedPreconditionError(
          absl::StrCat("no contract period ", previous->contract_period_year));
    }
    return Decide(*kept, false);
  }
  std::optional<ContractPeriod> of_start = ContractPeriodContaining(periods, start_date);
  if (!of_start) {
    if (start_date > today) {
      RegistrationPeriod result;
      result.outcome = RegistrationPeriod::Outcome::kCannotRegisterYet;
      result.year = start_date.month() >= 6 ? static_cast<int>(start_date.year())
                                            : static_cast<int>(start_date.year()) - 1;
      return result;
    }
    return Decide(*current, false);
  }
  return Decide(of_start->year > current->year ? *of_start : *current, false);
}

}  // namespace

ContractPeriod DefaultContractPeriod(int year, bool enabled, bool payments_frozen,
                                     bool mentor_funding_enabled) {
  return ContractPeriod{year,
                        absl::CivilDay(year, 6, 1),
                        absl::CivilDay(year + 1, 5, 31),
                        enabled,
                        payments_frozen,
                        mentor_funding_enabled};
}

std::string AcademicYearLabel(int year) { return absl::StrCat(year, " to ", year + 1); }

std::optional<ContractPeriod> ContractPeriodContaining(absl::Span<const ContractPeriod> periods,
                                                       absl::CivilDay day) {
  for (const ContractPeriod& period : periods) {
    if (period.started_on <= day && day <= period.finished_on) return period;
  }
  return std::nullopt;
}

std::optional<ContractPeriod> ContractPeriodForYear(absl::Span<const ContractPeriod> periods,
                                                    int year) {
  for (const ContractPeriod& period : periods) {
    if (period.year == year) return period;
  }
  return std::nullopt;
}

bool RegistrationWindowClosed(absl::Span<const RegistrationClosure> closures,
                              absl::CivilDay today) {
  return std::any_of(closures.begin(), closures.end(), [&](const RegistrationClosure& c) {
    return c.first_day <= today && today <= c.last_day;
  });
}

absl::StatusOr<RegistrationPeriod> EctRegistrationPeriod(
    absl::Span<const ContractPeriod> periods, absl::CivilDay start_date, absl::CivilDay today,
    const std::optional<PreviousProviderLedTraining>& previous) {
  if (previous && previous->payments_frozen) {
    absl::StatusOr<ContractPeriod> current = PeriodContainingToday(periods, today);
    if (!current.ok()) return current.status();
    std::optional<ContractPeriod> target =
        ContractPeriodForYear(periods, kFrozenYearReassignmentYear);
    if (!target) {
      return absl::FailedPreconditionError(
          absl::StrCat("no contract period ", kFrozenYearReassignmentYear));
    }
    return Decide(*target, true);
  }
  return KeepOrLaterOf(periods, start_date, today, previous);
}

absl::StatusOr<RegistrationPeriod> MentorRegistrationPeriod(
    absl::Span<const ContractPeriod> periods, absl::CivilDay start_date, absl::CivilDay today,
    const std::optional<PreviousProviderLedTraining>& previous) {
  return KeepOrLaterOf(periods, start_date, today, previous);
}

absl::StatusOr<absl::CivilDay> EarliestEctStartDate(absl::Span<const ContractPeriod> periods,
                                                    absl::CivilDay today) {
  absl::StatusOr<ContractPeriod> current = PeriodContainingToday(periods, today);
  if (!current.ok()) return current.status();
  const int year = current->year - 2;
  std::optional<ContractPeriod> two_before = ContractPeriodForYear(periods, year);
  return two_before ? two_before->started_on : absl::CivilDay(year, 6, 1);
}

absl::CivilDay TrainingStartDate(absl::CivilDay start_date, absl::CivilDay today,
                                 const std::optional<absl::CivilDay>& moved_to_period_start) {
  if (moved_to_period_start) return std::max(start_date, *moved_to_period_start);
  return std::max(start_date, today);
}

std::string Schedule::Identifier() const {
  const char* type_name = "standard";
  switch (type) {
    case ScheduleType::kStandard:
      type_name = "standard";
      break;
    case ScheduleType::kExtended:
      type_name = "extended";
      break;
    case ScheduleType::kReduced:
      type_name = "reduced";
      break;
    case ScheduleType::kReplacement:
      type_name = "replacement";
      break;
  }
  const char* month_name = "september";
  switch (month) {
    case ScheduleMonth::kSeptember:
      month_name = "september";
      break;
    case ScheduleMonth::kJanuary:
      month_name = "january";
      break;
    case ScheduleMonth::kApril:
      month_name = "april";
      break;
  }
  return absl::StrCat("ecf-", type_name, "-", month_name);
}

ScheduleMonth ScheduleMonthFor(absl::CivilDay day) {
  const int month = day.month();
  if (month >= 6 && month <= 10) return ScheduleMonth::kSeptember;
  if (month >= 3 && month <= 5) return ScheduleMonth::kApril;
  return ScheduleMonth::kJanuary;
}

Schedule ChooseSchedule(const ScheduleChoice& choice) {
  if (choice.same_year_provider_led_schedule &&
      choice.same_year_provider_led_schedule->contract_period_year == choice.registration_year) {
    return *choice.same_year_provider_led_schedule;
  }
  Schedule schedule;
  schedule.contract_period_year = choice.registration_year;
  schedule.month = ScheduleMonthFor(std::max(choice.start_date, choice.today));
  if (choice.moved_off_frozen_year) {
    schedule.type = ScheduleType::kExtended;
  } else if (choice.replacement_mentor) {
    schedule.type = ScheduleType::kReplacement;
  }
  return schedule;
}

}  // namespace rect::registration
