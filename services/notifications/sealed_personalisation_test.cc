#include "services/notifications/sealed_personalisation.h"

#include <gtest/gtest.h>

#include <set>

#include "services/common/tokens.h"

namespace rect::notifications {
namespace {

constexpr char kLink[] =
    R"({"sign_in":"https://rect.test/users/confirm_sign_in?login_token=Xk3vQ9tL2mWp8RzT"})";

class SealedPersonalisationTest : public ::testing::Test {
 protected:
  SecureRandom random_;
  PersonalisationSealer sealer_{std::string(PersonalisationSealer::kKeySize, 'k'), random_};
};

TEST_F(SealedPersonalisationTest, RoundTripsAndHidesThePlaintext) {
  const std::string sealed = sealer_.Seal(kLink, "sign-in:1");
  EXPECT_EQ(sealed.find("login_token"), std::string::npos);
  EXPECT_EQ(sealed.find("Xk3vQ9tL2mWp8RzT"), std::string::npos);
  EXPECT_EQ(sealed.size(), 1 + 12 + std::string(kLink).size() + 16);
  EXPECT_EQ(sealed[0], 1) << "version";
  absl::StatusOr<std::string> opened = sealer_.Open(sealed, "sign-in:1");
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(*opened, kLink);
  EXPECT_EQ(*sealer_.Open(sealer_.Seal("", "k"), "k"), "");
}

TEST_F(SealedPersonalisationTest, AnyFlippedByteIsAnError) {
  const std::string sealed = sealer_.Seal(kLink, "sign-in:1");
  for (size_t i = 0; i < sealed.size(); ++i) {
    std::string tampered = sealed;
    tampered[i] ^= 0x01;
    absl::StatusOr<std::string> opened = sealer_.Open(tampered, "sign-in:1");
    EXPECT_EQ(opened.status().code(), absl::StatusCode::kDataLoss) << "byte " << i;
  }
  EXPECT_FALSE(sealer_.Open(sealed.substr(0, sealed.size() - 1), "sign-in:1").ok());
  EXPECT_FALSE(sealer_.Open(sealed.substr(0, 20), "sign-in:1").ok());
  EXPECT_FALSE(sealer_.Open("", "sign-in:1").ok());
}

TEST_F(SealedPersonalisationTest, AnotherKeyOrAnotherRowIsAnError) {
  const std::string sealed = sealer_.Seal(kLink, "sign-in:1");
  const PersonalisationSealer other(std::string(PersonalisationSealer::kKeySize, 'j'), random_);
  absl::StatusOr<std::string> opened = other.Open(sealed, "sign-in:1");
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(std::string(opened.status().message()).find("rect.test"), std::string::npos);
  EXPECT_EQ(sealer_.Open(sealed, "sign-in:2").status().code(), absl::StatusCode::kDataLoss);
}

TEST_F(SealedPersonalisationTest, EverySealHasItsOwnNonce) {
  std::set<std::string> nonces, sealed_values;
  for (int i = 0; i < 1000; ++i) {
    const std::string sealed = sealer_.Seal(kLink, "sign-in:1");
    nonces.insert(sealed.substr(1, 12));
    sealed_values.insert(sealed);
  }
  EXPECT_EQ(nonces.size(), 1000u);
  EXPECT_EQ(sealed_values.size(), 1000u);
}

TEST(PersonalisationKey, IsThirtyTwoBytesOfBase64) {
  absl::StatusOr<std::string> local = ParsePersonalisationKey(kLocalPersonalisationKey);
  ASSERT_TRUE(local.ok());
  EXPECT_EQ(*local, "rect LOCAL DEVELOPMENT key only!");
  EXPECT_FALSE(ParsePersonalisationKey("").ok());
  EXPECT_FALSE(ParsePersonalisationKey("c2hvcnQ=").ok());
  EXPECT_FALSE(ParsePersonalisationKey("not base64 at all!").ok());
}

}  // namespace
}  // namespace rect::notifications
