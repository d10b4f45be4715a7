#include "gateway/api/schools.h"

#include <grpcpp/support/status.h>

#include <algorithm>
#include <iterator>
#include <map>
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
#include "gateway/http/responses.h"
#include "services/common/tokens.h"

namespace rect::gateway::api {
namespace {

namespace http = boost::beast::http;
namespace pv1 = partnerships::v1;

// filter[cohort] as the year to ask for: a Bad parameter when missing or blank, nullopt when
// it can name no contract period (no leading integer, or out of range).
QueryResult<std::optional<int32_t>> RequiredCohort(const ApiQuery& query) {
  const std::optional<int64_t> cohort = query.IntegerFilter("cohort");
  if (!cohort.has_value()) return QueryError{"Bad parameter", kCohortRequiredError};
  if (*cohort < 1 || *cohort > std::numeric_limits<int32_t>::max()) {
    return std::optional<int32_t>();
  }
  return std::optional<int32_t>(static_cast<int32_t>(*cohort));
}

// The list request for `query` as `caller` sees it.
pv1::ListApiSchoolsRequest ListRequest(const ApiCaller& caller, const ApiQuery& query,
                                       int32_t cohort, const std::optional<int64_t>& urn,
                                       const std::optional<absl::Time>& updated_since) {
  pv1::ListApiSchoolsRequest request;
  request.set_lead_provider_id(caller.lead_provider_id);
  request.set_cohort(cohort);
  if (urn.has_value()) request.set_urn(absl::StrCat(*urn));
  if (updated_since.has_value()) {
    request.mutable_updated_since()->set_seconds(absl::ToUnixSeconds(*updated_since));
  }
  SetSortAndPage(query, request);
  return request;
}

// Asks registration what it knows of `schools` in `cohort` and answers them as a list, or the
// first alone.
void DescribeAndAnswer(Backends& backends, std::shared_ptr<RegistrationApiStub> registration,
                       const std::string& request_id, const ApiCaller& caller, int32_t cohort,
                       std::vector<pv1::ApiSchool> schools, bool list, Responder respond) {
  if (schools.empty()) return respond(DataListResponse({}));
  registration::v1::DescribeSchoolsRequest request;
  request.set_lead_provider_id(caller.lead_provider_id);
  request.set_cohort(cohort);
  for (const pv1::ApiSchool& school : schools) request.add_school_urns(school.urn());
  backends.Call<registration::v1::DescribeSchoolsResponse>(
      request_id, std::move(request),
      [registration](auto* c, auto* q, auto* r, auto cb) {
        registration->async()->DescribeSchools(c, q, r, cb);
      },
      [respond, list, schools = std::move(schools)](
          const grpc::Status& status, registration::v1::DescribeSchoolsResponse&& facts) {
        if (!status.ok()) {
          return respond(ErrorResponseFromGrpc(ErrorFormat::kJson, status, "registration"));
        }
        std::map<std::string, const registration::v1::SchoolRegistrations*> by_urn;
        for (const auto& school : facts.schools()) by_urn[school.school_urn()] = &school;
        std::vector<boost::json::object> resources;
        for (const pv1::ApiSchool& school : schools) {
          SchoolRegistrationFacts known;
          if (auto it = by_urn.find(school.urn()); it != by_urn.end()) {
            known.registered_with_provider = it->second->registered_with_provider();
            known.induction_tutor_name = it->second->induction_tutor_name();
            known.induction_tutor_email = it->second->induction_tutor_email();
          }
          resources.push_back(SchoolResource(school, known));
        }
        if (!list) return respond(DataResponse(std::move(resources.front())));
        respond(DataListResponse(std::move(resources)));
      });
}

void ListSchools(Backends& backends, std::shared_ptr<RegistrationApiStub> registration,
                 std::shared_ptr<const RequestContext> context, ApiCaller caller,
                 Responder respond) {
  QueryResult<ApiQuery> parsed = ApiQuery::Parse(context->target);
  if (const QueryError* error = std::get_if<QueryError>(&parsed)) {
    return respond(BadRequestResponse(*error));
  }
  const ApiQuery& query = std::get<ApiQuery>(parsed);
  QueryResult<std::optional<int32_t>> cohort = RequiredCohort(query);
  if (const QueryError* error = std::get_if<QueryError>(&cohort)) {
    return respond(BadRequestResponse(*error));
  }
  QueryResult<std::optional<absl::Time>> updated_since = query.UpdatedSince();
  if (const QueryError* error = std::get_if<QueryError>(&updated_since)) {
    return respond(BadRequestResponse(*error));
  }
  const std::optional<int32_t> year = std::get<std::optional<int32_t>>(cohort);
  // A single integer: "abc" (-1) or 0 can match no URN.
  const std::optional<int64_t> urn = query.IntegerFilter("urn");
  if (!year.has_value() || (urn.has_value() && *urn < 1)) return respond(DataListResponse({}));
  backends.Call<pv1::ListApiSchoolsResponse>(
      context->request_id,
      ListRequest(caller, query, *year, urn, std::get<std::optional<absl::Time>>(updated_since)),
      [&backends](auto* c, auto* q, auto* r, auto cb) {
        backends.partnerships().async()->ListApiSchools(c, q, r, cb);
      },
      [&backends, registration, caller, year = *year, request_id = context->request_id,
       respond](const grpc::Status& status, pv1::ListApiSchoolsResponse&& response) {
        if (!status.ok()) {
          return respond(ErrorResponseFromGrpc(ErrorFormat::kJson, status, "partnerships"));
        }
        std::vector<pv1::ApiSchool> schools(
            std::make_move_iterator(response.mutable_schools()->begin()),
            std::make_move_iterator(response.mutable_schools()->end()));
        DescribeAndAnswer(backends, registration, request_id, caller, year, std::move(schools),
                          /*list=*/true, respond);
      });
}

void GetSchool(Backends& backends, std::shared_ptr<RegistrationApiStub> registration,
               std::shared_ptr<const RequestContext> context, ApiCaller caller,
               Responder respond) {
  // Show reads filter[cohort] too (§5.5), so its 400s come before the 404.
  QueryResult<ApiQuery> parsed = ApiQuery::Parse(context->target);
  if (const QueryError* error = std::get_if<QueryError>(&parsed)) {
    return respond(BadRequestResponse(*error));
  }
  QueryResult<std::optional<int32_t>> cohort = RequiredCohort(std::get<ApiQuery>(parsed));
  if (const QueryError* error = std::get_if<QueryError>(&cohort)) {
    return respond(BadRequestResponse(*error));
  }
  const std::optional<int32_t> year = std::get<std::optional<int32_t>>(cohort);
  const std::string& id = context->param("id");
  if (!IsUuid(id) || !year.has_value()) return respond(ResourceNotFoundResponse());
  pv1::GetApiSchoolRequest request;
  request.set_lead_provider_id(caller.lead_provider_id);
  request.set_cohort(*year);
  request.set_id(id);
  backends.Call<pv1::ApiSchool>(
      context->request_id, std::move(request),
      [&backends](auto* c, auto* q, auto* r, auto cb) {
        backends.partnerships().async()->GetApiSchool(c, q, r, cb);
      },
      [&backends, registration, caller, year = *year, request_id = context->request_id,
       respond](const grpc::Status& status, pv1::ApiSchool&& school) {
        if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
          return respond(ResourceNotFoundResponse());
        }
        if (!status.ok()) {
          return respond(ErrorResponseFromGrpc(ErrorFormat::kJson, status, "partnerships"));
        }
        DescribeAndAnswer(backends, registration, request_id, caller, year, {std::move(school)},
                          /*list=*/false, respond);
      });
}

const char* ChoiceName(pv1::ApiSchool::ProgrammeChoice choice) {
  switch (choice) {
    case pv1::ApiSchool::PROVIDER_LED:
      return "provider_led";
    case pv1::ApiSchool::SCHOOL_LED:
      return "school_led";
    default:
      return "not_yet_known";
  }
}

}  // namespace

boost::json::object SchoolResource(const pv1::ApiSchool& school,
                                   const SchoolRegistrationFacts& facts) {
  boost::json::object attributes;
  attributes["name"] = school.name();
  attributes["urn"] = school.urn();
  attributes["cohort"] = absl::StrCat(school.cohort());
  attributes["in_partnership"] = school.in_partnership();
  attributes["induction_programme_choice"] = ChoiceName(school.induction_programme_choice());
  const bool interest = school.expression_of_interest() || facts.registered_with_provider;
  attributes["expression_of_interest"] = interest;
  if (!interest) {
    attributes["induction_tutor_name"] = nullptr;
    attributes["induction_tutor_email"] = nullptr;
  } else if (!facts.induction_tutor_email.empty()) {
    attributes["induction_tutor_name"] = StringOrNull(facts.induction_tutor_name);
    attributes["induction_tutor_email"] = facts.induction_tutor_email;
  } else {
    attributes["induction_tutor_name"] = nullptr;
    attributes["induction_tutor_email"] = StringOrNull(school.school_email());
  }
  attributes["created_at"] = FormatDateTime(TimeOf(school.created_at()));
  attributes["updated_at"] = FormatDateTime(TimeOf(school.updated_at()));
  return Resource(school.id(), "school", std::move(attributes));
}

absl::Status AddSchoolRoutes(Router& router, Backends& backends, ApiAuthenticator& authenticator) {
  // Registration answers for who is registered at the schools and their induction tutors.
  std::shared_ptr<RegistrationApiStub> registration = NewRegistrationApiStub(backends);
  if (absl::Status status = router.Add(
          http::verb::get, "/api/v3/schools",
          authenticator.Protect([&backends, registration](auto context, ApiCaller caller,
                                                          Responder respond) {
            ListSchools(backends, registration, std::move(context), std::move(caller),
                        std::move(respond));
          }));
      !status.ok()) {
    return status;
  }
  return router.Add(
      http::verb::get, "/api/v3/schools/{id}",
      authenticator.Protect(
          [&backends, registration](auto context, ApiCaller caller, Responder respond) {
            GetSchool(backends, registration, std::move(context), std::move(caller),
                      std::move(respond));
          }));
}

}  // namespace rect::gateway::api
