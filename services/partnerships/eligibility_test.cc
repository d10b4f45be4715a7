#include "services/partnerships/eligibility.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>

namespace rect::partnerships {

std::ostream& operator<<(std::ostream& out, const Eligibility& e) {
  return out << "{open=" << e.open << " in_england=" << e.in_england << " eligible=" << e.eligible
             << " cip_only=" << e.cip_only << "}";
}

namespace {

enum class Group { kEligible, kCipOnly, kNeither };

struct TypeCase {
  int code;
  const char* name;
  Group group;
};

// Every code partnerships.md §3 lists, plus codes it does not (which count as "neither").
constexpr TypeCase kTypes[] = {
    {1, "Community school", Group::kEligible},
    {2, "Voluntary aided school", Group::kEligible},
    {3, "Voluntary controlled school", Group::kEligible},
    {5, "Foundation school", Group::kEligible},
    {6, "City technology college", Group::kEligible},
    {7, "Community special school", Group::kEligible},
    {8, "Non-maintained special school", Group::kEligible},
    {12, "Foundation special school", Group::kEligible},
    {14, "Pupil referral unit", Group::kEligible},
    {15, "Local authority nursery school", Group::kEligible},
    {18, "Further education", Group::kEligible},
    {28, "Academy sponsor led", Group::kEligible},
    {31, "Sixth form centres", Group::kEligible},
    {32, "Special post 16 institution", Group::kEligible},
    {33, "Academy special sponsor led", Group::kEligible},
    {34, "Academy converter", Group::kEligible},
    {35, "Free schools", Group::kEligible},
    {36, "Free schools special", Group::kEligible},
    {38, "Free schools alternative provision", Group::kEligible},
    {39, "Free schools 16 to 19", Group::kEligible},
    {40, "University technical college", Group::kEligible},
    {41, "Studio schools", Group::kEligible},
    {42, "Academy alternative provision converter", Group::kEligible},
    {43, "Academy alternative provision sponsor led", Group::kEligible},
    {44, "Academy special converter", Group::kEligible},
    {45, "Academy 16-19 converter", Group::kEligible},
    {46, "Academy 16 to 19 sponsor led", Group::kEligible},
    {47, "Children's centre", Group::kEligible},
    {48, "Children's centre linked site", Group::kEligible},
    {57, "Academy secure 16 to 19", Group::kEligible},
    {10, "Other independent special school", Group::kCipOnly},
    {11, "Other independent school", Group::kCipOnly},
    {30, "Welsh establishment", Group::kCipOnly},
    {37, "British schools overseas", Group::kCipOnly},
    {24, "Secure units", Group::kNeither},
    {25, "Offshore schools", Group::kNeither},
    {26, "Service children's education", Group::kNeither},
    {27, "Miscellaneous", Group::kNeither},
    {29, "Higher education institutions", Group::kNeither},
    {49, "Online provider", Group::kNeither},
    {56, "Institution funded by other government department", Group::kNeither},
    {0, "(missing)", Group::kNeither},
    {4, "(unknown)", Group::kNeither},
    {9, "(unknown)", Group::kNeither},
    {13, "(unknown)", Group::kNeither},
    {58, "(unknown)", Group::kNeither},
    {99, "(unknown)", Group::kNeither},
    {-1, "(unknown)", Group::kNeither},
};

TEST(TypeGroups, EveryListedCodeIsInItsGroup) {
  for (const TypeCase& t : kTypes) {
    EXPECT_EQ(IsEligibleType(t.code), t.group == Group::kEligible) << t.code << " " << t.name;
    EXPECT_EQ(IsCipOnlyType(t.code), t.group == Group::kCipOnly) << t.code << " " << t.name;
  }
}

TEST(TypeGroups, EachGroupDecidesAnOpenEnglishSchoolWithoutSection41) {
  for (const TypeCase& t : kTypes) {
    const Eligibility e = ComputeEligibility({t.code, 1, "E07000012", false});
    EXPECT_EQ(e.eligible, t.group == Group::kEligible) << t.code << " " << t.name;
    EXPECT_EQ(e.cip_only, t.group == Group::kCipOnly) << t.code << " " << t.name;
  }
}

TEST(IsOpen, OnlyOpenAndOpenButProposedToClose) {
  const struct {
    int code;
    bool open;
  } cases[] = {{1, true}, {3, true}, {2, false}, {4, false}, {0, false}, {5, false}, {-1, false}};
  for (const auto& c : cases) EXPECT_EQ(IsOpen(c.code), c.open) << c.code;
}

TEST(IsInEngland, DistrictStartingWithEOr9999) {
  const struct {
    const char* district;
    bool in_england;
  } cases[] = {
      {"E07000012", true},  {"e07000012", true},  {"E", true},          {"9999", true},
      {"W06000015", false}, {"W06000005", false}, {"S12000033", false}, {"N09000003", false},
      {"", false},          {"99999", false},     {"999", false},       {" E07000012", false},
  };
  for (const auto& c : cases) EXPECT_EQ(IsInEngland(c.district), c.in_england) << c.district;
}

struct Case {
  const char* what;
  GiasFacts facts;
  Eligibility expected;
};

// Each consequence of the §3 formulas, one row per rule and edge.
const Case kCases[] = {
    {"eligible type, open, England", {1, 1, "E07000012", false}, {true, true, true, false}},
    {"eligible type, proposed to close", {34, 3, "E07000081", false}, {true, true, true, false}},
    {"eligible type, district 9999", {36, 1, "9999", false}, {true, true, true, false}},
    {"eligible type, lower-case e", {1, 1, "e07000012", false}, {true, true, true, false}},
    {"eligible type, closed", {1, 2, "E07000012", false}, {false, true, false, false}},
    {"eligible type, proposed to open", {35, 4, "E07000081", false}, {false, true, false, false}},
    {"eligible type, Wales", {1, 1, "W06000005", false}, {true, false, false, false}},
    {"eligible type, no district", {1, 1, "", false}, {true, false, false, false}},
    {"academy secure 16 to 19 (added 2024)",
     {57, 1, "E07000012", false},
     {true, true, true, false}},
    {"children's centre", {47, 1, "E07000012", false}, {true, true, true, false}},
    {"section 41 makes any type eligible", {24, 1, "E07000188", true}, {true, true, true, false}},
    {"section 41 unknown type", {99, 3, "E07000188", true}, {true, true, true, false}},
    {"section 41 independent: eligible, not CIP-only",
     {10, 1, "E07000188", true},
     {true, true, true, false}},
    {"section 41 but closed", {10, 2, "E07000188", true}, {false, true, false, false}},
    {"section 41 but Wales, neither type", {24, 1, "W06000005", true}, {true, false, false, false}},
    {"section 41 but Wales, independent: CIP-only",
     {10, 1, "W06000005", true},
     {true, false, false, true}},
    {"open independent school", {11, 1, "E07000012", false}, {true, true, false, true}},
    {"open independent special school", {10, 3, "E07000012", false}, {true, true, false, true}},
    {"closed independent school", {11, 2, "E07000081", false}, {false, true, false, false}},
    {"independent proposed to open", {11, 4, "E07000081", false}, {false, true, false, false}},
    {"open Welsh establishment in Wales", {30, 1, "W06000015", false}, {true, false, false, true}},
    {"open Welsh establishment, English district",
     {30, 1, "E07000012", false},
     {true, true, false, true}},
    {"open British school overseas, no district", {37, 1, "", false}, {true, false, false, true}},
    {"open British school overseas, 9999", {37, 1, "9999", false}, {true, true, false, true}},
    {"closed Welsh establishment", {30, 2, "W06000015", false}, {false, false, false, false}},
    {"secure unit", {24, 1, "E07000188", false}, {true, true, false, false}},
    {"offshore school", {25, 1, "E07000188", false}, {true, true, false, false}},
    {"service children's education", {26, 1, "E07000188", false}, {true, true, false, false}},
    {"miscellaneous", {27, 1, "E07000188", false}, {true, true, false, false}},
    {"higher education institution", {29, 1, "E07000188", false}, {true, true, false, false}},
    {"online provider", {49, 1, "E07000188", false}, {true, true, false, false}},
    {"funded by another department", {56, 1, "E07000188", false}, {true, true, false, false}},
    {"unknown type", {58, 1, "E07000188", false}, {true, true, false, false}},
};

TEST(ComputeEligibility, EveryRuleAndConsequence) {
  for (const Case& c : kCases) {
    EXPECT_EQ(ComputeEligibility(c.facts), c.expected) << c.what;
  }
}

// The seed schools of partnerships.md §9 and the eligibility part of their upload outcome.
enum class Outcome { kValid, kNotEligibleForFunding, kNotEligibleForInductions };

TEST(ComputeEligibility, SeedSchoolsGetTheirDocumentedUploadOutcome) {
  const struct {
    const char* urn;
    GiasFacts facts;
    Outcome outcome;
  } schools[] = {
      {"100001", {1, 1, "E07000012", false}, Outcome::kValid},
      {"100002", {34, 3, "E07000081", false}, Outcome::kValid},
      {"100003", {10, 1, "E07000188", true}, Outcome::kValid},
      {"20005", {36, 1, "9999", false}, Outcome::kValid},
      {"20006", {15, 1, "E07000012", false}, Outcome::kValid},
      {"100006", {1, 2, "E07000012", false}, Outcome::kNotEligibleForInductions},
      {"100007", {35, 4, "E07000081", false}, Outcome::kNotEligibleForInductions},
      {"100008", {1, 1, "W06000005", false}, Outcome::kNotEligibleForInductions},
      {"100009", {24, 1, "E07000188", false}, Outcome::kNotEligibleForInductions},
      {"100010", {30, 1, "W06000015", false}, Outcome::kNotEligibleForFunding},
      {"100011", {11, 1, "E07000012", false}, Outcome::kNotEligibleForFunding},
      {"100012", {37, 1, "", false}, Outcome::kNotEligibleForFunding},
      {"100013", {11, 2, "E07000081", false}, Outcome::kNotEligibleForInductions},
      {"100014", {10, 1, "W06000005", true}, Outcome::kNotEligibleForFunding},
      {"100015", {2, 1, "E07000012", false}, Outcome::kValid},
      {"100016", {28, 1, "E07000081", false}, Outcome::kValid},
      {"100017", {3, 1, "E07000188", false}, Outcome::kValid},
      {"100018", {5, 1, "E07000012", false}, Outcome::kValid},
  };
  for (const auto& school : schools) {
    const Eligibility e = ComputeEligibility(school.facts);
    // Upload rules 2 and 3: CIP-only first, then not eligible.
    const Outcome outcome = e.cip_only    ? Outcome::kNotEligibleForFunding
                            : !e.eligible ? Outcome::kNotEligibleForInductions
                                          : Outcome::kValid;
    EXPECT_EQ(outcome, school.outcome) << school.urn;
  }
}

TEST(ComputeEligibility, InvariantsHoldForEveryCombination) {
  const char* districts[] = {"E07000012", "e1", "9999", "W06000015", "", "99999", "S1"};
  for (int type = -1; type <= 60; ++type) {
    for (int status = 0; status <= 5; ++status) {
      for (const char* district : districts) {
        for (bool s41 : {false, true}) {
          const Eligibility e = ComputeEligibility({type, status, district, s41});
          const std::string where = std::to_string(type) + "/" + std::to_string(status) + "/" +
                                    district + "/" + (s41 ? "s41" : "-");
          EXPECT_EQ(e.open, IsOpen(status)) << where;
          EXPECT_EQ(e.in_england, IsInEngland(district)) << where;
          EXPECT_FALSE(e.eligible && e.cip_only) << where;
          // Each line reads "if A then B", written as !A || B.
          EXPECT_TRUE(!e.eligible || (e.open && e.in_england)) << where;
          EXPECT_TRUE(!e.cip_only || (e.open && IsCipOnlyType(type))) << where;
          EXPECT_TRUE(e.open || !(e.eligible || e.cip_only)) << where;
          EXPECT_TRUE(!(e.open && e.in_england && s41) || e.eligible) << where;
          EXPECT_TRUE(!(e.open && e.in_england && IsEligibleType(type)) || e.eligible) << where;
          EXPECT_TRUE(!(e.open && IsCipOnlyType(type)) || e.eligible || e.cip_only) << where;
          if (!IsEligibleType(type) && !IsCipOnlyType(type) && !s41) {
            EXPECT_FALSE(e.eligible || e.cip_only) << where;
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace rect::partnerships
