#include "gateway/http/target.h"

#include <gtest/gtest.h>

#include <boost/url/url_view.hpp>

namespace rect::gateway {
namespace {

std::string Param(boost::urls::url_view url, const std::string& key) {
  for (const auto& p : url.params()) {
    if (p.key == key) return p.value;
  }
  return "<absent>";
}

TEST(ParseRequestTarget, AcceptsBracketsAndOtherCharactersClientsSendUnencoded) {
  auto url = ParseRequestTarget("/api/v3/participants?filter[cohort]=2024,2025&page[per_page]=5");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->path(), "/api/v3/participants");
  EXPECT_EQ(Param(*url, "filter[cohort]"), "2024,2025");
  EXPECT_EQ(Param(*url, "page[per_page]"), "5");
  auto spaced = ParseRequestTarget("/search?q=a b|c\"d");
  ASSERT_TRUE(spaced);
  EXPECT_EQ(Param(*spaced, "q"), "a b|c\"d");
}

TEST(ParseRequestTarget, KeepsValidEscapesAndEncodesStrayPercents) {
  auto url = ParseRequestTarget("/x?a=%2B1&b=100%&c=%zz");
  ASSERT_TRUE(url);
  EXPECT_EQ(Param(*url, "a"), "+1");
  EXPECT_EQ(Param(*url, "b"), "100%");
  EXPECT_EQ(Param(*url, "c"), "%zz");
}

TEST(ParseRequestTarget, RefusesWhatIsNotOriginForm) {
  EXPECT_FALSE(ParseRequestTarget("http://example.com/x"));
  EXPECT_FALSE(ParseRequestTarget("*"));
  EXPECT_FALSE(ParseRequestTarget(""));
}

}  // namespace
}  // namespace rect::gateway
