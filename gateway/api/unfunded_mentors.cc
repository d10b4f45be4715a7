#include "gateway/api/unfunded_mentors.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "gateway/api/jsonapi.h"
#include "gateway/api/participants_calls.h"
#include "gateway/api/query.h"
#include "gateway/api/server_date.h"
#include "services/common/tokens.h"

namespace rect::gateway::api {
namespace {

namespace http = boost::beast::http;
namespace rv1 = registration::v1;

void ListUnfundedMentors(Backends& backends, std::shared_ptr<RegistrationApiStub> stub,
                         std::shared_ptr<const RequestContext> context, ApiCaller caller,
                         Responder respond) {
  std::optional<ApiQuery> query;
  std::optional<absl::Time> updated_since;
  if (!ParseListQuery(*context, respond, &query, &updated_since)) return;
  rv1::ListUnfundedMentorsRequest request;
  request.set_lead_provider_id(caller.lead_provider_id);
  if (updated_since.has_value()) {
    request.mutable_updated_since()->set_seconds(absl::ToUnixSeconds(*updated_since));
  }
  SetApiSort(*query, request.mutable_sort());
  SetApiPage(*query, request.mutable_page());
  backends.Call<rv1::ListUnfundedMentorsResponse>(
      context->request_id, std::move(request),
      WithServerDate(caller.server_date,
                     [stub](auto* c, auto* q, auto* r, auto cb) {
                       stub->async()->ListUnfundedMentors(c, q, r, cb);
                     }),
      AnswerRegistrationList<rv1::ListUnfundedMentorsResponse>(
          respond, [](const rv1::ListUnfundedMentorsResponse& r) -> const auto& {
            return r.unfunded_mentors();
          },
          UnfundedMentorResource));
}

void GetUnfundedMentor(Backends& backends, std::shared_ptr<RegistrationApiStub> stub,
                       std::shared_ptr<const RequestContext> context, ApiCaller caller,
                       Responder respond) {
  const std::string& id = context->param("id");
  if (!IsUuid(id)) return respond(ResourceNotFoundResponse());
  rv1::GetUnfundedMentorRequest request;
  request.set_lead_provider_id(caller.lead_provider_id);
  request.set_id(id);
  backends.Call<rv1::UnfundedMentor>(
      context->request_id, std::move(request),
      WithServerDate(caller.server_date,
                     [stub](auto* c, auto* q, auto* r, auto cb) {
                       stub->async()->GetUnfundedMentor(c, q, r, cb);
                     }),
      AnswerRegistrationShow<rv1::UnfundedMentor>(respond, UnfundedMentorResource));
}

}  // namespace

boost::json::object UnfundedMentorResource(const rv1::UnfundedMentor& mentor) {
  boost::json::object attributes;
  attributes["full_name"] = mentor.full_name();
  attributes["email"] = StringOrNull(mentor.email());
  attributes["teacher_reference_number"] = StringOrNull(mentor.teacher_reference_number());
  attributes["created_at"] = DateTimeOf(mentor.created_at());
  attributes["updated_at"] = DateTimeOf(mentor.updated_at());
  return Resource(mentor.id(), "unfunded-mentor", std::move(attributes));
}

absl::Status AddUnfundedMentorRoutes(Router& router, Backends& backends,
                                     ApiAuthenticator& authenticator) {
  std::shared_ptr<RegistrationApiStub> stub = NewRegistrationApiStub(backends);
  if (absl::Status status =
          router.Add(http::verb::get, "/api/v3/unfunded-mentors",
                     authenticator.Protect(
                         [&backends, stub](auto context, ApiCaller caller, Responder respond) {
                           ListUnfundedMentors(backends, stub, std::move(context),
                                               std::move(caller), std::move(respond));
                         }));
      !status.ok()) {
    return status;
  }
  return router.Add(
      http::verb::get, "/api/v3/unfunded-mentors/{id}",
      authenticator.Protect([&backends, stub](auto context, ApiCaller caller, Responder respond) {
        GetUnfundedMentor(backends, stub, std::move(context), std::move(caller),
                          std::move(respond));
      }));
}

}  // namespace rect::gateway::api
