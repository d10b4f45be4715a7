#include "gateway/api/partnerships.h"

#include <grpcpp/support/status.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gateway/api/jsonapi.h"
#include "gateway/api/participants_calls.h"
#include "gateway/api/partnerships_calls.h"
#include "gateway/api/query.h"
#include "gateway/api/server_date.h"
#include "gateway/http/responses.h"
#include "services/common/log.h"
#include "services/common/tokens.h"

namespace rect::gateway::api {
namespace {

namespace http = boost::beast::http;
namespace pv1 = partnerships::v1;

// The list request for `query` as `caller` sees it.
pv1::ListPartnershipsRequest ListRequest(const ApiCaller& caller, const ApiQuery& query,
                                         const ListFilter<int>& cohorts,
                                         const ListFilter<std::string>& partner_ids,
                                         const std::optional<absl::Time>& updated_since) {
  pv1::ListPartnershipsRequest request;
  request.set_lead_provider_id(caller.lead_provider_id);
  request.set_filter_cohorts(cohorts.present);
  for (int year : cohorts.values) request.add_cohorts(year);
  request.set_filter_delivery_partner_ids(partner_ids.present);
  for (const std::string& id : partner_ids.values) request.add_delivery_partner_ids(id);
  if (updated_since.has_value()) {
    request.mutable_updated_since()->set_seconds(absl::ToUnixSeconds(*updated_since));
  }
  SetSortAndPage(query, request);
  return request;
}

void DescribeAndAnswer(Backends& backends, std::shared_ptr<RegistrationApiStub> registration,
                       const std::string& request_id, const ApiCaller& caller,
                       std::vector<pv1::Partnership> partnerships, bool list, Responder respond);

void ListPartnerships(Backends& backends, std::shared_ptr<RegistrationApiStub> registration,
                      std::shared_ptr<const RequestContext> context, ApiCaller caller,
                      Responder respond) {
  QueryResult<ApiQuery> parsed = ApiQuery::Parse(context->target);
  if (const QueryError* error = std::get_if<QueryError>(&parsed)) {
    return respond(BadRequestResponse(*error));
  }
  const ApiQuery& query = std::get<ApiQuery>(parsed);
  QueryResult<std::optional<absl::Time>> updated_since = query.UpdatedSince();
  if (const QueryError* error = std::get_if<QueryError>(&updated_since)) {
    return respond(BadRequestResponse(*error));
  }
  const ListFilter<int> cohorts = query.YearsFilter("cohort");
  // Not UUID-checked upstream: a non-UUID id simply matches nothing in partnerships.
  const ListFilter<std::string> partner_ids = query.StringsFilter("delivery_partner_id");
  if (cohorts.matches_nothing || partner_ids.matches_nothing) {
    return respond(DataListResponse({}));
  }
  backends.Call<pv1::ListPartnershipsResponse>(
      context->request_id,
      ListRequest(caller, query, cohorts, partner_ids,
                  std::get<std::optional<absl::Time>>(updated_since)),
      [&backends](auto* c, auto* q, auto* r, auto cb) {
        backends.partnerships().async()->ListPartnerships(c, q, r, cb);
      },
      [&backends, registration, caller, request_id = context->request_id, respond](
          const grpc::Status& status, pv1::ListPartnershipsResponse&& response) {
        if (!status.ok()) {
          return respond(ErrorResponseFromGrpc(ErrorFormat::kJson, status, "partnerships"));
        }
        std::vector<pv1::Partnership> partnerships(
            std::make_move_iterator(response.mutable_partnerships()->begin()),
            std::make_move_iterator(response.mutable_partnerships()->end()));
        DescribeAndAnswer(backends, registration, request_id, caller, std::move(partnerships),
                          /*list=*/true, respond);
      });
}

void GetPartnership(Backends& backends, std::shared_ptr<RegistrationApiStub> registration,
                    std::shared_ptr<const RequestContext> context, ApiCaller caller,
                    Responder respond) {
  const std::string& id = context->param("id");
  if (!IsUuid(id)) return respond(ResourceNotFoundResponse());
  pv1::GetPartnershipRequest request;
  request.set_lead_provider_id(caller.lead_provider_id);
  request.set_id(id);
  backends.Call<pv1::Partnership>(
      context->request_id, std::move(request),
      [&backends](auto* c, auto* q, auto* r, auto cb) {
        backends.partnerships().async()->GetPartnership(c, q, r, cb);
      },
      [&backends, registration, caller, request_id = context->request_id, respond](
          const grpc::Status& status, pv1::Partnership&& partnership) {
        if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
          return respond(ResourceNotFoundResponse());
        }
        if (!status.ok()) {
          return respond(ErrorResponseFromGrpc(ErrorFormat::kJson, status, "partnerships"));
        }
        DescribeAndAnswer(backends, registration, request_id, caller, {std::move(partnership)},
                          /*list=*/false, respond);
      });
}

// Asks registration what it knows of `partnerships` (ongoing training, induction tutors) and
// answers them as a list, or the first alone.
void DescribeAndAnswer(Backends& backends, std::shared_ptr<RegistrationApiStub> registration,
                       const std::string& request_id, const ApiCaller& caller,
                       std::vector<pv1::Partnership> partnerships, bool list, Responder respond) {
  if (partnerships.empty()) return respond(DataListResponse({}));
  registration::v1::DescribePartnershipsRequest request;
  request.set_lead_provider_id(caller.lead_provider_id);
  std::set<std::string> urns;
  for (const pv1::Partnership& partnership : partnerships) {
    request.add_partnership_ids(partnership.id());
    if (urns.insert(partnership.urn()).second) request.add_school_urns(partnership.urn());
  }
  backends.Call<registration::v1::DescribePartnershipsResponse>(
      request_id, std::move(request),
      WithServerDate(caller.server_date,
                     [registration](auto* c, auto* q, auto* r, auto cb) {
                       registration->async()->DescribePartnerships(c, q, r, cb);
                     }),
      [respond, list, partnerships = std::move(partnerships)](
          const grpc::Status& status, registration::v1::DescribePartnershipsResponse&& facts) {
        if (!status.ok()) {
          return respond(ErrorResponseFromGrpc(ErrorFormat::kJson, status, "registration"));
        }
        std::map<std::string, int> training;
        for (const auto& p : facts.partnerships()) {
          training[p.partnership_id()] = p.participants_currently_training();
        }
        std::map<std::string, const registration::v1::SchoolInductionTutor*> tutors;
        for (const auto& tutor : facts.induction_tutors()) tutors[tutor.school_urn()] = &tutor;
        std::vector<boost::json::object> resources;
        for (const pv1::Partnership& partnership : partnerships) {
          PartnershipTrainingFacts known;
          if (auto it = training.find(partnership.id()); it != training.end()) {
            known.participants_currently_training = it->second;
          }
          if (auto it = tutors.find(partnership.urn()); it != tutors.end()) {
            known.induction_tutor_name = it->second->name();
            known.induction_tutor_email = it->second->email();
          }
          resources.push_back(PartnershipResource(partnership, known));
        }
        if (!list) return respond(DataResponse(std::move(resources.front())));
        respond(DataListResponse(std::move(resources)));
      });
}

void AttachAndAnswer(Backends& backends, std::shared_ptr<RegistrationApiStub> registration,
                     const std::string& request_id, const ApiCaller& caller,
                     pv1::Partnership partnership, Responder respond);

// The done-callback of a write: refusals are the 422 envelope, NOT_FOUND the 404; a partnership
// written goes to registration (AttachAndAnswer) before it is answered.
auto AnswerWrite(Backends& backends, std::shared_ptr<RegistrationApiStub> registration,
                 std::string request_id, ApiCaller caller, Responder respond) {
  return [&backends, registration, request_id = std::move(request_id), caller = std::move(caller),
          respond](const grpc::Status& status, pv1::ApiPartnershipResult&& result) {
    if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
      return respond(ResourceNotFoundResponse());
    }
    if (!status.ok()) {
      return respond(ErrorResponseFromGrpc(ErrorFormat::kJson, status, "partnerships"));
    }
    if (result.errors_size() > 0) {
      std::vector<AttributeError> errors;
      for (const pv1::ApiPartnershipError& error : result.errors()) {
        errors.push_back({error.attribute(), error.message()});
      }
      return respond(UnprocessableResponse(errors));
    }
    AttachAndAnswer(backends, registration, request_id, caller,
                    std::move(*result.mutable_partnership()), respond);
  };
}

// §5.4: after a POST the provider's expression-of-interest training at the school that year
// joins the new partnership, and after a PUT the training on it shows the new delivery partner,
// before the answer. The partnership is written either way, so a failure here is logged and it
// is answered all the same (registration's background pass attaches waiting training later).
void AttachAndAnswer(Backends& backends, std::shared_ptr<RegistrationApiStub> registration,
                     const std::string& request_id, const ApiCaller& caller,
                     pv1::Partnership partnership, Responder respond) {
  registration::v1::AttachPartnershipRequest request;
  request.set_lead_provider_id(caller.lead_provider_id);
  request.set_cohort(partnership.cohort());
  request.set_school_urn(partnership.urn());
  request.set_partnership_id(partnership.id());
  request.set_delivery_partner_id(partnership.delivery_partner_id());
  backends.Call<registration::v1::AttachPartnershipResponse>(
      request_id, std::move(request),
      WithServerDate(caller.server_date,
                     [registration](auto* c, auto* q, auto* r, auto cb) {
                       registration->async()->AttachPartnership(c, q, r, cb);
                     }),
      [&backends, registration, caller, respond, partnership = std::move(partnership),
       request_id](const grpc::Status& status,
                   registration::v1::AttachPartnershipResponse&&) mutable {
        if (!status.ok()) {
          log::Warning("a written partnership's training not updated yet",
                       {{"request_id", request_id},
                        {"partnership_id", partnership.id()},
                        {"status", status.error_message()}});
        }
        DescribeAndAnswer(backends, registration, request_id, caller, {std::move(partnership)},
                          /*list=*/false, respond);
      });
}

void CreatePartnership(Backends& backends, std::shared_ptr<RegistrationApiStub> registration,
                       std::shared_ptr<const RequestContext> context, ApiCaller caller,
                       Responder respond) {
  PartnershipAttributes attributes;
  if (!ParsePartnershipBody(context->request.body(), &attributes)) {
    return respond(BadRequestResponse({"Bad request", kBodyShapeError}));
  }
  pv1::CreateApiPartnershipRequest request;
  request.set_lead_provider_id(caller.lead_provider_id);
  request.set_cohort(attributes.cohort);
  request.set_school_id(attributes.school_id);
  request.set_delivery_partner_id(attributes.delivery_partner_id);
  backends.Call<pv1::ApiPartnershipResult>(
      context->request_id, std::move(request),
      WithServerDate(caller.server_date,
                     [&backends](auto* c, auto* q, auto* r, auto cb) {
                       backends.partnerships().async()->CreateApiPartnership(c, q, r, cb);
                     }),
      AnswerWrite(backends, registration, context->request_id, caller, respond));
}

// The id is looked up (404) before the body is judged (400), as upstream does.
void UpdatePartnership(Backends& backends, std::shared_ptr<RegistrationApiStub> registration,
                       std::shared_ptr<const RequestContext> context,
                       ApiCaller caller, Responder respond) {
  const std::string& id = context->param("id");
  if (!IsUuid(id)) return respond(ResourceNotFoundResponse());
  PartnershipAttributes attributes;
  if (!ParsePartnershipBody(context->request.body(), &attributes)) {
    pv1::GetPartnershipRequest request;
    request.set_lead_provider_id(caller.lead_provider_id);
    request.set_id(id);
    return backends.Call<pv1::Partnership>(
        context->request_id, std::move(request),
        [&backends](auto* c, auto* q, auto* r, auto cb) {
          backends.partnerships().async()->GetPartnership(c, q, r, cb);
        },
        [respond](const grpc::Status& status, pv1::Partnership&&) {
          if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
            return respond(ResourceNotFoundResponse());
          }
          if (!status.ok()) {
            return respond(ErrorResponseFromGrpc(ErrorFormat::kJson, status, "partnerships"));
          }
          respond(BadRequestResponse({"Bad request", kBodyShapeError}));
        });
  }
  pv1::UpdateApiPartnershipRequest request;
  request.set_lead_provider_id(caller.lead_provider_id);
  request.set_id(id);
  request.set_delivery_partner_id(attributes.delivery_partner_id);
  backends.Call<pv1::ApiPartnershipResult>(
      context->request_id, std::move(request),
      WithServerDate(caller.server_date,
                     [&backends](auto* c, auto* q, auto* r, auto cb) {
                       backends.partnerships().async()->UpdateApiPartnership(c, q, r, cb);
                     }),
      AnswerWrite(backends, registration, context->request_id, caller, respond));
}

}  // namespace

boost::json::object PartnershipResource(const pv1::Partnership& partnership,
                                        const PartnershipTrainingFacts& facts) {
  boost::json::object attributes;
  attributes["cohort"] = absl::StrCat(partnership.cohort());
  attributes["urn"] = partnership.urn();
  attributes["school_id"] = partnership.school_id();
  attributes["delivery_partner_id"] = partnership.delivery_partner_id();
  attributes["delivery_partner_name"] = partnership.delivery_partner_name();
  attributes["status"] = partnership.challenged() ? "challenged" : "active";
  attributes["challenged_reason"] = StringOrNull(partnership.challenge_reason());
  if (partnership.has_challenged_at()) {
    attributes["challenged_at"] = FormatDateTime(TimeOf(partnership.challenged_at()));
  } else {
    attributes["challenged_at"] = nullptr;
  }
  if (!facts.induction_tutor_email.empty()) {
    attributes["induction_tutor_name"] = StringOrNull(facts.induction_tutor_name);
    attributes["induction_tutor_email"] = facts.induction_tutor_email;
  } else {
    attributes["induction_tutor_name"] = nullptr;
    attributes["induction_tutor_email"] = StringOrNull(partnership.school_email());
  }
  attributes["updated_at"] = FormatDateTime(TimeOf(partnership.updated_at()));
  attributes["created_at"] = FormatDateTime(TimeOf(partnership.created_at()));
  attributes["participants_currently_training"] = facts.participants_currently_training;
  return Resource(partnership.id(), "partnership", std::move(attributes));
}

absl::Status AddPartnershipRoutes(Router& router, Backends& backends,
                                  ApiAuthenticator& authenticator) {
  // Registration answers for the partnerships' training and the schools' induction tutors.
  std::shared_ptr<RegistrationApiStub> registration = NewRegistrationApiStub(backends);
  if (absl::Status status = router.Add(
          http::verb::get, "/api/v3/partnerships",
          authenticator.Protect([&backends, registration](auto context, ApiCaller caller,
                                                          Responder respond) {
            ListPartnerships(backends, registration, std::move(context), std::move(caller),
                             std::move(respond));
          }));
      !status.ok()) {
    return status;
  }
  if (absl::Status status = router.Add(
          http::verb::post, "/api/v3/partnerships",
          authenticator.Protect(
              [&backends, registration](auto context, ApiCaller caller, Responder respond) {
                CreatePartnership(backends, registration, std::move(context), std::move(caller),
                                  std::move(respond));
              }));
      !status.ok()) {
    return status;
  }
  if (absl::Status status = router.Add(
          http::verb::put, "/api/v3/partnerships/{id}",
          authenticator.Protect([&backends, registration](auto context, ApiCaller caller,
                                                          Responder respond) {
            UpdatePartnership(backends, registration, std::move(context), std::move(caller),
                              std::move(respond));
          }));
      !status.ok()) {
    return status;
  }
  return router.Add(
      http::verb::get, "/api/v3/partnerships/{id}",
      authenticator.Protect([&backends, registration](auto context, ApiCaller caller,
                                                      Responder respond) {
        GetPartnership(backends, registration, std::move(context), std::move(caller),
                       std::move(respond));
      }));
}

}  // namespace rect::gateway::api
