#include "gateway/api/statements.h"

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "gateway/api/jsonapi.h"
#include "gateway/api/participants_calls.h"
#include "gateway/api/query.h"
#include "gateway/api/server_date.h"
#include "services/common/tokens.h"

namespace rect::gateway::api {
namespace {

namespace http = boost::beast::http;
namespace rv1 = registration::v1;

constexpr std::array<const char*, 12> kMonths = {"January",   "February", "March",    "April",
                                                 "May",       "June",     "July",     "August",
                                                 "September", "October",  "November", "December"};

void ListStatements(Backends& backends, std::shared_ptr<RegistrationApiStub> stub,
                    std::shared_ptr<const RequestContext> context, ApiCaller caller,
                    Responder respond) {
  std::optional<ApiQuery> query;
  std::optional<absl::Time> updated_since;
  if (!ParseListQuery(*context, respond, &query, &updated_since)) return;
  const ListFilter<int> cohorts = query->YearsFilter("cohort");
  if (cohorts.matches_nothing) return respond(DataListResponse({}));
  rv1::ListStatementsRequest request;
  request.set_lead_provider_id(caller.lead_provider_id);
  request.set_filter_cohorts(cohorts.present);
  for (int year : cohorts.values) request.add_cohorts(year);
  if (updated_since.has_value()) {
    request.mutable_updated_since()->set_seconds(absl::ToUnixSeconds(*updated_since));
  }
  SetApiPage(*query, request.mutable_page());  // always payment_date order: sort is ignored
  backends.Call<rv1::ListStatementsResponse>(
      context->request_id, std::move(request),
      WithServerDate(caller.server_date,
                     [stub](auto* c, auto* q, auto* r, auto cb) {
                       stub->async()->ListStatements(c, q, r, cb);
                     }),
      AnswerRegistrationList<rv1::ListStatementsResponse>(
          respond,
          [](const rv1::ListStatementsResponse& r) -> const auto& { return r.statements(); },
          StatementResource));
}

void GetStatement(Backends& backends, std::shared_ptr<RegistrationApiStub> stub,
                  std::shared_ptr<const RequestContext> context, ApiCaller caller,
                  Responder respond) {
  const std::string& id = context->param("id");
  if (!IsUuid(id)) return respond(ResourceNotFoundResponse());
  rv1::GetStatementRequest request;
  request.set_lead_provider_id(caller.lead_provider_id);
  request.set_id(id);
  backends.Call<rv1::Statement>(context->request_id, std::move(request),
                                WithServerDate(caller.server_date,
                                               [stub](auto* c, auto* q, auto* r, auto cb) {
                                                 stub->async()->GetStatement(c, q, r, cb);
                                               }),
                                AnswerRegistrationShow<rv1::Statement>(respond, StatementResource));
}

}  // namespace

boost::json::object StatementResource(const rv1::Statement& s) {
  boost::json::object attributes;
  attributes["month"] = (s.month() >= 1 && s.month() <= 12) ? kMonths[s.month() - 1] : "";
  attributes["year"] = absl::StrCat(s.year());
  attributes["cohort"] = absl::StrCat(s.cohort());
  attributes["cut_off_date"] = DateOrNull(s.has_cut_off_date(), s.cut_off_date());
  attributes["payment_date"] = DateOrNull(s.has_payment_date(), s.payment_date());
  attributes["paid"] = s.paid();
  attributes["created_at"] = DateTimeOf(s.created_at());
  attributes["updated_at"] = DateTimeOf(s.updated_at());
  return Resource(s.id(), "statement", std::move(attributes));
}

absl::Status AddStatementRoutes(Router& router, Backends& backends,
                                ApiAuthenticator& authenticator) {
  std::shared_ptr<RegistrationApiStub> stub = NewRegistrationApiStub(backends);
  if (absl::Status status =
          router.Add(http::verb::get, "/api/v3/statements",
                     authenticator.Protect(
                         [&backends, stub](auto context, ApiCaller caller, Responder respond) {
                           ListStatements(backends, stub, std::move(context), std::move(caller),
                                          std::move(respond));
                         }));
      !status.ok()) {
    return status;
  }
  return router.Add(
      http::verb::get, "/api/v3/statements/{id}",
      authenticator.Protect([&backends, stub](auto context, ApiCaller caller, Responder respond) {
        GetStatement(backends, stub, std::move(context), std::move(caller), std::move(respond));
      }));
}

}  // namespace rect::gateway::api
