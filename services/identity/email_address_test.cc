#include "services/identity/email_address.h"

#include <gtest/gtest.h>

namespace rect::identity {
namespace {

TEST(EmailAddress, BlankAsksForAnAddress) {
  EXPECT_EQ(CheckEmailAddress("").message(), kEnterEmail);
  EXPECT_EQ(CheckEmailAddress(TrimEmailAddress("   ")).message(), kEnterEmail);
}

TEST(EmailAddress, AcceptsPlausibleAddresses) {
  for (const char* address : {"alice@northern.example", "A.B+c@sub.example.co.uk", "x@y.zz"}) {
    EXPECT_TRUE(CheckEmailAddress(address).ok()) << address;
  }
  EXPECT_EQ(TrimEmailAddress("  Alice@Northern.Example \n"), "Alice@Northern.Example");
}

TEST(EmailAddress, RefusesMalformedAddressesWithTheFormatMessage) {
  for (const char* address :
       {"alice", "alice@", "@northern.example", "a@b", "a@@b.example", "a b@c.example",
        "a@b..example", "a@.example", "Ann <a@b.example>", "a@b.example,c@d.example"}) {
    EXPECT_EQ(CheckEmailAddress(address).message(), kEnterEmailInCorrectFormat) << address;
  }
  EXPECT_FALSE(CheckEmailAddress(std::string(250, 'a') + "@b.example").ok());
}

}  // namespace
}  // namespace rect::identity
