#include "gateway/api/delivery_partners.h"

#include <grpcpp/support/status.h>

#include <algorithm>
#include <boost/json/array.hpp>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gateway/api/jsonapi.h"
#include "gateway/api/partnerships_calls.h"
#include "gateway/api/query.h"
#include "gateway/http/responses.h"
#include "services/common/tokens.h"

namespace rect::gateway::api {
namespace {

namespace http = boost::beast::http;
namespace pv1 = partnerships::v1;

// The list request for `query` as `caller` sees it.
pv1::ListDeliveryPartnersRequest ListRequest(const ApiCaller& caller, const ApiQuery& query,
                                             const ListFilter<int>& cohorts) {
  pv1::ListDeliveryPartnersRequest request;
  request.set_lead_provider_id(caller.lead_provider_id);
  request.set_filter_cohorts(cohorts.present);
  for (int year : cohorts.values) request.add_cohorts(year);
  SetSortAndPage(query, request);
  return request;
}

void ListDeliveryPartners(Backends& backends, std::shared_ptr<const RequestContext> context,
                          ApiCaller caller, Responder respond) {
  QueryResult<ApiQuery> parsed = ApiQuery::Parse(context->target);
  if (const QueryError* error = std::get_if<QueryError>(&parsed)) {
    return respond(BadRequestResponse(*error));
  }
  const ApiQuery& query = std::get<ApiQuery>(parsed);
  const ListFilter<int> cohorts = query.YearsFilter("cohort");
  if (cohorts.matches_nothing) return respond(DataListResponse({}));
  backends.Call<pv1::ListDeliveryPartnersResponse>(
      context->request_id, ListRequest(caller, query, cohorts),
      [&backends](auto* c, auto* q, auto* r, auto cb) {
        backends.partnerships().async()->ListDeliveryPartners(c, q, r, cb);
      },
      AnswerList<pv1::ListDeliveryPartnersResponse>(
          respond, [](const pv1::ListDeliveryPartnersResponse& r) -> const auto& {
            return r.delivery_partners();
          },
          DeliveryPartnerResource));
}

void GetDeliveryPartner(Backends& backends, std::shared_ptr<const RequestContext> context,
                        ApiCaller caller, Responder respond) {
  const std::string& id = context->param("id");
  if (!IsUuid(id)) return respond(ResourceNotFoundResponse());
  pv1::GetDeliveryPartnerRequest request;
  request.set_lead_provider_id(caller.lead_provider_id);
  request.set_id(id);
  backends.Call<pv1::DeliveryPartner>(
      context->request_id, std::move(request),
      [&backends](auto* c, auto* q, auto* r, auto cb) {
        backends.partnerships().async()->GetDeliveryPartner(c, q, r, cb);
      },
      AnswerShow<pv1::DeliveryPartner>(respond, DeliveryPartnerResource));
}

}  // namespace

boost::json::object DeliveryPartnerResource(const pv1::DeliveryPartner& partner) {
  boost::json::array cohorts;
  for (int year : partner.cohorts()) cohorts.emplace_back(absl::StrCat(year));
  boost::json::object attributes;
  attributes["name"] = partner.name();
  attributes["cohort"] = std::move(cohorts);
  attributes["created_at"] = FormatDateTime(TimeOf(partner.created_at()));
  attributes["updated_at"] = FormatDateTime(TimeOf(partner.updated_at()));
  return Resource(partner.id(), "delivery-partner", std::move(attributes));
}

absl::Status AddDeliveryPartnerRoutes(Router& router, Backends& backends,
                                      ApiAuthenticator& authenticator) {
  if (absl::Status status = router.Add(
          http::verb::get, "/api/v3/delivery-partners",
          authenticator.Protect([&backends](auto context, ApiCaller caller, Responder respond) {
            ListDeliveryPartners(backends, std::move(context), std::move(caller),
                                 std::move(respond));
          }));
      !status.ok()) {
    return status;
  }
  return router.Add(
      http::verb::get, "/api/v3/delivery-partners/{id}",
      authenticator.Protect([&backends](auto context, ApiCaller caller, Responder respond) {
        GetDeliveryPartner(backends, std::move(context), std::move(caller), std::move(respond));
      }));
}

}  // namespace rect::gateway::api
