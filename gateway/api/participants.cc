#include "gateway/api/participants.h"

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

boost::json::object EnrolmentObject(const rv1::Enrolment& e, boost::json::storage_ptr storage) {
  const bool ect = e.participant_type() == "ect";
  boost::json::object o(std::move(storage));
  o.reserve(24);  // the keys below: no rehashing as they go in
  o["training_record_id"] = e.training_record_id();
  o["email"] = StringOrNull(e.email(), o.storage());
  o["mentor_id"] = ect ? StringOrNull(e.mentor_id(), o.storage()) : boost::json::value(nullptr);
  o["school_urn"] = e.school_urn();
  o["participant_type"] = e.participant_type();
  o["cohort"] = absl::StrCat(e.cohort());
  o["training_status"] = e.training_status();
  o["participant_status"] = e.participant_status();
  if (e.has_eligible_for_funding()) {
    o["eligible_for_funding"] = e.eligible_for_funding();
  } else {
    o["eligible_for_funding"] = nullptr;
  }
  o["pupil_premium_uplift"] = e.pupil_premium_uplift();
  o["sparsity_uplift"] = e.sparsity_uplift();
  o["schedule_identifier"] = e.schedule_identifier();
  o["delivery_partner_id"] = StringOrNull(e.delivery_partner_id(), o.storage());
  if (e.has_withdrawal()) {
    boost::json::object& withdrawal = o["withdrawal"].emplace_object();
    withdrawal["reason"] = e.withdrawal().reason();
    withdrawal["date"] = DateTimeOf(e.withdrawal().date());
  } else {
    o["withdrawal"] = nullptr;
  }
  if (e.has_deferral()) {
    boost::json::object& deferral = o["deferral"].emplace_object();
    deferral["reason"] = e.deferral().reason();
    deferral["date"] = DateTimeOf(e.deferral().date());
  } else {
    o["deferral"] = nullptr;
  }
  o["created_at"] = DateTimeOf(e.created_at());
  o["induction_end_date"] =
      ect ? DateOrNull(e.has_induction_end_date(), e.induction_end_date()) : nullptr;
  o["overall_induction_start_date"] =
      ect ? DateOrNull(e.has_overall_induction_start_date(), e.overall_induction_start_date())
          : nullptr;
  o["mentor_funding_end_date"] =
      ect ? nullptr : DateOrNull(e.has_mentor_funding_end_date(), e.mentor_funding_end_date());
  o["cohort_changed_after_payments_frozen"] = e.cohort_changed_after_payments_frozen();
  o["mentor_ineligible_for_funding_reason"] =
      ect ? boost::json::value(nullptr)
          : StringOrNull(e.mentor_ineligible_for_funding_reason(), o.storage());
  o["working_pattern"] =
      ect ? StringOrNull(e.working_pattern(), o.storage()) : boost::json::value(nullptr);
  return o;
}

void ListParticipants(Backends& backends, std::shared_ptr<RegistrationApiStub> stub,
                      std::shared_ptr<const RequestContext> context, ApiCaller caller,
                      Responder respond) {
  std::optional<ApiQuery> query;
  std::optional<absl::Time> updated_since;
  if (!ParseListQuery(*context, respond, &query, &updated_since)) return;
  const ListFilter<int> cohorts = query->YearsFilter("cohort");
  if (cohorts.matches_nothing) return respond(DataListResponse({}));
  rv1::ListParticipantsRequest request;
  request.set_lead_provider_id(caller.lead_provider_id);
  request.set_filter_cohorts(cohorts.present);
  for (int year : cohorts.values) request.add_cohorts(year);
  if (updated_since.has_value()) {
    request.mutable_updated_since()->set_seconds(absl::ToUnixSeconds(*updated_since));
  }
  // Any other value than the three statuses matches nobody (the service answers []).
  if (std::optional<std::string> status = query->filter("training_status"); status.has_value()) {
    request.set_training_status(*status);
  }
  if (std::optional<std::string> from = query->filter("from_participant_id");
      from.has_value() && !from->empty()) {
    request.set_from_participant_id(*from);
  }
  SetApiSort(*query, request.mutable_sort());
  SetApiPage(*query, request.mutable_page());
  backends.Call<rv1::ListParticipantsResponse>(
      context->request_id, std::move(request),
      WithServerDate(caller.server_date,
                     [stub](auto* c, auto* q, auto* r, auto cb) {
                       stub->async()->ListParticipants(c, q, r, cb);
                     }),
      AnswerRegistrationList<rv1::ListParticipantsResponse>(
          respond,
          [](const rv1::ListParticipantsResponse& r) -> const auto& { return r.participants(); },
          [](const rv1::Participant& p, boost::json::storage_ptr storage) {
            return ParticipantResource(p, std::move(storage));
          }));
}

void GetParticipant(Backends& backends, std::shared_ptr<RegistrationApiStub> stub,
                    std::shared_ptr<const RequestContext> context, ApiCaller caller,
                    Responder respond) {
  const std::string& id = context->param("id");
  if (!IsUuid(id)) return respond(ResourceNotFoundResponse());
  rv1::GetParticipantRequest request;
  request.set_lead_provider_id(caller.lead_provider_id);
  request.set_id(id);
  backends.Call<rv1::Participant>(
      context->request_id, std::move(request),
      WithServerDate(caller.server_date,
                     [stub](auto* c, auto* q, auto* r, auto cb) {
                       stub->async()->GetParticipant(c, q, r, cb);
                     }),
      AnswerRegistrationShow<rv1::Participant>(
          respond, [](const rv1::Participant& p) { return ParticipantResource(p); }));
}

using ActionRpc = void (RegistrationApiStub::async_interface::*)(
    grpc::ClientContext*, const rv1::ParticipantActionRequest*, rv1::ParticipantActionResult*,
    std::function<void(grpc::Status)>);

// PUT /participants/{id}/<action>: the body's shape (400) is checked before the id (404).
void ChangeParticipant(Backends& backends, std::shared_ptr<RegistrationApiStub> stub, ActionRpc rpc,
                       ActionBody kind, std::shared_ptr<const RequestContext> context,
                       ApiCaller caller, Responder respond) {
  rv1::ParticipantActionRequest request;
  if (!ParseParticipantActionBody(context->request.body(), kind, &request)) {
    return respond(BadRequestResponse({"Bad request", kBodyShapeError}));
  }
  const std::string& id = context->param("id");
  if (!IsUuid(id)) return respond(ResourceNotFoundResponse());
  request.set_lead_provider_id(caller.lead_provider_id);
  request.set_id(id);
  backends.Call<rv1::ParticipantActionResult>(
      context->request_id, std::move(request),
      WithServerDate(caller.server_date,
                     [stub, rpc](auto* c, auto* q, auto* r, auto cb) {
                       (stub->async()->*rpc)(c, q, r, std::move(cb));
                     }),
      [respond](const grpc::Status& status, rv1::ParticipantActionResult&& result) {
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
        respond(DataResponse(ParticipantResource(result.participant())));
      });
}

}  // namespace

boost::json::object ParticipantResource(const rv1::Participant& participant,
                                        boost::json::storage_ptr storage) {
  boost::json::object attributes(storage);
  attributes.reserve(6);
  attributes["full_name"] = participant.full_name();
  attributes["teacher_reference_number"] =
      StringOrNull(participant.teacher_reference_number(), storage);
  boost::json::array enrolments(storage);
  enrolments.reserve(static_cast<size_t>(participant.enrolments_size()));
  for (const rv1::Enrolment& e : participant.enrolments()) enrolments.push_back(EnrolmentObject(e, storage));
  attributes["ecf_enrolments"] = std::move(enrolments);
  attributes["participant_id_changes"] = boost::json::array();
  attributes["updated_at"] = DateTimeOf(participant.updated_at());
  return Resource(participant.id(), "participant", std::move(attributes));
}

absl::Status AddParticipantRoutes(Router& router, Backends& backends,
                                  ApiAuthenticator& authenticator) {
  std::shared_ptr<RegistrationApiStub> stub = NewRegistrationApiStub(backends);
  if (absl::Status status =
          router.Add(http::verb::get, "/api/v3/participants",
                     authenticator.Protect(
                         [&backends, stub](auto context, ApiCaller caller, Responder respond) {
                           ListParticipants(backends, stub, std::move(context), std::move(caller),
                                            std::move(respond));
                         }));
      !status.ok()) {
    return status;
  }
  if (absl::Status status =
          router.Add(http::verb::get, "/api/v3/participants/{id}",
                     authenticator.Protect(
                         [&backends, stub](auto context, ApiCaller caller, Responder respond) {
                           GetParticipant(backends, stub, std::move(context), std::move(caller),
                                          std::move(respond));
                         }));
      !status.ok()) {
    return status;
  }
  using Async = RegistrationApiStub::async_interface;
  const struct {
    const char* path;
    ActionRpc rpc;
    ActionBody kind;
  } actions[] = {
      {"/api/v3/participants/{id}/withdraw", &Async::WithdrawParticipant, ActionBody::kReason},
      {"/api/v3/participants/{id}/defer", &Async::DeferParticipant, ActionBody::kReason},
      {"/api/v3/participants/{id}/resume", &Async::ResumeParticipant, ActionBody::kCourseOnly},
      {"/api/v3/participants/{id}/change-schedule", &Async::ChangeParticipantSchedule,
       ActionBody::kSchedule},
  };
  for (const auto& action : actions) {
    const ActionRpc rpc = action.rpc;
    const ActionBody kind = action.kind;
    if (absl::Status status = router.Add(
            http::verb::put, action.path,
            authenticator.Protect([&backends, stub, rpc, kind](auto context, ApiCaller caller,
                                                               Responder respond) {
              ChangeParticipant(backends, stub, rpc, kind, std::move(context), std::move(caller),
                                std::move(respond));
            }));
        !status.ok()) {
      return status;
    }
  }
  return absl::OkStatus();
}

}  // namespace rect::gateway::api
