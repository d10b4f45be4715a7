#include "services/partnerships/csv.h"

#include <gtest/gtest.h>

namespace rect {
namespace {

struct Row {
  int line;
  std::vector<std::string> fields;
  std::string error;
};

struct Case {
  const char* name;
  std::string text;
  std::vector<Row> want;
};

class ReadCsvTest : public ::testing::TestWithParam<Case> {};

TEST_P(ReadCsvTest, ReadsRecords) {
  const Case& c = GetParam();
  const std::vector<CsvRecord> got = ReadCsv(c.text);
  ASSERT_EQ(got.size(), c.want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(got[i].line, c.want[i].line);
    EXPECT_EQ(got[i].fields, c.want[i].fields);
    EXPECT_EQ(got[i].error, c.want[i].error);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, ReadCsvTest,
    ::testing::Values(
        Case{"Empty", "", {}}, Case{"OneField", "a", {{1, {"a"}, ""}}},
        Case{"LfLines", "a,b\nc,d\n", {{1, {"a", "b"}, ""}, {2, {"c", "d"}, ""}}},
        Case{"CrlfLines", "a,b\r\nc,d\r\n", {{1, {"a", "b"}, ""}, {2, {"c", "d"}, ""}}},
        Case{"LoneCr", "a\rb", {{1, {"a"}, ""}, {2, {"b"}, ""}}},
        Case{"NoFinalLineEnd", "a\nb", {{1, {"a"}, ""}, {2, {"b"}, ""}}},
        Case{"EmptyFields", ",,", {{1, {"", "", ""}, ""}}},
        Case{"TrailingComma", "a,\n", {{1, {"a", ""}, ""}}},
        Case{"BlankLine", "a\n\nb\n", {{1, {"a"}, ""}, {2, {""}, ""}, {3, {"b"}, ""}}},
        Case{"QuotedComma", "\"a,b\",c", {{1, {"a,b", "c"}, ""}}},
        Case{"DoubledQuote", "\"say \"\"hi\"\"\"", {{1, {"say \"hi\""}, ""}}},
        Case{"EmptyQuoted", "\"\",x", {{1, {"", "x"}, ""}}},
        Case{"EmbeddedLf", "\"a\nb\",c\nd", {{1, {"a\nb", "c"}, ""}, {3, {"d"}, ""}}},
        Case{"EmbeddedCrlf", "\"a\r\nb\"\r\nd", {{1, {"a\r\nb"}, ""}, {3, {"d"}, ""}}},
        Case{"QuoteInsideUnquotedIsText", "a\"b,c", {{1, {"a\"b", "c"}, ""}}},
        Case{"SpacesKept", " a , b ", {{1, {" a ", " b "}, ""}}},
        Case{"TextAfterClosingQuote",
             "\"a\"x,y\nb",
             {{1, {"a"}, "unexpected text after a closing quote"}, {2, {"b"}, ""}}},
        Case{"UnclosedQuote",
             "a\n\"b,c\nd",
             {{1, {"a"}, ""}, {2, {"b,c\nd"}, "a quoted field is not closed"}}},
        Case{"Latin1BytesPassThrough", "caf\xe9", {{1, {"caf\xe9"}, ""}}}),
    [](const ::testing::TestParamInfo<Case>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace rect
