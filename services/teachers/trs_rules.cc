#include "services/teachers/trs_rules.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/time/clock.h"

namespace rect::teachers {
namespace {

constexpr std::pair<const char*, InductionStatus> kInductionStatuses[] = {
    {"None", InductionStatus::kNone},
    {"RequiredToComplete", InductionStatus::kRequiredToComplete},
    {"InProgress", InductionStatus::kInProgress},
    {"Passed", InductionStatus::kPassed},
    {"Failed", InductionStatus::kFailed},
    {"FailedInWales", InductionStatus::kFailedInWales},
    {"Exempt", InductionStatus::kExempt},
};

bool Contains(absl::string_view letters, char c) { return letters.find(c) != letters.npos; }

}  // namespace

InductionStatus ParseInductionStatus(absl::string_view status) {
  for (const auto& [name, value] : kInductionStatuses) {
    if (status == name) return value;
  }
  return InductionStatus::kUnknown;
}

bool IsInductionEligible(InductionStatus status) {
  switch (status) {
    case InductionStatus::kNone:
    case InductionStatus::kRequiredToComplete:
    case InductionStatus::kInProgress:
      return true;
    case InductionStatus::kUnknown:
    case InductionStatus::kPassed:
    case InductionStatus::kFailed:
    case InductionStatus::kFailedInWales:
    case InductionStatus::kExempt:
      break;
  }
  return false;
}

std::optional<absl::CivilDay> ParseTrsDate(absl::string_view date) {
  // Exactly YYYY-MM-DD: absl would also accept a sign or more year digits.
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!absl::ascii_isdigit(date[i])) return std::nullopt;
  }
  absl::CivilDay day;
  if (!absl::ParseCivilTime(date, &day)) return std::nullopt;
  // ParseCivilTime normalises (2023-02-30 -> 2023-03-02); a real date survives the round trip.
  if (absl::FormatCivilTime(day) != date) return std::nullopt;
  return day;
}

bool IsProhibited(const std::vector<TrsAlert>& alerts, absl::CivilDay today) {
  return std::any_of(alerts.begin(), alerts.end(), [&](const TrsAlert& alert) {
    if (!absl::EqualsIgnoreCase(alert.category_id, kProhibitionAlertCategory)) return false;
    if (alert.end_date.empty()) return true;
    const std::optional<absl::CivilDay> end = ParseTrsDate(alert.end_date);
    return !end || *end > today;
  });
}

bool DateOfBirthMatches(absl::CivilDay entered, absl::string_view trs_date_of_birth) {
  const std::optional<absl::CivilDay> trs = ParseTrsDate(trs_date_of_birth);
  return trs && *trs == entered;
}

bool IsInTrs(const TrsPerson& person) {
  return !absl::StripAsciiWhitespace(person.first_name).empty();
}

std::string DescribeProfessionalStatus(absl::string_view type) {
  std::string words;
  for (char c : type) {
    // A capital after a small letter starts a word; runs of capitals (acronyms) stay whole.
    if (absl::ascii_isupper(c) && !words.empty() && absl::ascii_islower(words.back())) {
      words.push_back(' ');
      c = absl::ascii_tolower(c);
    }
    words.push_back(c);
  }
  return words;
}

std::string NormaliseNino(absl::string_view nino) {
  std::string normalised;
  for (char c : nino) {
    if (!absl::ascii_isspace(c)) normalised.push_back(absl::ascii_toupper(c));
  }
  return normalised;
}

absl::Status ValidateNino(absl::string_view nino) {
  if (nino.empty()) return absl::InvalidArgumentError("Enter a National Insurance Number");
  const absl::Status bad =
      absl::InvalidArgumentError("Enter a National Insurance Number in the correct format");
  if (nino.size() != 9) return bad;
  if (!absl::ascii_isupper(nino[0]) || !absl::ascii_isupper(nino[1])) return bad;
  for (size_t i = 2; i < 8; ++i) {
    if (!absl::ascii_isdigit(nino[i])) return bad;
  }
  if (nino[8] < 'A' || nino[8] > 'D') return bad;
  if (Contains("DFIQUV", nino[0]) || Contains("DFIOQUV", nino[1])) return bad;
  const absl::string_view prefix = nino.substr(0, 2);
  for (const char* refused : {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}) {
    if (prefix == refused) return bad;
  }
  return absl::OkStatus();
}

absl::CivilDay TodayInEngland(absl::Time now) {
  static const absl::TimeZone* const england = [] {
    absl::TimeZone zone;
    if (!absl::LoadTimeZone("Europe/London", &zone)) zone = absl::UTCTimeZone();
    return new absl::TimeZone(zone);
  }();
  return absl::ToCivilDay(now, *england);
}

TeacherFacts InterpretPerson(const TrsPerson& person, absl::CivilDay today) {
  TeacherFacts facts;
  facts.trn = person.trn;
  facts.first_name = std::string(absl::StripAsciiWhitespace(person.first_name));
  facts.last_name = std::string(absl::StripAsciiWhitespace(person.last_name));
  facts.induction_status = ParseInductionStatus(person.induction_status);
  facts.induction_status_name = person.induction_status;
  facts.induction_eligible = IsInductionEligible(facts.induction_status);
  facts.induction_start_date = ParseTrsDate(person.induction_start_date);
  facts.induction_completed_date = ParseTrsDate(person.induction_completed_date);
  facts.has_qts = !person.qts_holds_from.empty();
  if (facts.has_qts) {
    facts.qts_awarded_on = ParseTrsDate(person.qts_holds_from);
    facts.qts_status_description = DescribeProfessionalStatus(
        person.qts_professional_status_type.empty() ? "QualifiedTeacherStatus"
                                                    : person.qts_professional_status_type);
  }
  facts.prohibited_from_teaching = IsProhibited(person.alerts, today);
  return facts;
}

}  // namespace rect::teachers
