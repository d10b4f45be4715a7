#include "services/identity/sign_in_link.h"

#include <gtest/gtest.h>

namespace rect::identity {
namespace {

absl::Time Utc(int y, int m, int d, int h, int min) {
  return absl::FromCivil(absl::CivilMinute(y, m, d, h, min), absl::UTCTimeZone());
}

TEST(SignInLink, PointsAtTheConfirmPage) {
  EXPECT_EQ(SignInLinkUrl("https://rect.example", "abc_-123"),
            "https://rect.example/users/confirm_sign_in?login_token=abc_-123");
}

TEST(SignInLink, ExpiryReadsInUkTime) {
  EXPECT_EQ(FormatTokenExpiry(Utc(2026, 3, 5, 14, 30)), "5 March 2026, 2:30 PM");  // GMT
  EXPECT_EQ(FormatTokenExpiry(Utc(2026, 7, 1, 8, 5)), "1 July 2026, 9:05 AM");     // BST
  EXPECT_EQ(FormatTokenExpiry(Utc(2026, 12, 31, 23, 59)), "31 December 2026, 11:59 PM");
}

}  // namespace
}  // namespace rect::identity
