#include "services/common/tokens.h"

#include <set>

#include <gtest/gtest.h>

#include "absl/strings/escaping.h"

namespace rect {
namespace {

class CountingRandom : public RandomSource {
 public:
  std::string Bytes(size_t count) override {
    std::string out(count, '\0');
    for (auto& c : out) c = static_cast<char>(next_++);
    return out;
  }

 private:
  unsigned char next_ = 0;
};

TEST(Tokens, UrlTokensAre256BitsAndUrlSafe) {
  SecureRandom random;
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string token = NewUrlToken(random);
    EXPECT_EQ(token.size(), 43u);
    EXPECT_EQ(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                      "0123456789-_"),
              std::string::npos);
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(Tokens, HexTokensAre32LowerCaseHexCharacters) {
  CountingRandom random;
  EXPECT_EQ(NewHexToken(random), "000102030405060708090a0b0c0d0e0f");
}

TEST(Tokens, Sha256MatchesTheStandardVector) {
  EXPECT_EQ(absl::BytesToHexString(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Tokens, UuidsAreVersion4AndValidate) {
  SecureRandom random;
  const std::string id = NewUuid(random);
  EXPECT_TRUE(IsUuid(id)) << id;
  EXPECT_EQ(id[14], '4');
  EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos);
  EXPECT_TRUE(IsUuid("3F2504E0-4F89-11D3-9A0C-0305E82C3301"));
  for (const char* bad : {"", "not-a-uuid", "3f2504e0-4f89-11d3-9a0c-0305e82c330",
                          "3f2504e0x4f89-11d3-9a0c-0305e82c3301",
                          "3f2504e0-4f89-11d3-9a0c-0305e82c330g"}) {
    EXPECT_FALSE(IsUuid(bad)) << bad;
  }
}

}  // namespace
}  // namespace rect
