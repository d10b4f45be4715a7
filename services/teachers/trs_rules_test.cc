// Table tests of TRS's rules: every induction status, prohibition end dates, QTS, the date of
// birth comparison and the NINO's normalisation and validation.
#include "services/teachers/trs_rules.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rect::teachers {
namespace {

const absl::CivilDay kToday(2025, 3, 14);

TEST(InductionStatus, EveryTrsValueHasItsEligibility) {
  struct Case {
    std::string name;
    InductionStatus status;
    bool eligible;
  };
  const std::vector<Case> cases = {
      {"None", InductionStatus::kNone, true},
      {"RequiredToComplete", InductionStatus::kRequiredToComplete, true},
      {"InProgress", InductionStatus::kInProgress, true},
      {"Passed", InductionStatus::kPassed, false},
      {"Failed", InductionStatus::kFailed, false},
      {"FailedInWales", InductionStatus::kFailedInWales, false},
      {"Exempt", InductionStatus::kExempt, false},
      {"", InductionStatus::kUnknown, false},
      {"inprogress", InductionStatus::kUnknown, false},
      {"In Progress", InductionStatus::kUnknown, false},
      {"PassedInWales", InductionStatus::kUnknown, false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ParseInductionStatus(c.name), c.status) << c.name;
    EXPECT_EQ(IsInductionEligible(ParseInductionStatus(c.name)), c.eligible) << c.name;
  }
}

TEST(Prohibition, OnlyTheProhibitionCategoryWithNoPastEndDateProhibits) {
  const std::string prohibition = kProhibitionAlertCategory;
  const std::string other = "5562a5b7-3e32-eb11-a814-000d3a23980a";
  struct Case {
    std::vector<TrsAlert> alerts;
    bool prohibited;
    const char* why;
  };
  const std::vector<Case> cases = {
      {{}, false, "no alerts"},
      {{{prohibition, ""}}, true, "no end date"},
      {{{prohibition, "2025-03-15"}}, true, "ends tomorrow"},
      {{{prohibition, "2030-01-01"}}, true, "ends in the future"},
      {{{prohibition, "2025-03-14"}}, false, "ends today"},
      {{{prohibition, "2023-06-30"}}, false, "ended in 2023"},
      {{{prohibition, "30/06/2023"}}, true, "unreadable end date"},
      {{{prohibition, "2023-02-30"}}, true, "impossible end date"},
      {{{prohibition, "soon"}}, true, "not a date"},
      {{{"B2B19019-B165-47A3-8745-3297FF152581", ""}}, true, "category in upper case"},
      {{{other, ""}}, false, "another category"},
      {{{other, ""}, {prohibition, "2020-01-01"}}, false, "other and ended prohibition"},
      {{{prohibition, "2020-01-01"}, {prohibition, ""}}, true, "one of two still in force"},
      {{{"", ""}}, false, "no category"},
  };
  for (const Case& c : cases) EXPECT_EQ(IsProhibited(c.alerts, kToday), c.prohibited) << c.why;
}

TEST(TrsDates, OnlyRealIsoDatesParse) {
  EXPECT_EQ(ParseTrsDate("1977-02-03"), absl::CivilDay(1977, 2, 3));
  EXPECT_EQ(ParseTrsDate("2024-02-29"), absl::CivilDay(2024, 2, 29));
  for (const char* bad :
       {"", "2023-02-29", "2023-02-30", "2023-13-01", "2023-00-10", "1977-2-3", "03/02/1977",
        "1977-02-03T00:00:00", "+1977-02-03", " 1977-02-03", "19770203", "1977-02-3 "}) {
    EXPECT_FALSE(ParseTrsDate(bad).has_value()) << bad;
  }
}

TEST(DateOfBirth, MatchesOnlyTheSameRealDate) {
  const absl::CivilDay entered(1985, 6, 2);
  EXPECT_TRUE(DateOfBirthMatches(entered, "1985-06-02"));
  EXPECT_FALSE(DateOfBirthMatches(entered, "1985-06-20"));
  EXPECT_FALSE(DateOfBirthMatches(entered, "1985-02-06"));
  EXPECT_FALSE(DateOfBirthMatches(entered, "1986-06-02"));
  EXPECT_FALSE(DateOfBirthMatches(entered, "")) << "no date of birth in TRS never matches";
  EXPECT_FALSE(DateOfBirthMatches(entered, "02/06/1985"));
  EXPECT_FALSE(DateOfBirthMatches(absl::CivilDay(1985, 3, 2), "1985-02-30"))
      << "an impossible TRS date is not normalised into a match";
}

TEST(InTrs, NeedsAFirstName) {
  TrsPerson person;
  EXPECT_FALSE(IsInTrs(person));
  person.first_name = "  ";
  EXPECT_FALSE(IsInTrs(person));
  person.first_name = "Amara";
  EXPECT_TRUE(IsInTrs(person));
}

TEST(ProfessionalStatus, CamelCaseBecomesWords) {
  EXPECT_EQ(DescribeProfessionalStatus("QualifiedTeacherStatus"), "Qualified teacher status");
  EXPECT_EQ(DescribeProfessionalStatus("EarlyYearsTeacherStatus"), "Early years teacher status");
  EXPECT_EQ(DescribeProfessionalStatus("QTLS"), "QTLS");
  EXPECT_EQ(DescribeProfessionalStatus(""), "");
}

TEST(Nino, IsNormalisedBeforeValidation) {
  EXPECT_EQ(NormaliseNino("ab 12 34 56 c"), "AB123456C");
  EXPECT_EQ(NormaliseNino(" AB123456C\t"), "AB123456C");
  EXPECT_EQ(NormaliseNino("Ab12 3456c"), "AB123456C");
  EXPECT_EQ(NormaliseNino(""), "");
  EXPECT_TRUE(ValidateNino(NormaliseNino("AB 12 34 56 C")).ok()) << "the hint must be valid";
}

TEST(Nino, ValidationFollowsThePattern) {
  const std::string kEmpty = "Enter a National Insurance Number";
  const std::string kBad = "Enter a National Insurance Number in the correct format";
  struct Case {
    std::string nino;
    std::string message;  // "" = valid
  };
  std::vector<Case> cases = {
      {"AB123456C", ""},    {"AB100014A", ""},   {"JZ000000D", ""},   {"OA647867D", ""},
      {"CE123456B", ""},    {"", kEmpty},        {"AB123456", kBad},  {"AB1234567C", kBad},
      {"AB123456E", kBad},  {"AB12345CC", kBad}, {"A1123456C", kBad}, {"1B123456C", kBad},
      {"ab123456c", kBad},                        // validation sees the normalised form only
      {"AB 123456C", kBad}, {"QQ123456D", kBad},  // the old hint: Q is refused first
  };
  for (char first : std::string("DFIQUV"))
    cases.push_back({std::string(1, first) + "A123456A", kBad});
  for (char second : std::string("DFIOQUV")) {
    cases.push_back({std::string("A") + second + "123456A", kBad});
  }
  for (const char* prefix : {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}) {
    cases.push_back({std::string(prefix) + "123456A", kBad});
  }
  for (const char* prefix : {"BA", "GA", "NA", "KA", "TA", "ZA", "AZ"}) {
    cases.push_back({std::string(prefix) + "123456A", ""});
  }
  for (const Case& c : cases) {
    const absl::Status status = ValidateNino(c.nino);
    if (c.message.empty()) {
      EXPECT_TRUE(status.ok()) << c.nino << ": " << status;
    } else {
      EXPECT_TRUE(absl::IsInvalidArgument(status)) << c.nino;
      EXPECT_EQ(status.message(), c.message) << c.nino;
    }
  }
}

TEST(Today, IsTheCalendarDateInEngland) {
  // 23:30 UTC on 30 June is already 1 July in London (BST); in January they agree.
  EXPECT_EQ(TodayInEngland(
                absl::FromCivil(absl::CivilSecond(2025, 6, 30, 23, 30, 0), absl::UTCTimeZone())),
            absl::CivilDay(2025, 7, 1));
  EXPECT_EQ(TodayInEngland(
                absl::FromCivil(absl::CivilSecond(2025, 1, 31, 23, 30, 0), absl::UTCTimeZone())),
            absl::CivilDay(2025, 1, 31));
}

TEST(InterpretPerson, AppliesEveryRule) {
  TrsPerson person;
  person.trn = "7000003";
  person.first_name = " Brian ";
  person.last_name = "Stokes";
  person.date_of_birth = "1977-02-03";
  person.induction_status = "InProgress";
  person.induction_start_date = "2024-09-02";
  person.qts_holds_from = "2024-07-19";
  person.qts_professional_status_type = "QualifiedTeacherStatus";
  person.alerts = {{kProhibitionAlertCategory, ""}};
  const TeacherFacts facts = InterpretPerson(person, kToday);
  EXPECT_EQ(facts.trn, "7000003");
  EXPECT_EQ(facts.first_name, "Brian");
  EXPECT_EQ(facts.last_name, "Stokes");
  EXPECT_EQ(facts.induction_status, InductionStatus::kInProgress);
  EXPECT_EQ(facts.induction_status_name, "InProgress");
  EXPECT_TRUE(facts.induction_eligible);
  EXPECT_EQ(facts.induction_start_date, absl::CivilDay(2024, 9, 2));
  EXPECT_FALSE(facts.induction_completed_date.has_value());
  EXPECT_TRUE(facts.has_qts);
  EXPECT_EQ(facts.qts_awarded_on, absl::CivilDay(2024, 7, 19));
  EXPECT_EQ(facts.qts_status_description, "Qualified teacher status");
  EXPECT_TRUE(facts.prohibited_from_teaching);
}

TEST(InterpretPerson, NoQtsAndUnknownStatus) {
  TrsPerson person;
  person.trn = "7000001";
  person.first_name = "Amara";
  person.induction_status = "SomethingNew";
  TeacherFacts facts = InterpretPerson(person, kToday);
  EXPECT_FALSE(facts.has_qts);
  EXPECT_FALSE(facts.qts_awarded_on.has_value());
  EXPECT_EQ(facts.qts_status_description, "");
  EXPECT_EQ(facts.induction_status, InductionStatus::kUnknown);
  EXPECT_EQ(facts.induction_status_name, "SomethingNew");
  EXPECT_FALSE(facts.induction_eligible);
  EXPECT_FALSE(facts.prohibited_from_teaching);

  person.qts_holds_from = "unreadable";
  facts = InterpretPerson(person, kToday);
  EXPECT_TRUE(facts.has_qts) << "holdsFrom present means QTS, even if its date is odd";
  EXPECT_FALSE(facts.qts_awarded_on.has_value());
  EXPECT_EQ(facts.qts_status_description, "Qualified teacher status");
}

}  // namespace
}  // namespace rect::teachers
