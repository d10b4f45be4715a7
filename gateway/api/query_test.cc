#include "gateway/api/query.h"

#include <gtest/gtest.h>

#include "gateway/http/target.h"

namespace rect::gateway::api {
namespace {

QueryResult<ApiQuery> Parse(const std::string& target) {
  return ApiQuery::Parse(ParseRequestTarget(target).value());
}

ApiQuery Ok(const std::string& target) {
  auto result = Parse(target);
  EXPECT_TRUE(std::holds_alternative<ApiQuery>(result)) << target;
  return std::get<ApiQuery>(result);
}

TEST(Pagination, DefaultsClampsAndLeadingIntegers) {
  const struct {
    const char* query;
    int64_t page, per_page;
  } cases[] = {
      {"", 1, 100},
      {"?page[page]=2", 2, 100},
      {"?page[per_page]=5000", 1, 3000},
      {"?page[per_page]=3000", 1, 3000},
      {"?page[per_page]=10abc", 1, 10},
      {"?page[page]=%2B3", 3, 100},
      {"?page[page]=%203", 3, 100},
      {"?page[page]=999&page[per_page]=7", 999, 7},
  };
  for (const auto& c : cases) {
    ApiQuery q = Ok(std::string("/api/v3/participants") + c.query);
    EXPECT_EQ(q.pagination().page, c.page) << c.query;
    EXPECT_EQ(q.pagination().per_page, c.per_page) << c.query;
  }
  EXPECT_EQ(Ok("/x?page[page]=3&page[per_page]=10").pagination().offset(), 20);
}

TEST(Pagination, BelowOneIsABadRequest) {
  for (const char* query : {"?page[page]=0", "?page[page]=-1", "?page[per_page]=0.8",
                            "?page[per_page]=abc", "?page[page]=", "?page[per_page]=-5"}) {
    auto result = Parse(std::string("/x") + query);
    ASSERT_TRUE(std::holds_alternative<QueryError>(result)) << query;
    EXPECT_EQ(std::get<QueryError>(result), (QueryError{"Bad request", kPaginationError}));
  }
}

TEST(Pagination, HugePagesDoNotOverflow) {
  ApiQuery q = Ok("/x?page[page]=99999999999999999999999&page[per_page]=3000");
  EXPECT_GT(q.pagination().offset(), 0);
}

TEST(Filters, FilterThatIsNotAHashIsABadParameter) {
  auto result = Parse("/api/v3/statements?filter=abc");
  ASSERT_TRUE(std::holds_alternative<QueryError>(result));
  EXPECT_EQ(std::get<QueryError>(result), (QueryError{"Bad parameter", "Filter must be a hash"}));
}

TEST(Sort, KeysDirectionsAndDefault) {
  using K = SortKey;
  const struct {
    const char* query;
    std::vector<SortTerm> expected;
  } cases[] = {
      {"", {{K::kCreatedAt, false}}},
      {"?sort=-updated_at", {{K::kUpdatedAt, true}}},
      {"?sort=%2Bupdated_at,-created_at", {{K::kUpdatedAt, false}, {K::kCreatedAt, true}}},
      {"?sort=bogus", {{K::kCreatedAt, false}}},
      {"?sort=id,updated_at", {{K::kUpdatedAt, false}}},
      {"?sort=", {{K::kCreatedAt, false}}},
  };
  for (const auto& c : cases)
    EXPECT_EQ(Ok(std::string("/x") + c.query).sort(), c.expected) << c.query;
}

TEST(Filters, YearsDropNonDigitsAndSayWhenNothingSurvives) {
  ListFilter<int> none = Ok("/x").YearsFilter("cohort");
  EXPECT_FALSE(none.present);
  ListFilter<int> blank = Ok("/x?filter[cohort]=").YearsFilter("cohort");
  EXPECT_FALSE(blank.present) << "a blank value means no filter";
  ListFilter<int> both = Ok("/x?filter[cohort]=2024,2025").YearsFilter("cohort");
  EXPECT_EQ(both.values, (std::vector<int>{2024, 2025}));
  EXPECT_FALSE(both.matches_nothing);
  ListFilter<int> junk = Ok("/x?filter[cohort]=abc").YearsFilter("cohort");
  EXPECT_TRUE(junk.present);
  EXPECT_TRUE(junk.matches_nothing);
  ListFilter<int> mixed = Ok("/x?filter[cohort]=abc,2023,20x4").YearsFilter("cohort");
  EXPECT_EQ(mixed.values, (std::vector<int>{2023}));
}

TEST(Filters, UuidsAreCheckedAndLowerCased) {
  auto f = Ok("/x?filter[participant_id]=not-a-uuid,3F2504E0-4F89-11D3-9A0C-0305E82C3301")
               .UuidsFilter("participant_id");
  EXPECT_EQ(f.values, (std::vector<std::string>{"3f2504e0-4f89-11d3-9a0c-0305e82c3301"}));
  EXPECT_TRUE(Ok("/x?filter[participant_id]=nope").UuidsFilter("participant_id").matches_nothing);
  auto strings = Ok("/x?filter[delivery_partner_id]=a,,b").StringsFilter("delivery_partner_id");
  EXPECT_EQ(strings.values, (std::vector<std::string>{"a", "b"}));
}

TEST(Filters, SingleIntegersTakeTheLeadingInteger) {
  EXPECT_EQ(Ok("/x?filter[cohort]=2024,2025").IntegerFilter("cohort"), 2024);
  EXPECT_EQ(Ok("/x?filter[urn]=020006").IntegerFilter("urn"), 20006);
  EXPECT_EQ(Ok("/x?filter[cohort]=abc").IntegerFilter("cohort"), -1);
  EXPECT_EQ(Ok("/x?filter[cohort]=").IntegerFilter("cohort"), std::nullopt);
  EXPECT_EQ(Ok("/x").IntegerFilter("cohort"), std::nullopt);
}

TEST(UpdatedSince, AcceptsIso8601DateTimesOnly) {
  const absl::Time midnight = absl::FromCivil(absl::CivilSecond(2025, 1, 1), absl::UTCTimeZone());
  const struct {
    const char* value;
    std::optional<absl::Time> expected;
  } ok[] = {
      {"2025-01-01T00:00:00Z", midnight},
      {"2025-01-01T00:00:00", midnight},
      {"2025-01-01T00:00:00.500Z", midnight + absl::Milliseconds(500)},
      {"2025-01-01T01:00:00%252B01:00", midnight},  // %2B after one decode, + after two
      {"2025-01-01T00:00:00-02", midnight + absl::Hours(2)},
      {"2025-01-01T01:30:00%252B0130", midnight},
  };
  for (const auto& c : ok) {
    auto result = Ok(std::string("/x?filter[updated_since]=") + c.value).UpdatedSince();
    ASSERT_TRUE(std::holds_alternative<std::optional<absl::Time>>(result)) << c.value;
    EXPECT_EQ(std::get<std::optional<absl::Time>>(result), c.expected) << c.value;
  }
  for (const char* bad :
       {"2025-01-01", "2025-01-01T00:00:00%2B01:00", "2025-01-01T00:00:00+01:00",
        "2025-02-30T00:00:00Z", "2025-01-01T24:00:00Z", "yesterday", "2025-1-1T00:00:00Z",
        "2025-01-01T00:00:00.Z", "2025-01-01T00:00:00Q", "2025-01-01T00:00:00%25zz"}) {
    auto result = Ok(std::string("/x?filter[updated_since]=") + bad).UpdatedSince();
    ASSERT_TRUE(std::holds_alternative<QueryError>(result)) << bad;
    EXPECT_EQ(std::get<QueryError>(result), (QueryError{"Bad request", kUpdatedSinceError}));
  }
  auto absent = Ok("/x").UpdatedSince();
  EXPECT_EQ(std::get<std::optional<absl::Time>>(absent), std::nullopt);
}

TEST(LeadingInteger, BehavesLikeRubyToI) {
  const struct {
    const char* text;
    int64_t value;
  } cases[] = {{"10abc", 10}, {"abc", 0}, {"0.8", 0}, {"-1", -1}, {" 7", 7}, {"+4", 4}, {"", 0}};
  for (const auto& c : cases) EXPECT_EQ(LeadingInteger(c.text), c.value) << c.text;
  EXPECT_EQ(LeadingInteger("99999999999999999999999"), std::numeric_limits<int64_t>::max());
}

}  // namespace
}  // namespace rect::gateway::api
