#include "gateway/api/jsonapi.h"

#include <boost/json/array.hpp>
#include <boost/json/string.hpp>

#include "absl/strings/str_format.h"
#include "gateway/http/responses.h"

namespace rect::gateway::api {
namespace {

namespace http = boost::beast::http;

boost::json::value Errors(std::initializer_list<std::pair<absl::string_view, absl::string_view>>
                              items) {
  boost::json::array errors;
  for (const auto& [title, detail] : items) {
    boost::json::object error;
    error["title"] = boost::json::string(title.data(), title.size());
    error["detail"] = boost::json::string(detail.data(), detail.size());
    errors.push_back(std::move(error));
  }
  boost::json::object body;
  body["errors"] = std::move(errors);
  return body;
}

}  // namespace

boost::json::object Resource(absl::string_view id, absl::string_view type,
                             boost::json::object attributes) {
  boost::json::object resource(attributes.storage());
  resource.reserve(3);
  resource["id"] = boost::json::string(id.data(), id.size());
  resource["type"] = boost::json::string(type.data(), type.size());
  resource["attributes"] = std::move(attributes);
  return resource;
}

HttpResponse DataResponse(boost::json::object resource) {
  boost::json::object body;
  body["data"] = std::move(resource);
  return JsonResponse(http::status::ok, body);
}

HttpResponse DataListResponse(std::vector<boost::json::object> resources) {
  return DataListResponse(std::move(resources), {});
}

HttpResponse DataListResponse(std::vector<boost::json::object> resources,
                              boost::json::storage_ptr storage) {
  boost::json::object body(storage);
  boost::json::array& data = body["data"].emplace_array();
  data.reserve(resources.size());
  for (auto& resource : resources) data.push_back(std::move(resource));
  return JsonResponse(http::status::ok, body);
}

HttpResponse BadRequestResponse(const QueryError& error) {
  return JsonResponse(http::status::bad_request, Errors({{error.title, error.detail}}));
}

HttpResponse ResourceNotFoundResponse() {
  return JsonResponse(http::status::not_found,
                      Errors({{"Resource not found",
                               "Nothing could be found for the provided details"}}));
}

HttpResponse UnprocessableResponse(const std::vector<AttributeError>& errors) {
  boost::json::array list;
  for (const AttributeError& e : errors) {
    boost::json::object item;
    item["title"] = e.attribute;
    item["detail"] = e.detail;
    list.push_back(std::move(item));
  }
  boost::json::object body;
  body["errors"] = std::move(list);
  return JsonResponse(http::status::unprocessable_entity, body);
}

HttpResponse AccessDeniedResponse() {
  return ErrorResponse(ErrorFormat::kJson, http::status::unauthorized);
}

namespace {

// Appends `value` as exactly `width` decimal digits (0 <= value < 10^width).
void AppendDigits(std::string& out, int64_t value, int width) {
  char digits[4];
  for (int i = width - 1; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(digits, static_cast<size_t>(width));
}

// "YYYY-MM-DD" by hand: a large page formats thousands of these, and absl::FormatTime costs
// about a microsecond each. Years outside 1000..9999 take the general formatters (which pad
// them differently).
bool AppendDay(std::string& out, int64_t year, int month, int day) {
  if (year < 1000 || year > 9999) return false;
  AppendDigits(out, year, 4);
  out.push_back('-');
  AppendDigits(out, month, 2);
  out.push_back('-');
  AppendDigits(out, day, 2);
  return true;
}

}  // namespace

std::string FormatDateTime(absl::Time time) {
  const absl::CivilSecond s = absl::ToCivilSecond(time, absl::UTCTimeZone());
  std::string out;
  out.reserve(20);
  if (!AppendDay(out, s.year(), s.month(), s.day())) {
    return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ",
                            absl::FromUnixSeconds(absl::ToUnixSeconds(time)), absl::UTCTimeZone());
  }
  out.push_back('T');
  AppendDigits(out, s.hour(), 2);
  out.push_back(':');
  AppendDigits(out, s.minute(), 2);
  out.push_back(':');
  AppendDigits(out, s.second(), 2);
  out.push_back('Z');
  return out;
}

std::string FormatDate(absl::CivilDay day) {
  std::string out;
  out.reserve(10);
  if (!AppendDay(out, day.year(), day.month(), day.day())) {
    return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
  }
  return out;
}

boost::json::value StringOrNull(absl::string_view value, boost::json::storage_ptr storage) {
  if (value.empty()) return boost::json::value(nullptr, std::move(storage));
  return boost::json::string(value.data(), value.size(), std::move(storage));
}

}  // namespace rect::gateway::api
