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
  boost::json::object resource;
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
  boost::json::array data;
  data.reserve(resources.size());
  for (auto& resource : resources) data.push_back(std::move(resource));
  boost::json::object body;
  body["data"] = std::move(data);
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

std::string FormatDateTime(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::FromUnixSeconds(absl::ToUnixSeconds(time)),
                          absl::UTCTimeZone());
}

std::string FormatDate(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

boost::json::value StringOrNull(absl::string_view value) {
  if (value.empty()) return nullptr;
  return boost::json::string(value.data(), value.size());
}

}  // namespace rect::gateway::api
