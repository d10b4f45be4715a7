// The operator commands against the real identity service.
#include "services/identity/admin.h"

#include <gtest/gtest.h>

#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "services/identity/identity_harness.h"

namespace rect::identity {
namespace {

constexpr char kProvider[] = "6f0c2d4e-8a3b-4c1d-9e2f-0123456789ab";

class AdminTest : public ::testing::Test {
 protected:
  int Run(const std::string& command, const AdminArguments& arguments) {
    out_.str("");
    err_.str("");
    return RunAdminCommand(command, arguments, harness_.stub(), out_, err_);
  }

  testing::IdentityHarness harness_;
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(AdminTest, CreatesLeadProviderUsers) {
  AdminArguments arguments;
  arguments.full_name = "Alice Northern";
  arguments.email = "alice@northern.example";
  arguments.lead_provider_id = kProvider;
  EXPECT_EQ(Run("create-lead-provider-user", arguments), 0);
  EXPECT_TRUE(absl::StrContains(out_.str(), "alice@northern.example"));
  EXPECT_EQ(Run("create-lead-provider-user", arguments), 1);
  EXPECT_TRUE(absl::StrContains(err_.str(), "There is already a user with this email address"));
}

TEST_F(AdminTest, CreatesListsAndRevokesApiTokens) {
  AdminArguments arguments;
  arguments.lead_provider_id = kProvider;
  arguments.description = "production";
  ASSERT_EQ(Run("create-api-token", arguments), 0);
  const std::string token(absl::StripTrailingAsciiWhitespace(out_.str()));
  EXPECT_EQ(token.size(), 43u) << "only the token goes to stdout";
  EXPECT_TRUE(absl::StrContains(err_.str(), "shown only this once"));

  ASSERT_EQ(Run("list-api-tokens", arguments), 0);
  const std::vector<std::string> lines = absl::StrSplit(out_.str(), '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_TRUE(absl::StrContains(lines[1], "production"));
  EXPECT_TRUE(absl::StrContains(lines[1], "never"));
  EXPECT_FALSE(absl::StrContains(out_.str(), token));

  arguments.token_id = std::string(absl::StrSplit(lines[1], '\t').begin()->data(), 36);
  EXPECT_EQ(Run("revoke-api-token", arguments), 0);
  EXPECT_EQ(Run("revoke-api-token", arguments), 1);
  ASSERT_EQ(Run("list-api-tokens", arguments), 0);
  EXPECT_EQ(std::vector<std::string>(absl::StrSplit(out_.str(), '\n', absl::SkipEmpty())).size(),
            1u);
}

TEST_F(AdminTest, UnknownCommandsShowTheUsage) {
  EXPECT_EQ(Run("delete-everything", AdminArguments()), 2);
  EXPECT_TRUE(absl::StrContains(err_.str(), "create-api-token"));
}

}  // namespace
}  // namespace rect::identity
