// What the API resources served by registration's LeadProviderApiService share (participants,
// declarations, statements): the service's stub, its sort and page fields, timestamps and dates,
// and the answers to list and show calls.
#pragma once

#include <boost/json/monotonic_resource.hpp>
#include <type_traits>
#include <grpcpp/support/status.h>

#include <algorithm>
#include <boost/json/object.hpp>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gateway/api/jsonapi.h"
#include "gateway/api/query.h"
#include "gateway/backends.h"
#include "gateway/http/handler.h"
#include "gateway/http/responses.h"
#include "protos/common/v1/common.pb.h"
#include "protos/registration/v1/lead_provider_api.grpc.pb.h"

namespace rect::gateway::api {

using RegistrationApiStub = registration::v1::LeadProviderApiService::Stub;

// One stub on registration's shared channel, kept by the routes that use it.
inline std::shared_ptr<RegistrationApiStub> NewRegistrationApiStub(Backends& backends) {
  return std::shared_ptr<RegistrationApiStub>(
      backends.NewStub<registration::v1::LeadProviderApiService>(Backend::kRegistration));
}

inline std::string DateTimeOf(const common::v1::Timestamp& timestamp) {
  return FormatDateTime(absl::FromUnixSeconds(timestamp.seconds()));
}

// "YYYY-MM-DD", or null for an unset date.
inline boost::json::value DateOrNull(bool present, const common::v1::Date& date) {
  if (!present) return nullptr;
  return boost::json::value(FormatDate(absl::CivilDay(date.year(), date.month(), date.day())));
}

inline void SetApiSort(const ApiQuery& query,
                       google::protobuf::RepeatedPtrField<registration::v1::ApiSortTerm>* out) {
  for (const SortTerm& term : query.sort()) {
    registration::v1::ApiSortTerm* sort = out->Add();
    sort->set_key(term.key == SortKey::kUpdatedAt ? registration::v1::ApiSortTerm::UPDATED_AT
                                                  : registration::v1::ApiSortTerm::CREATED_AT);
    sort->set_descending(term.descending);
  }
}

inline void SetApiPage(const ApiQuery& query, common::v1::PageRequest* page) {
  // per_page is already at most kMaxPerPage; a page beyond int32 is past the end anyway.
  page->set_page(static_cast<int32_t>(
      std::min<int64_t>(query.pagination().page, std::numeric_limits<int32_t>::max())));
  page->set_per_page(static_cast<int32_t>(query.pagination().per_page));
}

// The done-callback of a list call: `items(response)` gives the repeated field and
// `to_resource(item)` its JSON:API resource.
template <typename Response, typename Items, typename ToResource>
auto AnswerRegistrationList(Responder respond, Items items, ToResource to_resource) {
  return [respond, items, to_resource](const grpc::Status& status, Response&& response) {
    if (!status.ok()) {
      return respond(ErrorResponseFromGrpc(ErrorFormat::kJson, status, "registration"));
    }
    using Item = std::decay_t<decltype(*items(response).begin())>;
    if constexpr (std::is_invocable_v<ToResource, const Item&, boost::json::storage_ptr>) {
      // A page of up to 3,000 resources is built in one arena, released at once, rather
      // than by a heap allocation and free for every key and value.
      // Not reference-counted: containers in a resource that frees nothing one by one then
      // skip their destructors too. Everything made in it is gone before it is.
      boost::json::monotonic_resource arena;
      boost::json::storage_ptr storage(&arena);
      std::vector<boost::json::object> resources;
      resources.reserve(items(response).size());
      for (const auto& item : items(response)) resources.push_back(to_resource(item, storage));
      respond(DataListResponse(std::move(resources), storage));
    } else {
      std::vector<boost::json::object> resources;
      resources.reserve(items(response).size());
      for (const auto& item : items(response)) resources.push_back(to_resource(item));
      respond(DataListResponse(std::move(resources)));
    }
  };
}

// The done-callback of a show call: NOT_FOUND is the API's 404 envelope.
template <typename Message, typename ToResource>
auto AnswerRegistrationShow(Responder respond, ToResource to_resource) {
  return [respond, to_resource](const grpc::Status& status, Message&& message) {
    if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
      return respond(ResourceNotFoundResponse());
    }
    if (!status.ok()) {
      return respond(ErrorResponseFromGrpc(ErrorFormat::kJson, status, "registration"));
    }
    respond(DataResponse(to_resource(message)));
  };
}

// Parses the query and updated_since, or answers the 400 and returns false.
inline bool ParseListQuery(const RequestContext& context, const Responder& respond,
                           std::optional<ApiQuery>* query,
                           std::optional<absl::Time>* updated_since) {
  QueryResult<ApiQuery> parsed = ApiQuery::Parse(context.target);
  if (const QueryError* error = std::get_if<QueryError>(&parsed)) {
    respond(BadRequestResponse(*error));
    return false;
  }
  query->emplace(std::get<ApiQuery>(std::move(parsed)));
  QueryResult<std::optional<absl::Time>> since = (*query)->UpdatedSince();
  if (const QueryError* error = std::get_if<QueryError>(&since)) {
    respond(BadRequestResponse(*error));
    return false;
  }
  *updated_since = std::get<std::optional<absl::Time>>(since);
  return true;
}

}  // namespace rect::gateway::api
