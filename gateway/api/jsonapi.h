// The Lead Provider API's JSON:API envelope ({"data": ...} only) and its error bodies, exactly
// as the published service writes them, plus its time and date formats.
#pragma once

#include <string>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>

#include "absl/time/civil_time.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gateway/api/query.h"
#include "gateway/http/handler.h"

namespace rect::gateway::api {

// {"id": id, "type": type, "attributes": attributes}, keys in that order.
// Built in the attributes' memory resource.
boost::json::object Resource(absl::string_view id, absl::string_view type,
                             boost::json::object attributes);

// 200 {"data": resource}
HttpResponse DataResponse(boost::json::object resource);
// 200 {"data": [resources...]}
HttpResponse DataListResponse(std::vector<boost::json::object> resources);
// The same, with the list built in `storage` (resources made there are moved, not copied).
HttpResponse DataListResponse(std::vector<boost::json::object> resources,
                              boost::json::storage_ptr storage);

// One failing attribute of a 422: {"title": attribute, "detail": message}.
struct AttributeError {
  std::string attribute;
  std::string detail;
};

// 400 {"errors":[{"title": "Bad request"|"Bad parameter", "detail": ...}]}
HttpResponse BadRequestResponse(const QueryError& error);
// 404 {"errors":[{"title":"Resource not found","detail":"Nothing could be found for the provided details"}]}
HttpResponse ResourceNotFoundResponse();
// 422 {"errors":[{"title": attribute, "detail": message}, ...]}
HttpResponse UnprocessableResponse(const std::vector<AttributeError>& errors);
// 401 {"error":"HTTP Token: Access denied"}
HttpResponse AccessDeniedResponse();

// The body-shape 400 of every write (§2.9).
inline constexpr char kBodyShapeError[] =
    "Correct json data structure required. See API docs for reference.";

// 2025-10-01T09:30:00Z: UTC, whole seconds.
std::string FormatDateTime(absl::Time time);
// 2025-10-01
std::string FormatDate(absl::CivilDay day);

// A JSON string, or null when `value` is empty (nullable attributes are always present), made
// in `storage` (the default resource when none is given).
boost::json::value StringOrNull(absl::string_view value, boost::json::storage_ptr storage = {});

}  // namespace rect::gateway::api
