#include "gateway/http/forms.h"

#include <gtest/gtest.h>

#include <boost/url/parse.hpp>

namespace rect::gateway {
namespace {

TEST(Forms, DecodesPlusAndEscapes) {
  const FormFields fields = ParseForm("email=ann%40example.com&name=Ann+Smith&empty=&flag");
  EXPECT_EQ(Field(fields, "email"), "ann@example.com");
  EXPECT_EQ(Field(fields, "name"), "Ann Smith");
  EXPECT_EQ(Field(fields, "empty"), "");
  EXPECT_EQ(fields.count("flag"), 1u);
  EXPECT_EQ(Field(fields, "missing"), "");
}

TEST(Forms, FirstValueOfARepeatedNameWins) { EXPECT_EQ(Field(ParseForm("a=1&a=2"), "a"), "1"); }

TEST(Forms, EncodedPlusIsAPlus) { EXPECT_EQ(Field(ParseForm("token=a%2Bb"), "token"), "a+b"); }

TEST(Forms, MalformedBodiesYieldNothing) {
  EXPECT_TRUE(ParseForm("a=%zz").empty());
  EXPECT_TRUE(ParseForm("").empty());
}

TEST(Forms, TextThatIsNotUtf8YieldsNothing) {
  EXPECT_TRUE(ParseForm("authenticity_token=t&email=%FF%FE%40x.example").empty());
  EXPECT_TRUE(ParseForm("name=caf%E9").empty());
  EXPECT_TRUE(ParseForm("%C0%AF=1").empty());
  EXPECT_TRUE(ParseForm("email=\xff@x.example").empty());
  EXPECT_EQ(Field(ParseForm("name=caf%C3%A9"), "name"), "caf\xc3\xa9");
}

TEST(Forms, ReadsOnlyTheBytesGiven) {
  // Found by tests/fuzz/forms_fuzz: Boost 1.81's parse_query read on to the next NUL.
  const std::string buffer = "a=1&b=2";
  const FormFields fields = ParseForm(absl::string_view(buffer).substr(0, 3));
  EXPECT_EQ(fields, (FormFields{{"a", "1"}}));
  EXPECT_TRUE(ParseForm(absl::string_view(buffer).substr(0, 0)).empty());
}

TEST(Forms, ReadsTheQueryOfATarget) {
  auto target = boost::urls::parse_origin_form("/auth/dfe/callback?code=abc&state=x%2Fy");
  ASSERT_TRUE(target);
  const FormFields fields = QueryFields(*target);
  EXPECT_EQ(Field(fields, "code"), "abc");
  EXPECT_EQ(Field(fields, "state"), "x/y");
  EXPECT_TRUE(QueryFields(*boost::urls::parse_origin_form("/plain")).empty());
}

}  // namespace
}  // namespace rect::gateway
