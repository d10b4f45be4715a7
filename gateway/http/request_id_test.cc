#include "gateway/http/request_id.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>

namespace rect::gateway {
namespace {

class CountingRandom : public RandomSource {
 public:
  std::string Bytes(size_t count) override { return std::string(count, static_cast<char>(++n_)); }

 private:
  int n_ = 0;
};

TEST(RequestIdTest, KeepsWellFormedIds) {
  CountingRandom random;
  for (const std::string& id :
       {std::string("abc"), std::string("0f8fad5b-d9cb-469f-a165-70867728950e"),
        std::string("req_1.2:3"), std::string(128, 'a')}) {
    EXPECT_TRUE(IsWellFormedRequestId(id)) << id;
    EXPECT_EQ(RequestIdFor(id, random), id);
  }
}

TEST(RequestIdTest, ReplacesMissingOrMalformedIds) {
  CountingRandom random;
  for (const std::string& id : {std::string(), std::string(129, 'a'), std::string("a b"),
                                std::string("a\nb"), std::string("a\"b"), std::string("<script>"),
                                std::string("a/b"), std::string("ä"), std::string("a\0b", 3)}) {
    EXPECT_FALSE(IsWellFormedRequestId(id)) << id;
    const std::string generated = RequestIdFor(id, random);
    EXPECT_EQ(generated.size(), 32u);
    EXPECT_TRUE(IsWellFormedRequestId(generated));
  }
}

TEST(RequestIdTest, GeneratesDifferentIds) {
  SecureRandom random;
  std::set<std::string> ids;
  for (int i = 0; i < 10000; ++i) ids.insert(RequestIdFor("", random));
  EXPECT_EQ(ids.size(), 10000u);
}

TEST(RequestIdTest, ThreadsDrawDifferentIds) {
  SecureRandom random;
  std::string first, second;
  std::thread a([&] { first = RequestIdFor("", random); });
  std::thread b([&] { second = RequestIdFor("", random); });
  a.join();
  b.join();
  EXPECT_NE(first, second);
  EXPECT_TRUE(IsWellFormedRequestId(first));
}

}  // namespace
}  // namespace rect::gateway
