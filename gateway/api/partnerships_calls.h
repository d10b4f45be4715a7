// What every API resource served by the partnerships service shares: its timestamps, the sort
// and page of a list request, and the answers to list and show calls (404 and error mapping).
#pragma once

#include <grpcpp/support/status.h>

#include <algorithm>
#include <boost/json/object.hpp>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "gateway/api/jsonapi.h"
#include "gateway/api/query.h"
#include "gateway/http/handler.h"
#include "gateway/http/responses.h"
#include "protos/common/v1/common.pb.h"
#include "protos/partnerships/v1/partnerships.pb.h"

namespace rect::gateway::api {

inline absl::Time TimeOf(const common::v1::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds());
}

// Copies the query's sort terms and page into a partnerships list request.
template <typename ListRequest>
void SetSortAndPage(const ApiQuery& query, ListRequest& request) {
  for (const SortTerm& term : query.sort()) {
    partnerships::v1::SortTerm* sort = request.add_sort();
    sort->set_key(term.key == SortKey::kUpdatedAt ? partnerships::v1::SortTerm::UPDATED_AT
                                                  : partnerships::v1::SortTerm::CREATED_AT);
    sort->set_descending(term.descending);
  }
  // per_page is already at most kMaxPerPage; a page beyond int32 is past the end anyway.
  request.mutable_page()->set_page(static_cast<int32_t>(
      std::min<int64_t>(query.pagination().page, std::numeric_limits<int32_t>::max())));
  request.mutable_page()->set_per_page(static_cast<int32_t>(query.pagination().per_page));
}

// The done-callback of a list call: `items(response)` gives the repeated field and
// `to_resource(item)` its JSON:API resource.
template <typename Response, typename Items, typename ToResource>
auto AnswerList(Responder respond, Items items, ToResource to_resource) {
  return [respond, items, to_resource](const grpc::Status& status, Response&& response) {
    if (!status.ok()) {
      return respond(ErrorResponseFromGrpc(ErrorFormat::kJson, status, "partnerships"));
    }
    std::vector<boost::json::object> resources;
    resources.reserve(items(response).size());
    for (const auto& item : items(response)) resources.push_back(to_resource(item));
    respond(DataListResponse(std::move(resources)));
  };
}

// The done-callback of a show call: NOT_FOUND is the API's 404 envelope.
template <typename Message, typename ToResource>
auto AnswerShow(Responder respond, ToResource to_resource) {
  return [respond, to_resource](const grpc::Status& status, Message&& message) {
    if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
      return respond(ResourceNotFoundResponse());
    }
    if (!status.ok()) {
      return respond(ErrorResponseFromGrpc(ErrorFormat::kJson, status, "partnerships"));
    }
    respond(DataResponse(to_resource(message)));
  };
}

}  // namespace rect::gateway::api
