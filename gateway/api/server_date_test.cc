// X-With-Server-Date parsing: lenient forms, London time without an offset, errors.
#include "gateway/api/server_date.h"

#include <gtest/gtest.h>

namespace rect::gateway::api {
namespace {

TEST(ParseServerDate, Table) {
  struct Case {
    const char* value;
    const char* utc;  // nullptr: refused
  };
  const Case cases[] = {
      {"2027-01-10T10:42:00Z", "2027-01-10T10:42:00Z"},
      {"2027-01-10T10:42:00.987Z", "2027-01-10T10:42:00Z"},  // sub-seconds dropped
      {"2027-01-10T10:42:00+01:00", "2027-01-10T09:42:00Z"},
      {"2027-01-10T10:42:00-05:30", "2027-01-10T16:12:00Z"},
      {"2027-01-10T10:42:00", "2027-01-10T10:42:00Z"},  // London, winter: GMT
      {"2026-07-10T10:42:00", "2026-07-10T09:42:00Z"},  // London, summer: BST
      {"2026-07-10 10:42", "2026-07-10T09:42:00Z"},
      {"2025-12-31", "2025-12-31T00:00:00Z"},
      {"2026-06-01", "2026-05-31T23:00:00Z"},
      {"  2027-01-10T10:42:00Z  ", "2027-01-10T10:42:00Z"},
      {"", nullptr},
      {"   ", nullptr},
      {"tomorrow", nullptr},
      {"2027-13-01", nullptr},
      {"2027-02-30T10:00:00Z", nullptr},
      {"10/01/2027", nullptr},
      {"2027-01-10T25:00:00Z", nullptr},
      {"0001-01-01", nullptr},
  };
  for (const Case& c : cases) {
    absl::StatusOr<absl::Time> parsed = ParseServerDate(c.value);
    if (c.utc == nullptr) {
      EXPECT_FALSE(parsed.ok()) << c.value;
      if (!parsed.ok()) EXPECT_EQ(parsed.status().message(), kServerDateError);
    } else {
      ASSERT_TRUE(parsed.ok()) << c.value << ": " << parsed.status();
      EXPECT_EQ(FormatServerDate(*parsed), c.utc) << c.value;
    }
  }
}

}  // namespace
}  // namespace rect::gateway::api
