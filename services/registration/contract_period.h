// Contract periods (cohorts) for school registrations: which period a registration belongs to,
// the registration window, the earliest start date, when training starts and which schedule.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/types/span.h"

namespace rect::registration {

// A contract_periods row. Production dates are stored rows; DefaultContractPeriod gives the
// usual 1 June Y – 31 May Y+1 shape for tests and seeds.
struct ContractPeriod {
  int year = 0;
  absl::CivilDay started_on;
  absl::CivilDay finished_on;  // inclusive
  bool enabled = false;        // registration open for this year
  bool payments_frozen = false;
  bool mentor_funding_enabled = false;
};

ContractPeriod DefaultContractPeriod(int year, bool enabled, bool payments_frozen = false,
                                     bool mentor_funding_enabled = false);

// "2025 to 2026 academic year"'s "2025 to 2026".
std::string AcademicYearLabel(int year);

// The period whose [started_on, finished_on] contains `day`, if any.
std::optional<ContractPeriod> ContractPeriodContaining(absl::Span<const ContractPeriod> periods,
                                                       absl::CivilDay day);
std::optional<ContractPeriod> ContractPeriodForYear(absl::Span<const ContractPeriod> periods,
                                                    int year);

// Days when register/assign journeys are closed (inclusive). Data, not code (§9 item 10).
struct RegistrationClosure {
  absl::CivilDay first_day;
  absl::CivilDay last_day;
};
// The one closure RECT hard-codes: 1–14 June 2026.
inline constexpr RegistrationClosure kJune2026Closure{absl::CivilDay(2026, 6, 1),
                                                      absl::CivilDay(2026, 6, 14)};
bool RegistrationWindowClosed(absl::Span<const RegistrationClosure> closures, absl::CivilDay today);

// The teacher's previous provider-led ECT training, if any (drives rules 1 and 2 of §6).
struct PreviousProviderLedTraining {
  int contract_period_year = 0;
  bool payments_frozen = false;
};

// Where a frozen-year ECT is moved to (§6 rule 1).
inline constexpr int kFrozenYearReassignmentYear = 2024;

struct RegistrationPeriod {
  enum class Outcome {
    kRegister,          // register in `year`
    kCannotRegisterYet  // `cannot-register-*-yet`: "Registration for the {year} ... is not open"
  };
  Outcome outcome = Outcome::kRegister;
  int year = 0;
  bool moved_off_frozen_year = false;  // rule 1: extended schedule, training from period start
};

// The ECT's registration contract period (the rules' expected training start year), §6:
// (1) previous provider-led training in a payments-frozen year -> 2024; (2) in an unfrozen year
// -> that year; (3) else the later of the period containing `start_date` and today's period.
// A start date after today with no period, or a chosen period that is not enabled, gives
// kCannotRegisterYet. FAILED_PRECONDITION when no period contains today.
absl::StatusOr<RegistrationPeriod> EctRegistrationPeriod(
    absl::Span<const ContractPeriod> periods, absl::CivilDay start_date, absl::CivilDay today,
    const std::optional<PreviousProviderLedTraining>& previous);

// The mentor's registration period: rules (2) and (3) only (no frozen-year move).
absl::StatusOr<RegistrationPeriod> MentorRegistrationPeriod(
    absl::Span<const ContractPeriod> periods, absl::CivilDay start_date, absl::CivilDay today,
    const std::optional<PreviousProviderLedTraining>& previous);

// Earliest ECT start date: the start of the period two before today's (stored row when
// present, else the default 1 June). FAILED_PRECONDITION when no period contains today.
absl::StatusOr<absl::CivilDay> EarliestEctStartDate(absl::Span<const ContractPeriod> periods,
                                                    absl::CivilDay today);

// Training starts max(start, today); after a frozen-year move, max(start, period start).
absl::CivilDay TrainingStartDate(absl::CivilDay start_date, absl::CivilDay today,
                                 const std::optional<absl::CivilDay>& moved_to_period_start);

enum class ScheduleType { kStandard, kExtended, kReduced, kReplacement };
enum class ScheduleMonth { kSeptember, kJanuary, kApril };

struct Schedule {
  int contract_period_year = 0;
  ScheduleType type = ScheduleType::kStandard;
  ScheduleMonth month = ScheduleMonth::kSeptember;
  // "ecf-standard-september" etc.; the year is the separate schedules.contract_period_year.
  std::string Identifier() const;
  bool operator==(const Schedule& other) const {
    return contract_period_year == other.contract_period_year && type == other.type &&
           month == other.month;
  }
};

// Jun–Oct september, Nov–Feb january, Mar–May april.
ScheduleMonth ScheduleMonthFor(absl::CivilDay day);

struct ScheduleChoice {
  int registration_year = 0;
  absl::CivilDay start_date;
  absl::CivilDay today;
  bool moved_off_frozen_year = false;  // -> extended
  bool replacement_mentor = false;     // previous mentor had declared training -> replacement
  // The teacher's provider-led schedule in the registration year, reused when present.
  std::optional<Schedule> same_year_provider_led_schedule;
};

// The schedule of a new provider-led training period (§6). `reduced` is never chosen here.
Schedule ChooseSchedule(const ScheduleChoice& choice);

}  // namespace rect::registration
