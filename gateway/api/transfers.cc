#include "gateway/api/transfers.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "gateway/api/jsonapi.h"
#include "gateway/api/participants_calls.h"
#include "gateway/api/query.h"
#include "gateway/api/server_date.h"
#include "protos/registration/v1/transfers.grpc.pb.h"
#include "services/common/tokens.h"

namespace rect::gateway::api {
namespace {

namespace http = boost::beast::http;
namespace rv1 = registration::v1;
using TransfersStub = rv1::TransfersService::Stub;

std::string DateText(const common::v1::Date& date) {
  return FormatDate(absl::CivilDay(date.year(), date.month(), date.day()));
}

// {school_urn, provider, date}; the provider is left out when the training is school-led (the
// contract has no null for it).
boost::json::object EndObject(const rv1::TransferEnd& end) {
  boost::json::object o;
  o["school_urn"] = end.school_urn();
  if (!end.provider().empty()) o["provider"] = end.provider();
  o["date"] = DateText(end.date());
  return o;
}

boost::json::object TransferObject(const rv1::Transfer& t) {
  boost::json::object o;
  o["training_record_id"] = t.training_record_id();
  o["transfer_type"] = t.transfer_type();
  o["status"] = t.status();
  o["leaving"] = EndObject(t.leaving());
  if (t.has_joining()) {
    o["joining"] = EndObject(t.joining());
  } else {
    o["joining"] = nullptr;
  }
  // The contract's format for a transfer's created_at is a date.
  o["created_at"] = FormatDate(absl::ToCivilDay(
      absl::FromUnixSeconds(t.created_at().seconds()), absl::UTCTimeZone()));
  return o;
}

void ListTransfers(Backends& backends, std::shared_ptr<TransfersStub> stub,
                   std::shared_ptr<const RequestContext> context, ApiCaller caller,
                   Responder respond) {
  std::optional<ApiQuery> query;
  std::optional<absl::Time> updated_since;
  if (!ParseListQuery(*context, respond, &query, &updated_since)) return;
  rv1::ListTransfersRequest request;
  request.set_lead_provider_id(caller.lead_provider_id);
  if (updated_since.has_value()) {
    request.mutable_updated_since()->set_seconds(absl::ToUnixSeconds(*updated_since));
  }
  SetApiSort(*query, request.mutable_sort());
  SetApiPage(*query, request.mutable_page());
  backends.Call<rv1::ListTransfersResponse>(
      context->request_id, std::move(request),
      WithServerDate(caller.server_date,
                     [stub](auto* c, auto* q, auto* r, auto cb) {
                       stub->async()->ListTransfers(c, q, r, cb);
                     }),
      AnswerRegistrationList<rv1::ListTransfersResponse>(
          respond,
          [](const rv1::ListTransfersResponse& r) -> const auto& { return r.participants(); },
          ParticipantTransfersResource));
}

void GetTransfers(Backends& backends, std::shared_ptr<TransfersStub> stub,
                  std::shared_ptr<const RequestContext> context, ApiCaller caller,
                  Responder respond) {
  const std::string& id = context->param("id");
  if (!IsUuid(id)) return respond(ResourceNotFoundResponse());
  rv1::GetTransfersRequest request;
  request.set_lead_provider_id(caller.lead_provider_id);
  request.set_id(id);
  backends.Call<rv1::ParticipantTransfers>(
      context->request_id, std::move(request),
      WithServerDate(caller.server_date,
                     [stub](auto* c, auto* q, auto* r, auto cb) {
                       stub->async()->GetTransfers(c, q, r, cb);
                     }),
      AnswerRegistrationShow<rv1::ParticipantTransfers>(respond, ParticipantTransfersResource));
}

}  // namespace

boost::json::object ParticipantTransfersResource(const rv1::ParticipantTransfers& participant) {
  boost::json::object attributes;
  boost::json::array transfers;
  for (const rv1::Transfer& t : participant.transfers()) transfers.push_back(TransferObject(t));
  attributes["transfers"] = std::move(transfers);
  attributes["updated_at"] = DateTimeOf(participant.updated_at());
  return Resource(participant.id(), "participant-transfer", std::move(attributes));
}

absl::Status AddTransferRoutes(Router& router, Backends& backends,
                               ApiAuthenticator& authenticator) {
  std::shared_ptr<TransfersStub> stub(
      backends.NewStub<rv1::TransfersService>(Backend::kRegistration));
  if (absl::Status status =
          router.Add(http::verb::get, "/api/v3/participants/transfers",
                     authenticator.Protect(
                         [&backends, stub](auto context, ApiCaller caller, Responder respond) {
                           ListTransfers(backends, stub, std::move(context), std::move(caller),
                                         std::move(respond));
                         }));
      !status.ok()) {
    return status;
  }
  return router.Add(
      http::verb::get, "/api/v3/participants/{id}/transfers",
      authenticator.Protect([&backends, stub](auto context, ApiCaller caller, Responder respond) {
        GetTransfers(backends, stub, std::move(context), std::move(caller), std::move(respond));
      }));
}

}  // namespace rect::gateway::api
