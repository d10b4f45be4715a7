#include "services/partnerships/confirm_schools.h"

#include <gtest/gtest.h>

#include <functional>
#include <map>

namespace rect::partnerships {
namespace {

// ---- Upload checks ----

struct FileCase {
  const char* name;
  size_t size;
  const char* error;  // "" = accepted
};

class CheckUploadedFileTest : public ::testing::TestWithParam<FileCase> {};

TEST_P(CheckUploadedFileTest, AppliesTheUploadRules) {
  const absl::Status status = CheckUploadedFile(GetParam().name, GetParam().size);
  EXPECT_EQ(std::string(status.message()), GetParam().error);
  if (!status.ok()) EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(
    Table, CheckUploadedFileTest,
    ::testing::Values(FileCase{"", 0, "Select a CSV file to upload."},
                      FileCase{"", 100, "Select a CSV file to upload."},
                      FileCase{"schools.csv", 100, ""}, FileCase{"SCHOOLS.CSV", 100, ""},
                      FileCase{"schools.csv", 0, ""},
                      FileCase{"schools.xlsx", 100, "File must be a CSV"},
                      FileCase{"schools.csv.txt", 100, "File must be a CSV"},
                      FileCase{"csv", 100, "File must be a CSV"},
                      FileCase{"schools.csv", kMaxUploadBytes, ""},
                      FileCase{"schools.csv", kMaxUploadBytes + 1, "File must be less than 2mb."},
                      FileCase{"schools.txt", kMaxUploadBytes + 1, "File must be a CSV"}));

// ---- URN extraction ----

struct Row {
  int line;
  std::string your_data;
  std::string urn;
};

struct ExtractCase {
  const char* name;
  std::string contents;
  std::vector<Row> rows;
  std::vector<std::string> uploaded;
};

class ExtractUrnsTest : public ::testing::TestWithParam<ExtractCase> {};

TEST_P(ExtractUrnsTest, ExtractsRows) {
  const UrnUpload upload = ExtractUrns(GetParam().contents);
  EXPECT_EQ(upload.uploaded_urns, GetParam().uploaded);
  ASSERT_EQ(upload.rows.size(), GetParam().rows.size());
  for (size_t i = 0; i < upload.rows.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(upload.rows[i].line, GetParam().rows[i].line);
    EXPECT_EQ(upload.rows[i].your_data, GetParam().rows[i].your_data);
    EXPECT_EQ(upload.rows[i].urn, GetParam().rows[i].urn);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, ExtractUrnsTest,
    ::testing::Values(
        ExtractCase{"Empty", "", {}, {}},
        ExtractCase{"OneUrn", "100001", {{1, "100001", "100001"}}, {"100001"}},
        ExtractCase{"LfLines",
                    "100001\n100002\n",
                    {{1, "100001", "100001"}, {2, "100002", "100002"}},
                    {"100001", "100002"}},
        ExtractCase{"CrlfLines",
                    "100001\r\n100002\r\n",
                    {{1, "100001", "100001"}, {2, "100002", "100002"}},
                    {"100001", "100002"}},
        ExtractCase{"CrLines",
                    "100001\r100002",
                    {{1, "100001", "100001"}, {2, "100002", "100002"}},
                    {"100001", "100002"}},
        ExtractCase{"BomSkipped",
                    "\xEF\xBB\xBF"
                    "100001\n",
                    {{1, "100001", "100001"}},
                    {"100001"}},
        ExtractCase{"BlankLinesIgnoredLinesCounted",
                    "\n100001\n\n  \n100002",
                    {{2, "100001", "100001"}, {5, "100002", "100002"}},
                    {"100001", "100002"}},
        ExtractCase{
            "CommaOnlyLinesIgnored", ",,,\n100001,,\n", {{2, "100001", "100001"}}, {"100001"}},
        ExtractCase{"PaddingStripped",
                    " 100003 \n\t100004\t",
                    {{1, "100003", "100003"}, {2, "100004", "100004"}},
                    {"100003", "100004"}},
        ExtractCase{"OnlyDigitsKept",
                    "URN:100003\n\"100004\"",
                    {{1, "100003", "100003"}, {2, "100004", "100004"}},
                    {"100003", "100004"}},
        ExtractCase{"HeaderIsAnEmptyUrn",
                    "URN\n100001",
                    {{1, "", ""}, {2, "100001", "100001"}},
                    {"", "100001"}},
        ExtractCase{"SeveralCellsOnALineAllCount",
                    "100001,100002,Oakfield",
                    {{1, "100001", "100001"}, {1, "100002", "100002"}, {1, "", ""}},
                    {"100001", "100002", ""}},
        ExtractCase{"DuplicateReportedOnceAtFirstLine",
                    "100001\n100002\n100001",
                    {{1, "100001", "100001"}, {2, "100002", "100002"}},
                    {"100001", "100002", "100001"}},
        ExtractCase{"UrnsCompareAsIntegers",
                    "020006\n20006\n0020006",
                    {{1, "020006", "20006"}},
                    {"020006", "20006", "0020006"}},
        ExtractCase{
            "CellsWithoutDigitsReportedOnce", "URN,Name\nSchool", {{1, "", ""}}, {"", "", ""}},
        ExtractCase{"ZeroIsNotAUrn", "000\n0", {{1, "000", ""}, {2, "0", ""}}, {"000", "0"}},
        ExtractCase{"TooManyDigitsIsNotAUrn", "12345678", {{1, "12345678", ""}}, {"12345678"}},
        ExtractCase{
            "ExcelDecimalKeepsItsDigits", "100001.0", {{1, "1000010", "1000010"}}, {"1000010"}},
        ExtractCase{"InvalidBytesIgnored",
                    "\xff\xfe"
                    "100001\xc3",
                    {{1, "100001", "100001"}},
                    {"100001"}}),
    [](const ::testing::TestParamInfo<ExtractCase>& info) { return std::string(info.param.name); });

// ---- URN errors ----

constexpr char kLp1[] = "lp1";
constexpr char kLp2[] = "lp2";

SchoolFacts Eligible() {
  SchoolFacts facts;
  facts.found = true;
  facts.school_id = "school";
  facts.name = "A School";
  facts.eligible = true;
  facts.has_school_cohort = true;
  return facts;
}

struct RuleCase {
  const char* name;
  SchoolFacts facts;
  std::optional<UrnError> want;
};

SchoolFacts With(std::function<void(SchoolFacts&)> change) {
  SchoolFacts facts = Eligible();
  change(facts);
  return facts;
}

class CheckSchoolTest : public ::testing::TestWithParam<RuleCase> {};

TEST_P(CheckSchoolTest, FirstMatchingRuleWins) {
  EXPECT_EQ(CheckSchool(GetParam().facts, kLp1), GetParam().want);
}

INSTANTIATE_TEST_SUITE_P(
    Table, CheckSchoolTest,
    ::testing::Values(RuleCase{"R1NotFound", SchoolFacts(), UrnError::kInvalid},
                      RuleCase{"R2CipOnly", With([](SchoolFacts& f) {
                                 f.eligible = false;
                                 f.cip_only = true;
                               }),
                               UrnError::kFundingError},
                      RuleCase{"R2BeatsR4", With([](SchoolFacts& f) {
                                 f.eligible = false;
                                 f.cip_only = true;
                                 f.lead_providers_in_cohort = {kLp1};
                               }),
                               UrnError::kFundingError},
                      RuleCase{"R3NotEligible", With([](SchoolFacts& f) { f.eligible = false; }),
                               UrnError::kIneligible},
                      RuleCase{"R3BeatsR5", With([](SchoolFacts& f) {
                                 f.eligible = false;
                                 f.lead_providers_in_cohort = {kLp2};
                               }),
                               UrnError::kIneligible},
                      RuleCase{"R4SameLeadProvider",
                               With([](SchoolFacts& f) { f.lead_providers_in_cohort = {kLp1}; }),
                               UrnError::kAlreadyConfirmed},
                      RuleCase{"R4BeatsR5", With([](SchoolFacts& f) {
                                 f.lead_providers_in_cohort = {kLp2, kLp1};
                               }),
                               UrnError::kAlreadyConfirmed},
                      RuleCase{"R5OtherLeadProvider",
                               With([](SchoolFacts& f) { f.lead_providers_in_cohort = {kLp2}; }),
                               UrnError::kRecruitedByOtherProvider},
                      RuleCase{"R5BeatsR6", With([](SchoolFacts& f) {
                                 f.lead_providers_in_cohort = {kLp2};
                                 f.partnered_in_previous_cohort = true;
                                 f.has_school_cohort = false;
                               }),
                               UrnError::kRecruitedByOtherProvider},
                      RuleCase{"R6PartneredLastYearNoProgrammeChoice", With([](SchoolFacts& f) {
                                 f.partnered_in_previous_cohort = true;
                                 f.has_school_cohort = false;
                               }),
                               UrnError::kProgrammeNotYetConfirmed},
                      RuleCase{"PartneredLastYearWithProgrammeChoice",
                               With([](SchoolFacts& f) { f.partnered_in_previous_cohort = true; }),
                               std::nullopt},
                      RuleCase{"NoSchoolCohortNotPartneredLastYear",
                               With([](SchoolFacts& f) { f.has_school_cohort = false; }),
                               std::nullopt},
                      RuleCase{"EligibleAndFree", Eligible(), std::nullopt}),
    [](const ::testing::TestParamInfo<RuleCase>& info) { return std::string(info.param.name); });

struct WordingCase {
  UrnError error;
  const char* message;
  const char* api_key;
};

class UrnErrorWordingTest : public ::testing::TestWithParam<WordingCase> {};

TEST_P(UrnErrorWordingTest, HasTheExactWording) {
  EXPECT_EQ(UrnErrorMessage(GetParam().error), GetParam().message);
  EXPECT_EQ(UrnErrorApiKey(GetParam().error), GetParam().api_key);
}

INSTANTIATE_TEST_SUITE_P(
    Table, UrnErrorWordingTest,
    ::testing::Values(
        WordingCase{UrnError::kInvalid, "URN is not valid", "invalid"},
        WordingCase{UrnError::kFundingError, "School not eligible for funding", "funding_error"},
        WordingCase{UrnError::kIneligible, "School not eligible for inductions",
                    "ineligible_error"},
        WordingCase{UrnError::kAlreadyConfirmed, "Your school - already confirmed",
                    "already_confirmed"},
        WordingCase{UrnError::kRecruitedByOtherProvider, "Recruited by other provider",
                    "recruited_by_other_provider"},
        WordingCase{UrnError::kProgrammeNotYetConfirmed, "School programme not yet confirmed",
                    "school_programme_not_yet_confirmed"}));

// The §9 data set as SchoolFacts for an upload by LP1 in `year`.
SchoolFacts Section9Facts(const std::string& urn, int year) {
  struct School {
    const char* name;
    bool eligible;
    bool cip_only;
    const char* lp_2021;  // unchallenged 2021 partnership's lead provider
  };
  static const std::map<std::string, School> kSchools = {
      {"100001", {"Oakfield Primary School", true, false, ""}},
      {"100002", {"Riverside Academy", true, false, ""}},
      {"100003", {"Hillcrest House School", true, false, ""}},
      {"20005", {"Brook Special Free School", true, false, ""}},
      {"20006", {"Little Acorns Nursery School", true, false, ""}},
      {"100006", {"Old Mill Primary School", false, false, ""}},
      {"100007", {"New Horizons Free School", false, false, ""}},
      {"100008", {"Border Community School", false, false, ""}},
      {"100009", {"Harbour Secure Unit", false, false, ""}},
      {"100010", {"Ysgol y Bryn", false, true, ""}},
      {"100011", {"St Crispin's Independent School", false, true, ""}},
      {"100012", {"British School of Valencia", false, true, ""}},
      {"100013", {"Former Grange School", false, false, ""}},
      {"100014", {"Wyeside Independent Special School", false, true, ""}},
      {"100015", {"Ashgrove Primary School", true, false, kLp1}},
      {"100016", {"Beacon Hill Academy", true, false, kLp2}},
      {"100017", {"Chalk Lane Primary School", true, false, ""}},  // LP2's was challenged
      {"100018", {"Fenland Church School", true, false, kLp2}},
  };
  SchoolFacts facts;
  auto it = kSchools.find(urn);
  if (it == kSchools.end()) return facts;
  facts.found = true;
  facts.school_id = "id-" + urn;
  facts.name = it->second.name;
  facts.eligible = it->second.eligible;
  facts.cip_only = it->second.cip_only;
  const std::string lp_2021 = it->second.lp_2021;
  if (year == 2021) {
    if (!lp_2021.empty()) facts.lead_providers_in_cohort = {lp_2021};
    facts.has_school_cohort = !lp_2021.empty() || urn == "100017";
  } else {
    facts.partnered_in_previous_cohort = !lp_2021.empty();
  }
  return facts;
}

TEST(CheckUpload, TheSection9ExampleUpload) {
  const std::string file =
      "URN\n100001\n100002\n\n 100003 \n020006\n100001\n100006\n100007\n100008\n100009\n"
      "100010\n100011\n100012\n100013\n100014\n100015\n100016\n100017\n20005\n999999\n";
  const UrnUpload upload = ExtractUrns(file);
  EXPECT_EQ(upload.uploaded_urns.size(), 20u);
  const UploadCheck check = CheckUpload(
      upload, [](const std::string& urn) { return Section9Facts(urn, 2021); }, kLp1);

  struct Want {
    int line;
    const char* your_data;
    const char* school;
    const char* error;
  };
  const std::vector<Want> want = {
      {1, "", "", "URN is not valid"},
      {2, "100001", "Oakfield Primary School", ""},
      {3, "100002", "Riverside Academy", ""},
      {5, "100003", "Hillcrest House School", ""},
      {6, "020006", "Little Acorns Nursery School", ""},
      {8, "100006", "Old Mill Primary School", "School not eligible for inductions"},
      {9, "100007", "New Horizons Free School", "School not eligible for inductions"},
      {10, "100008", "Border Community School", "School not eligible for inductions"},
      {11, "100009", "Harbour Secure Unit", "School not eligible for inductions"},
      {12, "100010", "Ysgol y Bryn", "School not eligible for funding"},
      {13, "100011", "St Crispin's Independent School", "School not eligible for funding"},
      {14, "100012", "British School of Valencia", "School not eligible for funding"},
      {15, "100013", "Former Grange School", "School not eligible for inductions"},
      {16, "100014", "Wyeside Independent Special School", "School not eligible for funding"},
      {17, "100015", "Ashgrove Primary School", "Your school - already confirmed"},
      {18, "100016", "Beacon Hill Academy", "Recruited by other provider"},
      {19, "100017", "Chalk Lane Primary School", ""},
      {20, "20005", "Brook Special Free School", ""},
      {21, "999999", "", "URN is not valid"},
  };
  ASSERT_EQ(check.rows.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE(want[i].line);
    const CheckedRow& row = check.rows[i];
    EXPECT_EQ(row.uploaded.line, want[i].line);
    EXPECT_EQ(row.uploaded.your_data, want[i].your_data);
    EXPECT_EQ(row.school_name, want[i].school);
    EXPECT_EQ(row.error.has_value() ? std::string(UrnErrorMessage(*row.error)) : "", want[i].error);
  }
  EXPECT_EQ(check.rows_with_errors, 13);
  EXPECT_EQ(check.valid_school_ids,
            (std::vector<std::string>{"id-100001", "id-100002", "id-100003", "id-20006",
                                      "id-100017", "id-20005"}));
  EXPECT_EQ(RowsWithErrorsText(check.rows_with_errors), "13 rows have errors");
  EXPECT_EQ(RowsMatchingText(static_cast<int>(check.valid_school_ids.size())),
            "6 rows match available schools");
  EXPECT_EQ("Continue with " + SchoolsText(static_cast<int>(check.valid_school_ids.size())),
            "Continue with 6 schools");
}

TEST(CheckUpload, Rule6InTheNextCohort) {
  const UploadCheck check = CheckUpload(
      ExtractUrns("100015\n100016\n100018\n100001\n"),
      [](const std::string& urn) { return Section9Facts(urn, 2022); }, kLp1);
  ASSERT_EQ(check.rows.size(), 4u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(check.rows[i].error, UrnError::kProgrammeNotYetConfirmed) << i;
  }
  EXPECT_FALSE(check.rows[3].error.has_value());
}

TEST(CheckUpload, LookupOnlyForPossibleUrnsAndEachValidSchoolOnce) {
  std::vector<std::string> looked_up;
  const UploadCheck check = CheckUpload(
      ExtractUrns("URN\n0\n100001\n100002\n"),
      [&](const std::string& urn) {
        looked_up.push_back(urn);
        SchoolFacts facts = Eligible();
        facts.school_id = "same-school";  // two URNs that resolve to one school
        return facts;
      },
      kLp1);
  EXPECT_EQ(looked_up, (std::vector<std::string>{"100001", "100002"}));
  EXPECT_EQ(check.rows_with_errors, 2);
  EXPECT_EQ(check.valid_school_ids, std::vector<std::string>{"same-school"});
}

struct PluralCase {
  int count;
  const char* errors;
  const char* matching;
  const char* schools;
};

class PluralTest : public ::testing::TestWithParam<PluralCase> {};

TEST_P(PluralTest, CountsAreWorded) {
  EXPECT_EQ(RowsWithErrorsText(GetParam().count), GetParam().errors);
  EXPECT_EQ(RowsMatchingText(GetParam().count), GetParam().matching);
  EXPECT_EQ(SchoolsText(GetParam().count), GetParam().schools);
}

INSTANTIATE_TEST_SUITE_P(
    Table, PluralTest,
    ::testing::Values(
        PluralCase{0, "0 rows have errors", "0 rows match available schools", "0 schools"},
        PluralCase{1, "1 row has errors", "1 row matches available schools", "1 school"},
        PluralCase{2, "2 rows have errors", "2 rows match available schools", "2 schools"}));

// ---- Challenge deadline and link ----

absl::TimeZone London() {
  absl::TimeZone zone;
  EXPECT_TRUE(absl::LoadTimeZone("Europe/London", &zone));
  return zone;
}

absl::Time Utc(int y, int m, int d, int hh = 0, int mm = 0) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, 0), absl::UTCTimeZone());
}

struct DeadlineCase {
  const char* name;
  absl::CivilDay academic_year_start;
  absl::Time sent;
  absl::Time want;
};

class ChallengeDeadlineTest : public ::testing::TestWithParam<DeadlineCase> {};

TEST_P(ChallengeDeadlineTest, IsTheLaterOfCohortDeadlineAndFourteenDays) {
  EXPECT_EQ(ChallengeDeadline(GetParam().academic_year_start, GetParam().sent, London()),
            GetParam().want);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ChallengeDeadlineTest,
    ::testing::Values(
        // 31 October 2021 00:00 London is 30 October 23:00 UTC (summer time).
        DeadlineCase{"EarlyInTheCohortUsesTheCohortDeadline", absl::CivilDay(2021, 9, 1),
                     Utc(2021, 9, 10, 10), Utc(2021, 10, 30, 23)},
        // Summer time ended on 30 October 2022, so 31 October 00:00 London is midnight UTC.
        DeadlineCase{"BeforeTheAcademicYear", absl::CivilDay(2022, 9, 1), Utc(2022, 5, 1),
                     Utc(2022, 10, 31)},
        DeadlineCase{"FourteenDaysExactlyAtTheCohortDeadline", absl::CivilDay(2021, 9, 1),
                     Utc(2021, 10, 16, 23), Utc(2021, 10, 30, 23)},
        DeadlineCase{"LateUsesFourteenDays", absl::CivilDay(2021, 9, 1), Utc(2021, 10, 20, 12),
                     Utc(2021, 11, 3, 12)},
        DeadlineCase{"MonthsClampToTheMonthEnd", absl::CivilDay(2021, 12, 31), Utc(2021, 11, 1),
                     Utc(2022, 2, 27)}),
    [](const ::testing::TestParamInfo<DeadlineCase>& info) {
      return std::string(info.param.name);
    });

TEST(UnchallengeDeadline, IsAcademicYearStartPlusTwoMonths) {
  EXPECT_EQ(UnchallengeDeadline(absl::CivilDay(2021, 9, 1), London()), Utc(2021, 11, 1));
}

struct LinkCase {
  const char* name;
  ChallengeFacts facts;
  ChallengeLinkState want;
};

const absl::Time kNow = Utc(2021, 10, 1, 12);

class ChallengeLinkTest : public ::testing::TestWithParam<LinkCase> {};

TEST_P(ChallengeLinkTest, ChecksInOrder) {
  EXPECT_EQ(ClassifyChallengeLink(GetParam().facts, kNow), GetParam().want);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ChallengeLinkTest,
    ::testing::Values(
        LinkCase{
            "UnknownToken", {false, false, kNow + absl::Hours(1)}, ChallengeLinkState::kNotFound},
        LinkCase{
            "UnknownBeatsEverything", {false, true, std::nullopt}, ChallengeLinkState::kNotFound},
        LinkCase{"AlreadyChallenged",
                 {true, true, kNow + absl::Hours(1)},
                 ChallengeLinkState::kAlreadyChallenged},
        LinkCase{"ChallengedBeatsExpired",
                 {true, true, kNow - absl::Hours(1)},
                 ChallengeLinkState::kAlreadyChallenged},
        LinkCase{"NoDeadline", {true, false, std::nullopt}, ChallengeLinkState::kExpired},
        LinkCase{"DeadlineNow", {true, false, kNow}, ChallengeLinkState::kExpired},
        LinkCase{
            "DeadlinePassed", {true, false, kNow - absl::Seconds(1)}, ChallengeLinkState::kExpired},
        LinkCase{"Open", {true, false, kNow + absl::Seconds(1)}, ChallengeLinkState::kOpen}),
    [](const ::testing::TestParamInfo<LinkCase>& info) { return std::string(info.param.name); });

struct ReasonCase {
  ChallengeReason reason;
  const char* value;
  const char* label;
};

class ChallengeReasonTest : public ::testing::TestWithParam<ReasonCase> {};

TEST_P(ChallengeReasonTest, ValueAndLabel) {
  EXPECT_EQ(ParseChallengeReason(GetParam().value), GetParam().reason);
  EXPECT_EQ(ChallengeReasonValue(GetParam().reason), GetParam().value);
  EXPECT_EQ(ChallengeReasonLabel(GetParam().reason), GetParam().label);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ChallengeReasonTest,
    ::testing::Values(ReasonCase{ChallengeReason::kAnotherProvider, "another_provider",
                                 "I have already confirmed an agreement with another provider"},
                      ReasonCase{ChallengeReason::kNotConfirmed, "not_confirmed",
                                 "We have not confirmed an agreement"},
                      ReasonCase{ChallengeReason::kDoNotRecognise, "do_not_recognise",
                                 "I do not recognise this training provider"},
                      ReasonCase{ChallengeReason::kNoEcts, "no_ects",
                                 "We do not have any early career teachers this year"},
                      ReasonCase{ChallengeReason::kMistake, "mistake",
                                 "This looks like a mistake"}));

TEST(ChallengeReason, AnythingElseIsNoChoice) {
  EXPECT_EQ(ParseChallengeReason(""), std::nullopt);
  EXPECT_EQ(ParseChallengeReason("Mistake"), std::nullopt);
  EXPECT_EQ(ParseChallengeReason("other"), std::nullopt);
  EXPECT_STREQ(kChallengeReasonMissing,
               "Select a reason why you think this confirmation is incorrect");
}

TEST(ShouldSendReminder, OnlyWhenUnchallengedAndNotReReported) {
  EXPECT_TRUE(ShouldSendReminder(false, "report-1", "report-1"));
  EXPECT_FALSE(ShouldSendReminder(true, "report-1", "report-1"));
  EXPECT_FALSE(ShouldSendReminder(false, "report-1", "report-2"));
  EXPECT_FALSE(ShouldSendReminder(true, "report-1", "report-2"));
}

// ---- Emails ----

struct RecipientCase {
  const char* name;
  RecipientFacts facts;
  EmailKind kind;
  const char* email_type;
  const char* to;
  bool induction_tutor;
};

class ChooseRecipientTest : public ::testing::TestWithParam<RecipientCase> {};

TEST_P(ChooseRecipientTest, PrefersTutorThenGiasThenFallback) {
  const Recipient recipient = ChooseRecipient(GetParam().facts, GetParam().kind);
  EXPECT_EQ(recipient.email_type, GetParam().email_type);
  EXPECT_EQ(recipient.to, GetParam().to);
  EXPECT_EQ(recipient.induction_tutor, GetParam().induction_tutor);
}

const RecipientFacts kEverything = {"Sam Tutor", "sam.tutor@oakfield.example",
                                    "office@oakfield.example", "head@oakfield.example"};
const RecipientFacts kGiasBoth = {"", "", "office@riverside.example", "head@riverside.example"};
const RecipientFacts kGiasSecondary = {"", "", "", "head@riverside.example"};
const RecipientFacts kNoEmails = {};

INSTANTIATE_TEST_SUITE_P(
    Table, ChooseRecipientTest,
    ::testing::Values(
        RecipientCase{"Tutor", kEverything, EmailKind::kConfirmation, "induction_coordinator_email",
                      "sam.tutor@oakfield.example", true},
        RecipientCase{"TutorReminder", kEverything, EmailKind::kReminder,
                      "induction_coordinator_reminder_email", "sam.tutor@oakfield.example", true},
        RecipientCase{"GiasPrimary", kGiasBoth, EmailKind::kConfirmation, "school_email",
                      "office@riverside.example", false},
        RecipientCase{"GiasPrimaryReminder", kGiasBoth, EmailKind::kReminder,
                      "school_reminder_email", "office@riverside.example", false},
        RecipientCase{"GiasSecondary", kGiasSecondary, EmailKind::kConfirmation, "school_email",
                      "head@riverside.example", false},
        RecipientCase{"Fallback", kNoEmails, EmailKind::kConfirmation, "school_email",
                      "ecf-tech@digital.education.gov.uk", false},
        RecipientCase{"FallbackReminder", kNoEmails, EmailKind::kReminder, "school_reminder_email",
                      "ecf-tech@digital.education.gov.uk", false}),
    [](const ::testing::TestParamInfo<RecipientCase>& info) {
      return std::string(info.param.name);
    });

PartnershipEmailFacts EmailFacts(const RecipientFacts& recipient) {
  PartnershipEmailFacts facts;
  facts.recipient = recipient;
  facts.lead_provider_name = "Northern Teaching Trust";
  facts.delivery_partner_name = "Pennine Schools Alliance";
  facts.school_name = "Oakfield Primary School";
  facts.cohort_start_year = 2021;
  facts.challenge_deadline = Utc(2021, 10, 30, 23);  // 31 October 2021 00:00 London
  facts.zone = London();
  facts.challenge_url = "https://rect.example/report-incorrect-partnership?token=abc";
  facts.sign_in_url = "https://rect.example/sign-in";
  facts.step_by_step_url = "https://rect.example/step-by-step";
  facts.nominate_url = "https://rect.example/nominate?token=def";
  return facts;
}

TEST(BuildPartnershipEmail, ToTheInductionTutor) {
  for (EmailKind kind : {EmailKind::kConfirmation, EmailKind::kReminder}) {
    const PartnershipEmail email = BuildPartnershipEmail(EmailFacts(kEverything), kind);
    EXPECT_EQ(email.subject, "Training provider confirmed: add your ECTs and mentors");
    EXPECT_FALSE(email.needs_nomination_token);
    EXPECT_EQ(email.recipient.to, "sam.tutor@oakfield.example");
    const std::map<std::string, std::string> want = {
        {"name", "Sam Tutor"},
        {"lead_provider_name", "Northern Teaching Trust"},
        {"delivery_partner_name", "Pennine Schools Alliance"},
        {"school_name", "Oakfield Primary School"},
        {"sign_in_url", "https://rect.example/sign-in"},
        {"challenge_url", "https://rect.example/report-incorrect-partnership?token=abc"},
        {"challenge_deadline", "31 October 2021"},
        {"step_by_step", "https://rect.example/step-by-step"},
        {"academic_year", "2021 to 2022"},
    };
    EXPECT_EQ(email.personalisation, want);
  }
}

TEST(BuildPartnershipEmail, ToTheSchool) {
  for (EmailKind kind : {EmailKind::kConfirmation, EmailKind::kReminder}) {
    const PartnershipEmail email = BuildPartnershipEmail(EmailFacts(kNoEmails), kind);
    EXPECT_EQ(email.subject, "FAO: NQT coordinator. Training provider confirmed.");
    EXPECT_TRUE(email.needs_nomination_token);
    EXPECT_EQ(email.recipient.to, "ecf-tech@digital.education.gov.uk");
    const std::map<std::string, std::string> want = {
        {"lead_provider_name", "Northern Teaching Trust"},
        {"delivery_partner_name", "Pennine Schools Alliance"},
        {"school_name", "Oakfield Primary School"},
        {"nominate_url", "https://rect.example/nominate?token=def"},
        {"challenge_url", "https://rect.example/report-incorrect-partnership?token=abc"},
        {"challenge_deadline", "31 October 2021"},
    };
    EXPECT_EQ(email.personalisation, want);
  }
}

TEST(ChallengeUrl, JoinsBaseAndToken) {
  EXPECT_EQ(ChallengeUrl("https://rect.example", "0123456789abcdef0123456789abcdef"),
            "https://rect.example/report-incorrect-partnership?token="
            "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(ChallengeUrl("https://rect.example/", "t"),
            "https://rect.example/report-incorrect-partnership?token=t");
}

TEST(ChallengeNotificationPersonalisation, NamesTheSchoolAndTheReasonLabel) {
  ChallengeNotificationFacts facts;
  facts.user_name = "Alice";
  facts.school_name = "Chalk Lane Primary School";
  facts.school_urn = "100017";
  facts.delivery_partner_name = "Solent Teaching Network";
  facts.lead_provider_name = "Southern Learning Partnership";
  facts.reason = ChallengeReason::kAnotherProvider;
  facts.cohort_start_year = 2021;
  const std::map<std::string, std::string> want = {
      {"name", "Alice"},
      {"school_name", "Chalk Lane Primary School"},
      {"school_urn", "100017"},
      {"delivery_partner_name", "Solent Teaching Network"},
      {"lead_provider_name", "Southern Learning Partnership"},
      {"reason", "I have already confirmed an agreement with another provider"},
      {"cohort_year", "2021/22"},
  };
  EXPECT_EQ(ChallengeNotificationPersonalisation(facts), want);
}

TEST(Labels, DatesAndYears) {
  EXPECT_EQ(LongDate(absl::CivilDay(2021, 6, 17)), "17 June 2021");
  EXPECT_EQ(LongDate(absl::CivilDay(2021, 10, 1)), "1 October 2021");
  EXPECT_EQ(LongDate(absl::CivilDay(2022, 1, 31)), "31 January 2022");
  EXPECT_EQ(AcademicYearLabel(2021), "2021 to 2022");
  EXPECT_EQ(CohortYearLabel(2021), "2021/22");
  EXPECT_EQ(CohortYearLabel(2008), "2008/09");
  EXPECT_EQ(CohortYearLabel(2099), "2099/00");
}

}  // namespace
}  // namespace rect::partnerships
