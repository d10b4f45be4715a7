#include "services/registration/wizard/fields.h"

#include <gtest/gtest.h>

#include <string>

namespace rect::registration::wizard {
namespace {

using absl::CivilDay;

struct TextCase {
  std::string input;
  std::string want;   // normalised value when valid
  std::string error;  // exact message when invalid
};

void ExpectCases(absl::StatusOr<std::string> (*fn)(absl::string_view),
                 std::initializer_list<TextCase> cases) {
  for (const TextCase& c : cases) {
    absl::StatusOr<std::string> got = fn(c.input);
    if (c.error.empty()) {
      ASSERT_TRUE(got.ok()) << c.input << ": " << got.status();
      EXPECT_EQ(*got, c.want) << c.input;
    } else {
      ASSERT_FALSE(got.ok()) << c.input;
      EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument);
      EXPECT_EQ(got.status().message(), c.error) << c.input;
    }
  }
}

TEST(NormaliseTrnInput, StripsNonDigitsChecksLengthAndPads) {
  ExpectCases(NormaliseTrnInput,
              {
                  {"3002586", "3002586", ""},
                  {" RP 300-2586 ", "3002586", ""},
                  {"12345", "0012345", ""},
                  {"123456", "0123456", ""},
                  {"", "", "Enter the teacher reference number (TRN)"},
                  {"abc", "", "Enter the teacher reference number (TRN)"},
                  {"1234", "", "Teacher reference number must include at least 5 digits"},
                  {"12345678", "", "Teacher reference number cannot include more than 7 digits"},
              });
}

struct DateCase {
  DateInput input;
  DateInputState state;
};

TEST(ParseDateInput, MissingInvalidValid) {
  const DateCase cases[] = {
      {{"", "", ""}, DateInputState::kMissing},
      {{" ", " ", " "}, DateInputState::kMissing},
      {{"12", "3", "1998"}, DateInputState::kValid},
      {{"12", "", "1998"}, DateInputState::kInvalid},
      {{"31", "2", "1998"}, DateInputState::kInvalid},
      {{"29", "2", "2000"}, DateInputState::kValid},
      {{"29", "2", "1999"}, DateInputState::kInvalid},
      {{"1", "13", "1998"}, DateInputState::kInvalid},
      {{"0", "1", "1998"}, DateInputState::kInvalid},
      {{"1", "1", "98"}, DateInputState::kInvalid},
      {{"a", "1", "1998"}, DateInputState::kInvalid},
      {{"-1", "1", "1998"}, DateInputState::kInvalid},
  };
  for (const DateCase& c : cases) {
    CivilDay day;
    EXPECT_EQ(ParseDateInput(c.input, &day), c.state)
        << c.input.day << "/" << c.input.month << "/" << c.input.year;
  }
}

struct DobCase {
  DateInput input;
  std::string error;
};

TEST(ValidateDateOfBirth, MessagesAndAgeEdges) {
  const CivilDay today(2026, 11, 23);
  const DobCase cases[] = {
      {{"", "", ""}, "Enter a date of birth"},
      {{"31", "2", "1990"},
       "Enter the date of birth in the correct format, for example 12 03 1998"},
      {{"23", "11", "1926"}, ""},  // exactly 100
      {{"22", "11", "1926"}, "The teacher cannot be more than 100 years old"},
      {{"23", "11", "2008"}, ""},  // exactly 18
      {{"24", "11", "2008"}, "The teacher cannot be less than 18 years old"},
      {{"15", "4", "1990"}, ""},
  };
  for (const DobCase& c : cases) {
    absl::StatusOr<CivilDay> got = ValidateDateOfBirth(c.input, today);
    EXPECT_EQ(got.ok() ? "" : std::string(got.status().message()), c.error)
        << c.input.day << "/" << c.input.month << "/" << c.input.year;
  }
}

TEST(NormaliseNationalInsuranceNumber, UpperCasesStripsSpacesAndChecksPattern) {
  const std::string format = "Enter a National Insurance Number in the correct format";
  ExpectCases(NormaliseNationalInsuranceNumber,
              {
                  {"AB 12 34 56 C", "AB123456C", ""},  // the hint example is valid
                  {"ab100014a", "AB100014A", ""},
                  {" OA647867D ", "OA647867D", ""},
                  {"", "", "Enter a National Insurance Number"},
                  {"   ", "", "Enter a National Insurance Number"},
                  {"QQ 12 34 56 D", "", format},  // Q first letter refused (§9 item 3)
                  {"DA123456A", "", format},
                  {"FA123456A", "", format},
                  {"IA123456A", "", format},
                  {"UA123456A", "", format},
                  {"VA123456A", "", format},
                  {"AD123456A", "", format},
                  {"AO123456A", "", format},
                  {"AV123456A", "", format},
                  {"BG123456A", "", format},
                  {"GB123456A", "", format},
                  {"NK123456A", "", format},
                  {"KN123456A", "", format},
                  {"TN123456A", "", format},
                  {"NT123456A", "", format},
                  {"ZZ123456A", "", format},
                  {"AB123456E", "", format},
                  {"AB12345C", "", format},
                  {"AB1234567C", "", format},
                  {"A1123456C", "", format},
              });
}

TEST(ValidateEmailAddress, NotifyRules) {
  const std::string format = "Enter an email address in the correct format, like name@example.com";
  ExpectCases(ValidateEmailAddress,
              {
                  {" name@example.com ", "name@example.com", ""},
                  {"first.o'last+tag@sub.example.co.uk", "first.o'last+tag@sub.example.co.uk", ""},
                  {"a@xn--bcher-kva.example", "a@xn--bcher-kva.example", ""},
                  {"", "", "Enter the email address"},
                  {"name", "", format},
                  {"name@example", "", format},
                  {"name@@example.com", "", format},
                  {"na..me@example.com", "", format},
                  {"name@example..com", "", format},
                  {"name@.example.com", "", format},
                  {"name@-example.com", "", format},
                  {"name@example.c", "", format},
                  {"name@example.123", "", format},
                  {"na me@example.com", "", format},
                  {"name@exa mple.com", "", format},
                  {"name@" + std::string(64, 'a') + ".com", "", format},
              });
}

TEST(ValidateCorrectedName, BlankAndSeventyCharacters) {
  ExpectCases(ValidateCorrectedName,
              {
                  {"  Jamie Price ", "Jamie Price", ""},
                  {std::string(70, 'n'), std::string(70, 'n'), ""},
                  {std::string(69, 'n') + "é", std::string(69, 'n') + "é", ""},
                  {"", "", "Enter the correct full name"},
                  {"   ", "", "Enter the correct full name"},
                  {std::string(71, 'n'), "", "Corrected name must be 70 characters or less"},
              });
}

TEST(EmailInUseByOtherTeacher, OpenPeriodsOfOtherTrnsCaseInsensitively) {
  const CivilDay today(2026, 11, 23);
  const std::vector<EmailHolder> holders = {
      {"Rosa.Clarke@example.org", "7000021", std::nullopt},
      {"ended@example.org", "7000020", CivilDay(2026, 11, 23)},
      {"future@example.org", "7000019", CivilDay(2026, 12, 1)},
  };
  struct Case {
    const char* email;
    const char* trn;
    bool in_use;
  };
  const Case cases[] = {
      {"rosa.clarke@example.org", "7000013", true},   // open, different TRN
      {"ROSA.CLARKE@EXAMPLE.ORG", "7000013", true},   // case-insensitive
      {"rosa.clarke@example.org", "7000021", false},  // same teacher
      {"ended@example.org", "7000013", false},        // finished today: not open
      {"future@example.org", "7000013", true},        // future end still open
      {"new@example.org", "7000013", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(EmailInUseByOtherTeacher(c.email, c.trn, holders, today), c.in_use) << c.email;
  }
}

TEST(DateArithmetic, ClampsToMonthEnd) {
  EXPECT_EQ(YearsBefore(CivilDay(2024, 2, 29), 1), CivilDay(2023, 2, 28));
  EXPECT_EQ(YearsBefore(CivilDay(2026, 11, 23), 18), CivilDay(2008, 11, 23));
  EXPECT_EQ(MonthsAfter(CivilDay(2025, 10, 31), 4), CivilDay(2026, 2, 28));
  EXPECT_EQ(MonthsAfter(CivilDay(2026, 11, 23), 4), CivilDay(2027, 3, 23));
  EXPECT_EQ(FormatDisplayDate(CivilDay(2024, 6, 1)), "1 June 2024");
  EXPECT_EQ(FormatDisplayDate(CivilDay(2026, 12, 25)), "25 December 2026");
}

}  // namespace
}  // namespace rect::registration::wizard
