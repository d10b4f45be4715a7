#include "services/registration/wizard/fields.h"

#include <algorithm>
#include <regex>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/registration/teacher.h"

namespace rect::registration::wizard {
namespace {

absl::Status Invalid(absl::string_view message) { return absl::InvalidArgumentError(message); }

bool AllDigits(absl::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), absl::ascii_isdigit);
}

int DaysInMonth(absl::civil_year_t year, int month) {
  return static_cast<int>(absl::CivilDay(absl::CivilMonth(year, month) + 1) -
                          absl::CivilDay(absl::CivilMonth(year, month)));
}

}  // namespace

absl::StatusOr<std::string> NormaliseTrnInput(absl::string_view raw) {
  std::string digits;
  for (char c : raw) {
    if (absl::ascii_isdigit(c)) digits.push_back(c);
  }
  if (digits.empty()) return Invalid("Enter the teacher reference number (TRN)");
  if (digits.size() < 5) return Invalid("Teacher reference number must include at least 5 digits");
  if (digits.size() > 7) {
    return Invalid("Teacher reference number cannot include more than 7 digits");
  }
  return std::string(7 - digits.size(), '0') + digits;
}

DateInputState ParseDateInput(const DateInput& input, absl::CivilDay* day) {
  absl::string_view d = absl::StripAsciiWhitespace(input.day);
  absl::string_view m = absl::StripAsciiWhitespace(input.month);
  absl::string_view y = absl::StripAsciiWhitespace(input.year);
  if (d.empty() && m.empty() && y.empty()) return DateInputState::kMissing;
  int dd = 0, mm = 0, yy = 0;
  if (!AllDigits(d) || !AllDigits(m) || !AllDigits(y) || y.size() != 4 ||
      !absl::SimpleAtoi(d, &dd) || !absl::SimpleAtoi(m, &mm) || !absl::SimpleAtoi(y, &yy) ||
      mm < 1 || mm > 12 || dd < 1 || dd > DaysInMonth(yy, mm)) {
    return DateInputState::kInvalid;
  }
  *day = absl::CivilDay(yy, mm, dd);
  return DateInputState::kValid;
}

absl::StatusOr<absl::CivilDay> ValidateDateOfBirth(const DateInput& input, absl::CivilDay today) {
  absl::CivilDay dob;
  switch (ParseDateInput(input, &dob)) {
    case DateInputState::kMissing:
      return Invalid("Enter a date of birth");
    case DateInputState::kInvalid:
      return Invalid("Enter the date of birth in the correct format, for example 12 03 1998");
    case DateInputState::kValid:
      break;
  }
  if (dob < YearsBefore(today, 100))
    return Invalid("The teacher cannot be more than 100 years old");
  if (dob > YearsBefore(today, 18)) return Invalid("The teacher cannot be less than 18 years old");
  return dob;
}

absl::StatusOr<std::string> NormaliseNationalInsuranceNumber(absl::string_view raw) {
  std::string nino;
  for (char c : raw) {
    if (!absl::ascii_isspace(c)) nino.push_back(absl::ascii_toupper(c));
  }
  if (nino.empty()) return Invalid("Enter a National Insurance Number");
  static constexpr absl::string_view kBadFirst = "DFIQUV";
  static constexpr absl::string_view kBadSecond = "DFIOQUV";
  static constexpr absl::string_view kBadPrefixes[] = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"};
  const bool ok =
      nino.size() == 9 && absl::ascii_isupper(nino[0]) && absl::ascii_isupper(nino[1]) &&
      kBadFirst.find(nino[0]) == absl::string_view::npos &&
      kBadSecond.find(nino[1]) == absl::string_view::npos &&
      std::none_of(
          std::begin(kBadPrefixes), std::end(kBadPrefixes),
          [&](absl::string_view p) { return absl::string_view(nino).substr(0, 2) == p; }) &&
      AllDigits(absl::string_view(nino).substr(2, 6)) && nino[8] >= 'A' && nino[8] <= 'D';
  if (!ok) return Invalid("Enter a National Insurance Number in the correct format");
  return nino;
}

absl::StatusOr<std::string> ValidateEmailAddress(absl::string_view raw) {
  std::string email(absl::StripAsciiWhitespace(raw));
  if (email.empty()) return Invalid("Enter the email address");
  const absl::Status bad =
      Invalid("Enter an email address in the correct format, like name@example.com");
  // GOV.UK Notify's validate_email_address, in the same order.
  static const std::regex kEmail(R"(^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~\-]+@([^.@][^@\s]+)$)");
  static const std::regex kHostnamePart(R"(^(xn|[a-z0-9]+)(-?-[a-z0-9]+)*$)", std::regex::icase);
  static const std::regex kTld(R"(^([a-z]{2,63}|xn--([a-z0-9]+-)*[a-z0-9]+)$)", std::regex::icase);
  std::smatch match;
  if (email.size() > 320 || email.find("..") != std::string::npos ||
      !std::regex_match(email, match, kEmail)) {
    return bad;
  }
  const std::string hostname = match[1].str();
  if (hostname.size() > 253) return bad;
  std::vector<std::string> parts = absl::StrSplit(hostname, '.');
  if (parts.size() < 2) return bad;
  for (const std::string& part : parts) {
    if (part.empty() || part.size() > 63 || !std::regex_match(part, kHostnamePart)) return bad;
  }
  if (!std::regex_match(parts.back(), kTld)) return bad;
  return email;
}

absl::StatusOr<std::string> ValidateCorrectedName(absl::string_view raw) {
  std::string name(absl::StripAsciiWhitespace(raw));
  if (name.empty()) return Invalid("Enter the correct full name");
  if (CharacterCount(name) > kMaxCorrectedNameLength) {
    return Invalid("Corrected name must be 70 characters or less");
  }
  return name;
}

absl::CivilDay YearsBefore(absl::CivilDay day, int years) {
  const absl::civil_year_t year = day.year() - years;
  return absl::CivilDay(year, day.month(), std::min(day.day(), DaysInMonth(year, day.month())));
}

absl::CivilDay MonthsAfter(absl::CivilDay day, int months) {
  const absl::CivilMonth month = absl::CivilMonth(day) + months;
  return absl::CivilDay(month.year(), month.month(),
                        std::min(day.day(), DaysInMonth(month.year(), month.month())));
}

bool EmailInUseByOtherTeacher(absl::string_view email, absl::string_view trn,
                              const std::vector<EmailHolder>& holders, absl::CivilDay today) {
  return std::any_of(holders.begin(), holders.end(), [&](const EmailHolder& holder) {
    return holder.trn != trn && absl::EqualsIgnoreCase(holder.email, email) &&
           (!holder.finished_on || *holder.finished_on > today);
  });
}

std::string FormatDisplayDate(absl::CivilDay day) {
  static constexpr const char* kMonths[] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};
  return absl::StrCat(day.day(), " ", kMonths[day.month() - 1], " ", day.year());
}

}  // namespace rect::registration::wizard
