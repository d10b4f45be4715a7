#include "services/common/options.h"

#include <cstdlib>

#include <gtest/gtest.h>

#include "absl/flags/flag.h"

ABSL_FLAG(int, test_port, 1000, "a port");
ABSL_FLAG(std::string, test_database_url, "", "a URL");

namespace rect {
namespace {

TEST(Options, EnvironmentNameIsPrefixAndUpperCaseFlag) {
  EXPECT_EQ(EnvironmentName("RECT_IDENTITY_", "database_url"), "RECT_IDENTITY_DATABASE_URL");
}

TEST(Options, EnvironmentFillsFlagsAndCommandLineWins) {
  setenv("RECT_T_TEST_PORT", "2000", 1);
  setenv("RECT_T_TEST_DATABASE_URL", "host=db", 1);
  ASSERT_TRUE(ApplyEnvironment("RECT_T_", {"test_port", "test_database_url"}).ok());
  EXPECT_EQ(absl::GetFlag(FLAGS_test_port), 2000);
  EXPECT_EQ(absl::GetFlag(FLAGS_test_database_url), "host=db");

  char arg0[] = "prog";
  char arg1[] = "--test_port=3000";
  char* argv[] = {arg0, arg1};
  ParseFlagsWithEnvironment(2, argv, "RECT_T_", {"test_port", "test_database_url"});
  EXPECT_EQ(absl::GetFlag(FLAGS_test_port), 3000);
  EXPECT_EQ(absl::GetFlag(FLAGS_test_database_url), "host=db");
}

TEST(Options, BadEnvironmentValueNamesTheVariable) {
  setenv("RECT_U_TEST_PORT", "eighty", 1);
  absl::Status s = ApplyEnvironment("RECT_U_", {"test_port"});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("RECT_U_TEST_PORT"), absl::string_view::npos);
}

TEST(Options, UnknownFlagIsAnError) {
  EXPECT_EQ(ApplyEnvironment("RECT_U_", {"no_such_flag"}).code(), absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace rect
