#include "services/registration/teacher.h"

#include <gtest/gtest.h>

#include <string>

namespace rect::registration {
namespace {

TEST(NormaliseTrn, AcceptsExactlySevenDigitsAfterTrimming) {
  EXPECT_EQ(NormaliseTrn("3002586").value(), "3002586");
  EXPECT_EQ(NormaliseTrn("  0012345\t").value(), "0012345");
  for (const char* bad :
       {"", "       ", "123456", "12345678", "300258a", "3002 586", "+300258", "３００２５８６"}) {
    absl::StatusOr<std::string> trn = NormaliseTrn(bad);
    EXPECT_EQ(trn.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(trn.status().message(), "trn must be exactly 7 digits") << bad;
  }
}

struct DetailsCase {
  TeacherDetails input;
  std::string message;  // empty when valid
};

TEST(NormaliseTeacherDetails, ReportsTheFirstBadField) {
  const std::string name100(100, 'n');
  const std::string corrected70(70, 'c');
  const DetailsCase cases[] = {
      {{"7000013", "Jamal", "Price", ""}, ""},
      {{"7000017", "Nia", "Wolstenholme-Featherstonehaugh", corrected70}, ""},
      {{"7000013", name100, name100, ""}, ""},
      {{"bad", "", "", std::string(71, 'c')}, "trn must be exactly 7 digits"},
      {{"7000013", "", "Price", ""}, "trs_first_name is required"},
      {{"7000013", " \t ", "Price", ""}, "trs_first_name is required"},
      {{"7000013", name100 + "n", "Price", ""}, "trs_first_name must be 100 characters or fewer"},
      {{"7000013", "Jamal", "", ""}, "trs_last_name is required"},
      {{"7000013", "Jamal", name100 + "n", ""}, "trs_last_name must be 100 characters or fewer"},
      {{"7000013", "Jamal", "Price", corrected70 + "c"},
       "corrected_name must be 70 characters or fewer"},
  };
  for (const DetailsCase& c : cases) {
    absl::StatusOr<TeacherDetails> result = NormaliseTeacherDetails(c.input);
    if (c.message.empty()) {
      EXPECT_TRUE(result.ok()) << c.input.trn << ": " << result.status();
    } else {
      EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << c.message;
      EXPECT_EQ(result.status().message(), c.message);
    }
  }
}

TEST(NormaliseTeacherDetails, TrimsEveryField) {
  TeacherDetails details =
      NormaliseTeacherDetails({" 7000013 ", "  Jamal ", "Price\n", "  Jamal Price-Smith  "})
          .value();
  EXPECT_EQ(details.trn, "7000013");
  EXPECT_EQ(details.trs_first_name, "Jamal");
  EXPECT_EQ(details.trs_last_name, "Price");
  EXPECT_EQ(details.corrected_name, "Jamal Price-Smith");
  EXPECT_EQ(NormaliseTeacherDetails({"7000013", "Jamal", "Price", "   "})->corrected_name, "");
}

TEST(NormaliseTeacherDetails, CountsCharactersNotBytes) {
  std::string seventy_accented;
  for (int i = 0; i < 70; ++i) seventy_accented += "é";
  EXPECT_TRUE(NormaliseTeacherDetails({"7000013", "Zoë", "Ó Briain", seventy_accented}).ok());
  EXPECT_FALSE(
      NormaliseTeacherDetails({"7000013", "Zoë", "Ó Briain", seventy_accented + "é"}).ok());
}

TEST(DisplayName, IsTheCorrectedNameElseTrsFirstAndLast) {
  EXPECT_EQ(DisplayName("Chloe", "Nolan", ""), "Chloe Nolan");
  EXPECT_EQ(DisplayName("Chloe", "Nolan", "Chloe Nolan-Hart"), "Chloe Nolan-Hart");
}

TEST(CharacterCount, CountsCodePoints) {
  EXPECT_EQ(CharacterCount(""), 0u);
  EXPECT_EQ(CharacterCount("abc"), 3u);
  EXPECT_EQ(CharacterCount("Zoë"), 3u);
  EXPECT_EQ(CharacterCount("日本"), 2u);
  EXPECT_EQ(CharacterCount("😀"), 1u);
}

}  // namespace
}  // namespace rect::registration
