#include "services/registration/api/service.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "services/common/status.h"
#include "services/common/tokens.h"

namespace rect::registration::api {
namespace {

constexpr int64_t kDefaultPerPage = 100;
constexpr int64_t kMaxPerPage = 3000;

grpc::Status InvalidArgument(const std::string& message) {
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, message);
}

grpc::Status NotFound() { return grpc::Status(grpc::StatusCode::NOT_FOUND, "not found"); }

grpc::Status PageOf(const common::v1::PageRequest& request, Page* page) {
  const int64_t number = request.page() == 0 ? 1 : request.page();
  int64_t per_page = request.per_page() == 0 ? kDefaultPerPage : request.per_page();
  if (number < 1 || per_page < 1) return InvalidArgument("page and per_page must be positive");
  per_page = std::min(per_page, kMaxPerPage);
  page->limit = per_page;
  page->offset = (number - 1) * per_page;
  return grpc::Status::OK;
}

template <typename Repeated>
std::optional<std::vector<int>> Years(bool present, const Repeated& years) {
  if (!present) return std::nullopt;
  return std::vector<int>(years.begin(), years.end());
}

// Ids that are not UUIDs can match nothing, so they are dropped here.
template <typename Repeated>
std::optional<std::vector<std::string>> Uuids(bool present, const Repeated& ids) {
  if (!present) return std::nullopt;
  std::vector<std::string> uuids;
  for (const std::string& id : ids) {
    if (IsUuid(id)) uuids.push_back(absl::AsciiStrToLower(id));
  }
  return uuids;
}

std::optional<absl::Time> Since(bool present, const common::v1::Timestamp& timestamp) {
  if (!present) return std::nullopt;
  return absl::FromUnixSeconds(timestamp.seconds());
}

void CopyErrors(const std::vector<FieldError>& errors, v1::DeclarationResult* response) {
  for (const FieldError& error : errors) {
    v1::ApiFieldError* out = response->add_errors();
    out->set_attribute(error.attribute);
    out->set_message(error.message);
  }
}

}  // namespace

absl::Time LeadProviderApiServiceImpl::Now(const grpc::ServerContext& context) const {
  const auto& metadata = context.client_metadata();
  auto found = metadata.find(kServerDateMetadata);
  if (found != metadata.end()) {
    const std::string value(found->second.data(), found->second.size());
    absl::Time time;
    std::string error;
    if (absl::ParseTime(absl::RFC3339_full, value, &time, &error)) {
      return absl::FromUnixSeconds(absl::ToUnixSeconds(time));  // whole seconds
    }
  }
  return now_();
}

grpc::Status LeadProviderApiServiceImpl::ListParticipants(
    grpc::ServerContext* context, const v1::ListParticipantsRequest* request,
    v1::ListParticipantsResponse* response) {
  if (!IsUuid(request->lead_provider_id()))
    return InvalidArgument("lead_provider_id must be a UUID");
  ParticipantQuery query;
  if (grpc::Status status = PageOf(request->page(), &query.page); !status.ok()) return status;
  query.lead_provider_id = request->lead_provider_id();
  query.cohorts = Years(request->filter_cohorts(), request->cohorts());
  query.updated_since = Since(request->has_updated_since(), request->updated_since());
  const std::string& status = request->training_status();
  if (!status.empty() && status != "active" && status != "deferred" && status != "withdrawn") {
    return grpc::Status::OK;  // an unknown status matches nobody
  }
  // Merged records are the only source of participant id changes, and none are recorded, so
  // a from_participant_id filter matches nobody.
  if (!request->from_participant_id().empty()) return grpc::Status::OK;
  query.training_status = status;
  for (const v1::ApiSortTerm& term : request->sort()) {
    query.sort.push_back({term.key() == v1::ApiSortTerm::UPDATED_AT, term.descending()});
  }
  absl::StatusOr<std::vector<v1::Participant>> participants =
      store_.ListParticipants(query, Now(*context));
  if (!participants.ok()) return ToGrpcStatus(participants.status());
  for (v1::Participant& p : *participants) *response->add_participants() = std::move(p);
  return grpc::Status::OK;
}

grpc::Status LeadProviderApiServiceImpl::GetParticipant(grpc::ServerContext* context,
                                                        const v1::GetParticipantRequest* request,
                                                        v1::Participant* response) {
  if (!IsUuid(request->lead_provider_id()))
    return InvalidArgument("lead_provider_id must be a UUID");
  if (!IsUuid(request->id())) return NotFound();
  absl::StatusOr<v1::Participant> participant = store_.GetParticipant(
      request->lead_provider_id(), absl::AsciiStrToLower(request->id()), Now(*context));
  if (!participant.ok()) return ToGrpcStatus(participant.status());
  *response = std::move(*participant);
  return grpc::Status::OK;
}

grpc::Status LeadProviderApiServiceImpl::ListDeclarations(
    grpc::ServerContext*, const v1::ListDeclarationsRequest* request,
    v1::ListDeclarationsResponse* response) {
  if (!IsUuid(request->lead_provider_id()))
    return InvalidArgument("lead_provider_id must be a UUID");
  DeclarationQuery query;
  if (grpc::Status status = PageOf(request->page(), &query.page); !status.ok()) return status;
  query.lead_provider_id = request->lead_provider_id();
  query.cohorts = Years(request->filter_cohorts(), request->cohorts());
  query.participant_ids = Uuids(request->filter_participant_ids(), request->participant_ids());
  query.delivery_partner_ids =
      Uuids(request->filter_delivery_partner_ids(), request->delivery_partner_ids());
  query.updated_since = Since(request->has_updated_since(), request->updated_since());
  absl::StatusOr<std::vector<v1::Declaration>> declarations = store_.ListDeclarations(query);
  if (!declarations.ok()) return ToGrpcStatus(declarations.status());
  for (v1::Declaration& d : *declarations) *response->add_declarations() = std::move(d);
  return grpc::Status::OK;
}

grpc::Status LeadProviderApiServiceImpl::GetDeclaration(grpc::ServerContext*,
                                                        const v1::GetDeclarationRequest* request,
                                                        v1::Declaration* response) {
  if (!IsUuid(request->lead_provider_id()))
    return InvalidArgument("lead_provider_id must be a UUID");
  if (!IsUuid(request->id())) return NotFound();
  absl::StatusOr<v1::Declaration> declaration =
      store_.GetDeclaration(request->lead_provider_id(), absl::AsciiStrToLower(request->id()));
  if (!declaration.ok()) return ToGrpcStatus(declaration.status());
  *response = std::move(*declaration);
  return grpc::Status::OK;
}

grpc::Status LeadProviderApiServiceImpl::CreateDeclaration(
    grpc::ServerContext* context, const v1::CreateDeclarationRequest* request,
    v1::DeclarationResult* response) {
  if (!IsUuid(request->lead_provider_id()))
    return InvalidArgument("lead_provider_id must be a UUID");
  DeclarationAttributes attributes{request->participant_id(), request->course_identifier(),
                                   request->declaration_type(), request->declaration_date(),
                                   request->evidence_held()};
  absl::StatusOr<DeclarationWrite> write =
      store_.CreateDeclaration(request->lead_provider_id(), attributes, Now(*context));
  if (!write.ok()) return ToGrpcStatus(write.status());
  if (metrics_ != nullptr) {
    metrics_->Record("create", request->declaration_type(), write->errors.empty());
  }
  CopyErrors(write->errors, response);
  if (write->errors.empty()) *response->mutable_declaration() = std::move(write->declaration);
  return grpc::Status::OK;
}

grpc::Status LeadProviderApiServiceImpl::VoidDeclaration(grpc::ServerContext* context,
                                                         const v1::VoidDeclarationRequest* request,
                                                         v1::DeclarationResult* response) {
  if (!IsUuid(request->lead_provider_id()))
    return InvalidArgument("lead_provider_id must be a UUID");
  if (!IsUuid(request->id())) return NotFound();
  absl::StatusOr<DeclarationWrite> write = store_.VoidDeclaration(
      request->lead_provider_id(), absl::AsciiStrToLower(request->id()), Now(*context));
  if (!write.ok()) return ToGrpcStatus(write.status());
  if (metrics_ != nullptr) {
    metrics_->Record("void", write->declaration.declaration_type(), write->errors.empty());
  }
  CopyErrors(write->errors, response);
  if (write->errors.empty()) *response->mutable_declaration() = std::move(write->declaration);
  return grpc::Status::OK;
}

grpc::Status LeadProviderApiServiceImpl::ListStatements(grpc::ServerContext*,
                                                        const v1::ListStatementsRequest* request,
                                                        v1::ListStatementsResponse* response) {
  if (!IsUuid(request->lead_provider_id()))
    return InvalidArgument("lead_provider_id must be a UUID");
  StatementQuery query;
  if (grpc::Status status = PageOf(request->page(), &query.page); !status.ok()) return status;
  query.lead_provider_id = request->lead_provider_id();
  query.cohorts = Years(request->filter_cohorts(), request->cohorts());
  query.updated_since = Since(request->has_updated_since(), request->updated_since());
  absl::StatusOr<std::vector<v1::Statement>> statements = store_.ListStatements(query);
  if (!statements.ok()) return ToGrpcStatus(statements.status());
  for (v1::Statement& s : *statements) *response->add_statements() = std::move(s);
  return grpc::Status::OK;
}

grpc::Status LeadProviderApiServiceImpl::GetStatement(grpc::ServerContext*,
                                                      const v1::GetStatementRequest* request,
                                                      v1::Statement* response) {
  if (!IsUuid(request->lead_provider_id()))
    return InvalidArgument("lead_provider_id must be a UUID");
  if (!IsUuid(request->id())) return NotFound();
  absl::StatusOr<v1::Statement> statement =
      store_.GetStatement(request->lead_provider_id(), absl::AsciiStrToLower(request->id()));
  if (!statement.ok()) return ToGrpcStatus(statement.status());
  *response = std::move(*statement);
  return grpc::Status::OK;
}

grpc::Status LeadProviderApiServiceImpl::ListUnfundedMentors(
    grpc::ServerContext* context, const v1::ListUnfundedMentorsRequest* request,
    v1::ListUnfundedMentorsResponse* response) {
  if (!IsUuid(request->lead_provider_id())) {
    return InvalidArgument("lead_provider_id must be a UUID");
  }
  UnfundedMentorQuery query;
  if (grpc::Status status = PageOf(request->page(), &query.page); !status.ok()) return status;
  query.lead_provider_id = request->lead_provider_id();
  query.updated_since = Since(request->has_updated_since(), request->updated_since());
  for (const v1::ApiSortTerm& term : request->sort()) {
    query.sort.push_back({term.key() == v1::ApiSortTerm::UPDATED_AT, term.descending()});
  }
  absl::StatusOr<std::vector<v1::UnfundedMentor>> mentors =
      store_.ListUnfundedMentors(query, Now(*context));
  if (!mentors.ok()) return ToGrpcStatus(mentors.status());
  for (v1::UnfundedMentor& m : *mentors) *response->add_unfunded_mentors() = std::move(m);
  return grpc::Status::OK;
}

grpc::Status LeadProviderApiServiceImpl::GetUnfundedMentor(
    grpc::ServerContext* context, const v1::GetUnfundedMentorRequest* request,
    v1::UnfundedMentor* response) {
  if (!IsUuid(request->lead_provider_id())) {
    return InvalidArgument("lead_provider_id must be a UUID");
  }
  if (!IsUuid(request->id())) return NotFound();
  absl::StatusOr<v1::UnfundedMentor> mentor = store_.GetUnfundedMentor(
      request->lead_provider_id(), absl::AsciiStrToLower(request->id()), Now(*context));
  if (!mentor.ok()) return ToGrpcStatus(mentor.status());
  *response = std::move(*mentor);
  return grpc::Status::OK;
}

grpc::Status LeadProviderApiServiceImpl::ChangeParticipant(
    grpc::ServerContext* context, ParticipantAction action,
    const v1::ParticipantActionRequest* request, v1::ParticipantActionResult* response) {
  if (!IsUuid(request->lead_provider_id())) {
    return InvalidArgument("lead_provider_id must be a UUID");
  }
  if (!IsUuid(request->id())) return NotFound();
  absl::StatusOr<ParticipantWrite> write = store_.ChangeParticipant(
      request->lead_provider_id(), absl::AsciiStrToLower(request->id()), action,
      ActionAttributes{request->course_identifier(), request->reason()}, Now(*context));
  if (!write.ok()) return ToGrpcStatus(write.status());
  for (const FieldError& error : write->errors) {
    v1::ApiFieldError* out = response->add_errors();
    out->set_attribute(error.attribute);
    out->set_message(error.message);
  }
  if (write->errors.empty()) *response->mutable_participant() = std::move(write->participant);
  return grpc::Status::OK;
}

grpc::Status LeadProviderApiServiceImpl::WithdrawParticipant(
    grpc::ServerContext* context, const v1::ParticipantActionRequest* request,
    v1::ParticipantActionResult* response) {
  return ChangeParticipant(context, ParticipantAction::kWithdraw, request, response);
}

grpc::Status LeadProviderApiServiceImpl::DeferParticipant(
    grpc::ServerContext* context, const v1::ParticipantActionRequest* request,
    v1::ParticipantActionResult* response) {
  return ChangeParticipant(context, ParticipantAction::kDefer, request, response);
}

grpc::Status LeadProviderApiServiceImpl::ResumeParticipant(
    grpc::ServerContext* context, const v1::ParticipantActionRequest* request,
    v1::ParticipantActionResult* response) {
  return ChangeParticipant(context, ParticipantAction::kResume, request, response);
}

grpc::Status LeadProviderApiServiceImpl::ChangeParticipantSchedule(
    grpc::ServerContext* context, const v1::ParticipantActionRequest* request,
    v1::ParticipantActionResult* response) {
  if (!IsUuid(request->lead_provider_id())) {
    return InvalidArgument("lead_provider_id must be a UUID");
  }
  if (!IsUuid(request->id())) return NotFound();
  absl::StatusOr<ParticipantWrite> write = store_.ChangeSchedule(
      request->lead_provider_id(), absl::AsciiStrToLower(request->id()),
      ScheduleChangeAttributes{request->course_identifier(), request->schedule_identifier(),
                               request->cohort()},
      partnerships_, Now(*context));
  if (!write.ok()) return ToGrpcStatus(write.status());
  for (const FieldError& error : write->errors) {
    v1::ApiFieldError* out = response->add_errors();
    out->set_attribute(error.attribute);
    out->set_message(error.message);
  }
  if (write->errors.empty()) *response->mutable_participant() = std::move(write->participant);
  return grpc::Status::OK;
}

grpc::Status LeadProviderApiServiceImpl::AttachPartnership(
    grpc::ServerContext* context, const v1::AttachPartnershipRequest* request,
    v1::AttachPartnershipResponse* response) {
  if (!IsUuid(request->lead_provider_id()) || !IsUuid(request->partnership_id()) ||
      (!request->delivery_partner_id().empty() && !IsUuid(request->delivery_partner_id()))) {
    return InvalidArgument("lead_provider_id, partnership_id and delivery_partner_id must be UUIDs");
  }
  if (!IsUrn(request->school_urn())) return InvalidArgument("school_urn must be a URN");
  if (request->cohort() < 2020 || request->cohort() > 2100) {
    return InvalidArgument("cohort must be a contract period year");
  }
  if (attachment_ == nullptr) {
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "attaching partnerships is not configured");
  }
  absl::StatusOr<int> attached = attachment_->Attach(
      request->lead_provider_id(), request->cohort(),
      {YearPartnership{absl::AsciiStrToLower(request->partnership_id()), request->school_urn(),
                       absl::AsciiStrToLower(request->delivery_partner_id())}},
      Now(*context));
  if (!attached.ok()) return ToGrpcStatus(attached.status());
  response->set_training_periods(*attached);
  return grpc::Status::OK;
}

grpc::Status LeadProviderApiServiceImpl::DescribePartnerships(
    grpc::ServerContext* context, const v1::DescribePartnershipsRequest* request,
    v1::DescribePartnershipsResponse* response) {
  constexpr int kMaxItems = 3000;
  if (!IsUuid(request->lead_provider_id())) {
    return InvalidArgument("lead_provider_id must be a UUID");
  }
  if (request->partnership_ids_size() > kMaxItems || request->school_urns_size() > kMaxItems) {
    return InvalidArgument("at most 3000 partnerships and schools at a time");
  }
  std::vector<std::string> ids;
  for (const std::string& id : request->partnership_ids()) {
    if (!IsUuid(id)) return InvalidArgument("partnership ids must be UUIDs");
    ids.push_back(absl::AsciiStrToLower(id));
  }
  std::vector<std::string> urns;
  for (const std::string& urn : request->school_urns()) {
    if (!IsUrn(urn)) return InvalidArgument("school_urns must be URNs");
    urns.push_back(urn);
  }
  absl::StatusOr<v1::DescribePartnershipsResponse> described =
      store_.DescribePartnerships(request->lead_provider_id(), ids, urns, Now(*context));
  if (!described.ok()) return ToGrpcStatus(described.status());
  *response = std::move(*described);
  return grpc::Status::OK;
}

grpc::Status LeadProviderApiServiceImpl::DescribeSchools(grpc::ServerContext*,
                                                         const v1::DescribeSchoolsRequest* request,
                                                         v1::DescribeSchoolsResponse* response) {
  if (!IsUuid(request->lead_provider_id())) {
    return InvalidArgument("lead_provider_id must be a UUID");
  }
  if (request->school_urns_size() > 3000) return InvalidArgument("at most 3000 schools at a time");
  std::vector<std::string> urns;
  for (const std::string& urn : request->school_urns()) {
    if (!IsUrn(urn)) return InvalidArgument("school_urns must be URNs");
    urns.push_back(urn);
  }
  absl::StatusOr<v1::DescribeSchoolsResponse> described =
      store_.DescribeSchools(request->lead_provider_id(), request->cohort(), urns);
  if (!described.ok()) return ToGrpcStatus(described.status());
  *response = std::move(*described);
  return grpc::Status::OK;
}

}  // namespace rect::registration::api
