#include "gateway/api/jsonapi.h"

#include <gtest/gtest.h>

#include <boost/json/object.hpp>

#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace rect::gateway::api {
namespace {

TEST(JsonApi, ResourcesKeepKeyOrderAndNulls) {
  boost::json::object attributes;
  attributes["urn"] = "100001";
  attributes["induction_tutor_email"] = StringOrNull("");
  HttpResponse response = DataResponse(
      Resource("3f2504e0-4f89-11d3-9a0c-0305e82c3301", "school", std::move(attributes)));
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response.body(),
            R"({"data":{"id":"3f2504e0-4f89-11d3-9a0c-0305e82c3301","type":"school",)"
            R"("attributes":{"urn":"100001","induction_tutor_email":null}}})");
  EXPECT_EQ(response[boost::beast::http::field::content_type], "application/json; charset=utf-8");
}

TEST(JsonApi, EmptyListIsDataArray) { EXPECT_EQ(DataListResponse({}).body(), R"({"data":[]})"); }

TEST(JsonApi, ErrorBodiesMatchTheContract) {
  EXPECT_EQ(BadRequestResponse({"Bad parameter", "Filter must be a hash"}).body(),
            R"({"errors":[{"title":"Bad parameter","detail":"Filter must be a hash"}]})");
  HttpResponse not_found = ResourceNotFoundResponse();
  EXPECT_EQ(not_found.result_int(), 404);
  EXPECT_EQ(not_found.body(),
            R"({"errors":[{"title":"Resource not found","detail":"Nothing could be found for )"
            R"(the provided details"}]})");
  HttpResponse invalid =
      UnprocessableResponse({{"declaration_type", "a"}, {"declaration_date", "b"}});
  EXPECT_EQ(invalid.result_int(), 422);
  EXPECT_EQ(invalid.body(), R"({"errors":[{"title":"declaration_type","detail":"a"},)"
                            R"({"title":"declaration_date","detail":"b"}]})");
  HttpResponse denied = AccessDeniedResponse();
  EXPECT_EQ(denied.result_int(), 401);
  EXPECT_EQ(denied.body(), R"({"error":"HTTP Token: Access denied"})");
}

TEST(JsonApi, TimesAreWholeSecondsUtcAndDatesAreIso) {
  const absl::Time t =
      absl::FromCivil(absl::CivilSecond(2025, 10, 1, 9, 30, 0), absl::UTCTimeZone()) +
      absl::Milliseconds(999);
  EXPECT_EQ(FormatDateTime(t), "2025-10-01T09:30:00Z");
  EXPECT_EQ(FormatDate(absl::CivilDay(2025, 3, 7)), "2025-03-07");
}

TEST(JsonApi, TimesAndDatesMatchTheGeneralFormatterAtTheEdges) {
  const absl::CivilSecond cases[] = {
      absl::CivilSecond(1970, 1, 1, 0, 0, 0),     absl::CivilSecond(1969, 12, 31, 23, 59, 59),
      absl::CivilSecond(2024, 2, 29, 12, 5, 9),   absl::CivilSecond(9999, 12, 31, 23, 59, 59),
      absl::CivilSecond(10000, 1, 1, 0, 0, 0),    absl::CivilSecond(1, 1, 1, 0, 0, 0),
  };
  for (const absl::CivilSecond& c : cases) {
    const absl::Time t = absl::FromCivil(c, absl::UTCTimeZone());
    EXPECT_EQ(FormatDateTime(t), absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone()));
    EXPECT_EQ(FormatDate(absl::CivilDay(c)),
              absl::StrFormat("%04d-%02d-%02d", c.year(), c.month(), c.day()));
  }
}

}  // namespace
}  // namespace rect::gateway::api
