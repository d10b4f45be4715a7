#include "gateway/api/declarations.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

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

void ListDeclarations(Backends& backends, std::shared_ptr<RegistrationApiStub> stub,
                      std::shared_ptr<const RequestContext> context, ApiCaller caller,
                      Responder respond) {
  std::optional<ApiQuery> query;
  std::optional<absl::Time> updated_since;
  if (!ParseListQuery(*context, respond, &query, &updated_since)) return;
  const ListFilter<int> cohorts = query->YearsFilter("cohort");
  const ListFilter<std::string> participants = query->UuidsFilter("participant_id");
  const ListFilter<std::string> partners = query->UuidsFilter("delivery_partner_id");
  if (cohorts.matches_nothing || participants.matches_nothing || partners.matches_nothing) {
    return respond(DataListResponse({}));
  }
  rv1::ListDeclarationsRequest request;
  request.set_lead_provider_id(caller.lead_provider_id);
  request.set_filter_cohorts(cohorts.present);
  for (int year : cohorts.values) request.add_cohorts(year);
  request.set_filter_participant_ids(participants.present);
  for (const std::string& id : participants.values) request.add_participant_ids(id);
  request.set_filter_delivery_partner_ids(partners.present);
  for (const std::string& id : partners.values) request.add_delivery_partner_ids(id);
  if (updated_since.has_value()) {
    request.mutable_updated_since()->set_seconds(absl::ToUnixSeconds(*updated_since));
  }
  SetApiPage(*query, request.mutable_page());  // always created_at order: sort is ignored
  backends.Call<rv1::ListDeclarationsResponse>(
      context->request_id, std::move(request),
      WithServerDate(caller.server_date,
                     [stub](auto* c, auto* q, auto* r, auto cb) {
                       stub->async()->ListDeclarations(c, q, r, cb);
                     }),
      AnswerRegistrationList<rv1::ListDeclarationsResponse>(
          respond,
          [](const rv1::ListDeclarationsResponse& r) -> const auto& { return r.declarations(); },
          DeclarationResource));
}

void GetDeclaration(Backends& backends, std::shared_ptr<RegistrationApiStub> stub,
                    std::shared_ptr<const RequestContext> context, ApiCaller caller,
                    Responder respond) {
  const std::string& id = context->param("id");
  if (!IsUuid(id)) return respond(ResourceNotFoundResponse());
  rv1::GetDeclarationRequest request;
  request.set_lead_provider_id(caller.lead_provider_id);
  request.set_id(id);
  backends.Call<rv1::Declaration>(
      context->request_id, std::move(request),
      WithServerDate(caller.server_date,
                     [stub](auto* c, auto* q, auto* r, auto cb) {
                       stub->async()->GetDeclaration(c, q, r, cb);
                     }),
      AnswerRegistrationShow<rv1::Declaration>(respond, DeclarationResource));
}

// The done-callback of a write: refusals are the 422 envelope, NOT_FOUND the 404.
auto AnswerWrite(Responder respond) {
  return [respond](const grpc::Status& status, rv1::DeclarationResult&& result) {
    if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
      return respond(ResourceNotFoundResponse());
    }
    if (!status.ok()) {
      return respond(ErrorResponseFromGrpc(ErrorFormat::kJson, status, "registration"));
    }
    if (result.errors_size() > 0) {
      std::vector<AttributeError> errors;
      for (const rv1::ApiFieldError& error : result.errors()) {
        errors.push_back({error.attribute(), error.message()});
      }
      return respond(UnprocessableResponse(errors));
    }
    respond(DataResponse(DeclarationResource(result.declaration())));
  };
}

void CreateDeclaration(Backends& backends, std::shared_ptr<RegistrationApiStub> stub,
                       std::shared_ptr<const RequestContext> context, ApiCaller caller,
                       Responder respond) {
  rv1::CreateDeclarationRequest request;
  if (!ParseDeclarationBody(context->request.body(), &request)) {
    return respond(BadRequestResponse({"Bad request", kBodyShapeError}));
  }
  request.set_lead_provider_id(caller.lead_provider_id);
  backends.Call<rv1::DeclarationResult>(context->request_id, std::move(request),
                                        WithServerDate(caller.server_date,
                                                       [stub](auto* c, auto* q, auto* r, auto cb) {
                                                         stub->async()->CreateDeclaration(c, q, r,
                                                                                          cb);
                                                       }),
                                        AnswerWrite(respond));
}

void VoidDeclaration(Backends& backends, std::shared_ptr<RegistrationApiStub> stub,
                     std::shared_ptr<const RequestContext> context, ApiCaller caller,
                     Responder respond) {
  const std::string& id = context->param("id");
  if (!IsUuid(id)) return respond(ResourceNotFoundResponse());
  rv1::VoidDeclarationRequest request;
  request.set_lead_provider_id(caller.lead_provider_id);
  request.set_id(id);
  backends.Call<rv1::DeclarationResult>(context->request_id, std::move(request),
                                        WithServerDate(caller.server_date,
                                                       [stub](auto* c, auto* q, auto* r, auto cb) {
                                                         stub->async()->VoidDeclaration(c, q, r,
                                                                                        cb);
                                                       }),
                                        AnswerWrite(respond));
}

}  // namespace

boost::json::object DeclarationResource(const rv1::Declaration& d) {
  boost::json::object attributes;
  attributes["participant_id"] = d.participant_id();
  attributes["declaration_type"] = d.declaration_type();
  attributes["declaration_date"] = DateTimeOf(d.declaration_date());
  attributes["course_identifier"] = d.course_identifier();
  attributes["state"] = d.state();
  attributes["updated_at"] = DateTimeOf(d.updated_at());
  attributes["created_at"] = DateTimeOf(d.created_at());
  attributes["delivery_partner_id"] = StringOrNull(d.delivery_partner_id());
  attributes["statement_id"] = StringOrNull(d.statement_id());
  attributes["clawback_statement_id"] = StringOrNull(d.clawback_statement_id());
  attributes["ineligible_for_funding_reason"] = nullptr;
  attributes["mentor_id"] = StringOrNull(d.mentor_id());
  attributes["uplift_paid"] = d.uplift_paid();
  attributes["evidence_held"] = StringOrNull(d.evidence_held());
  attributes["lead_provider_name"] = d.lead_provider_name();
  return Resource(d.id(), "participant-declaration", std::move(attributes));
}

absl::Status AddDeclarationRoutes(Router& router, Backends& backends,
                                  ApiAuthenticator& authenticator) {
  std::shared_ptr<RegistrationApiStub> stub = NewRegistrationApiStub(backends);
  auto route = [&](http::verb verb, const char* path, auto handler) {
    return router.Add(
        verb, path,
        authenticator.Protect(
            [&backends, stub, handler](auto context, ApiCaller caller, Responder respond) {
              handler(backends, stub, std::move(context), std::move(caller), std::move(respond));
            }));
  };
  if (absl::Status s = route(http::verb::get, "/api/v3/participant-declarations", ListDeclarations);
      !s.ok()) {
    return s;
  }
  if (absl::Status s =
          route(http::verb::post, "/api/v3/participant-declarations", CreateDeclaration);
      !s.ok()) {
    return s;
  }
  if (absl::Status s =
          route(http::verb::get, "/api/v3/participant-declarations/{id}", GetDeclaration);
      !s.ok()) {
    return s;
  }
  return route(http::verb::put, "/api/v3/participant-declarations/{id}/void", VoidDeclaration);
}

}  // namespace rect::gateway::api
