// gRPC handlers of "Confirm your schools", challenges and "Check your schools"
// (partnerships.md §4–§7); the rules are in confirm_schools.h, the SQL in confirm_store.h.
#include <malloc.h>

#include <algorithm>
#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/common/log.h"
#include "services/common/status.h"
#include "services/common/tokens.h"
#include "services/partnerships/confirm_schools.h"
#include "services/partnerships/service.h"

namespace rect::partnerships {
namespace {

grpc::Status Invalid(const std::string& message) {
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, message);
}

grpc::Status NotConfigured() {
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "confirm your schools is not configured");
}

void ToProto(const UploadRecord& upload, v1::CsvUpload* out) {
  out->set_id(upload.id);
  out->set_lead_provider_id(upload.lead_provider_id);
  out->set_delivery_partner_id(upload.delivery_partner_id);
  out->set_delivery_partner_name(upload.delivery_partner_name);
  out->set_cohort(upload.cohort);
  for (const CheckedRow& row : upload.rows) {
    v1::UploadRow* r = out->add_rows();
    r->set_row(row.uploaded.line);
    r->set_your_data(row.uploaded.your_data);
    r->set_urn(row.uploaded.urn);
    r->set_school_id(row.school_id);
    r->set_school_name(row.school_name);
    if (row.error) r->set_error(std::string(UrnErrorMessage(*row.error)));
  }
  out->set_rows_with_errors(upload.rows_with_errors);
  for (const UploadSchoolRecord& school : upload.valid_schools) {
    v1::UploadSchool* s = out->add_valid_schools();
    s->set_school_id(school.school_id);
    s->set_urn(school.urn);
    s->set_name(school.name);
    s->set_local_authority_name(school.local_authority_name);
  }
  out->set_confirmed(upload.confirmed);
  out->mutable_created_at()->set_seconds(absl::ToUnixSeconds(upload.created_at));
}

void ToProto(const ChallengeRecord& record, v1::Challenge::State state, v1::Challenge* out) {
  out->set_state(state);
  out->set_partnership_id(record.partnership_id);
  out->set_school_name(record.school_name);
  out->set_school_urn(record.school_urn);
  out->set_delivery_partner_name(record.delivery_partner_name);
  out->set_lead_provider_name(record.lead_provider_name);
  out->set_cohort(record.cohort);
  out->set_challenge_reason(record.challenge_reason);
}

v1::Challenge::State StateOf(const ChallengeRecord& record, absl::Time now) {
  ChallengeFacts facts;
  facts.found = true;
  facts.challenged = !record.challenge_reason.empty();
  facts.deadline = record.deadline;
  switch (ClassifyChallengeLink(facts, now)) {
    case ChallengeLinkState::kAlreadyChallenged:
      return v1::Challenge::ALREADY_CHALLENGED;
    case ChallengeLinkState::kExpired:
      return v1::Challenge::EXPIRED;
    default:
      return v1::Challenge::OPEN;
  }
}

bool IsHexToken(const std::string& token) {
  return token.size() == 32 && std::all_of(token.begin(), token.end(), [](char c) {
           return absl::ascii_isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f');
         });
}

// The key of a challenge request; NOT_FOUND for a malformed token or id (§6 check 1).
template <typename Request>
grpc::Status KeyOf(const Request& request, ChallengeKey* key) {
  if (request.key_case() == Request::kToken) {
    if (!IsHexToken(request.token())) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such partnership");
    }
    key->token_digest = Sha256(request.token());
    return grpc::Status::OK;
  }
  if (request.key_case() == Request::kPartnershipId && IsUuid(request.partnership_id())) {
    key->partnership_id = absl::AsciiStrToLower(request.partnership_id());
    return grpc::Status::OK;
  }
  return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such partnership");
}

}  // namespace

grpc::Status PartnershipsServiceImpl::CheckUpload(grpc::ServerContext*,
                                                  const v1::CheckUploadRequest* request,
                                                  v1::CsvUpload* response) {
  // A 10,000-row check briefly holds tens of MB in many small pieces (rows, facts, the rows'
  // JSON); they are freed when the check is done and handed back to the system at once, so
  // the service does not keep them as idle heap.
  const grpc::Status status = [&]() -> grpc::Status {
    if (!confirm_) return NotConfigured();
    if (!IsUuid(request->lead_provider_id())) return Invalid("lead_provider_id must be a UUID");
    if (!IsUuid(request->delivery_partner_id())) {
      return Invalid("delivery_partner_id must be a UUID");
    }
    if (absl::Status file = CheckUploadedFile(request->file_name(), request->contents().size());
        !file.ok()) {
      if (confirm_->metrics != nullptr)
        confirm_->metrics->Uploaded(UploadMetrics::Outcome::kRefused);
      return ToGrpcStatus(file);
    }
    const std::string lead_provider_id = absl::AsciiStrToLower(request->lead_provider_id());
    const std::string delivery_partner_id = absl::AsciiStrToLower(request->delivery_partner_id());
    if (absl::Status relationship = confirm_->store->CheckRelationship(
            lead_provider_id, delivery_partner_id, request->cohort());
        !relationship.ok()) {
      return ToGrpcStatus(relationship);
    }
    const UrnUpload upload = ExtractUrns(request->contents());
    if (upload.rows.empty()) {
      if (confirm_->metrics != nullptr)
        confirm_->metrics->Uploaded(UploadMetrics::Outcome::kRefused);
      return Invalid("The selected file is empty");
    }
    std::vector<std::string> urns;
    for (const UploadedUrn& row : upload.rows) {
      if (!row.urn.empty()) urns.push_back(row.urn);
    }
    absl::StatusOr<std::map<std::string, SchoolFacts>> facts =
        confirm_->store->LookupSchoolFacts(urns, request->cohort());
    if (!facts.ok()) return ToGrpcStatus(facts.status());
    const UploadCheck check = ::rect::partnerships::CheckUpload(
        upload,
        [&](const std::string& urn) {
          auto found = facts->find(urn);
          return found == facts->end() ? SchoolFacts{} : found->second;
        },
        lead_provider_id);
    absl::StatusOr<UploadRecord> saved =
        confirm_->store->SaveUpload(lead_provider_id, delivery_partner_id, request->cohort(),
                                    request->file_name(), upload.uploaded_urns, check);
    if (!saved.ok()) return ToGrpcStatus(saved.status());
    if (confirm_->metrics != nullptr) {
      confirm_->metrics->Uploaded(check.rows_with_errors > 0 ? UploadMetrics::Outcome::kWithErrors
                                                             : UploadMetrics::Outcome::kAllValid);
    }
    ToProto(*saved, response);
    return grpc::Status::OK;
  }();
  malloc_trim(0);
  return status;
}

grpc::Status PartnershipsServiceImpl::GetUpload(grpc::ServerContext*,
                                                const v1::GetUploadRequest* request,
                                                v1::CsvUpload* response) {
  if (!confirm_) return NotConfigured();
  if (!IsUuid(request->lead_provider_id())) return Invalid("lead_provider_id must be a UUID");
  if (!IsUuid(request->id())) return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such upload");
  absl::StatusOr<UploadRecord> upload =
      confirm_->store->GetUpload(absl::AsciiStrToLower(request->lead_provider_id()),
                                 absl::AsciiStrToLower(request->id()));
  if (!upload.ok()) return ToGrpcStatus(upload.status());
  ToProto(*upload, response);
  return grpc::Status::OK;
}

grpc::Status PartnershipsServiceImpl::ConfirmUpload(grpc::ServerContext*,
                                                    const v1::ConfirmUploadRequest* request,
                                                    v1::ConfirmUploadResponse* response) {
  if (!confirm_) return NotConfigured();
  if (!IsUuid(request->lead_provider_id())) return Invalid("lead_provider_id must be a UUID");
  if (!IsUuid(request->id())) return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such upload");
  if (!absl::StartsWith(request->service_url(), "http://") &&
      !absl::StartsWith(request->service_url(), "https://")) {
    return Invalid("service_url must be an http(s) address");
  }
  ConfirmRequest confirm;
  confirm.lead_provider_id = absl::AsciiStrToLower(request->lead_provider_id());
  confirm.upload_id = absl::AsciiStrToLower(request->id());
  if (request->choose_schools()) {
    confirm.school_ids.emplace();
    for (const std::string& id : request->school_ids()) {
      if (IsUuid(id)) confirm.school_ids->push_back(absl::AsciiStrToLower(id));
    }
  }
  confirm.service_url = request->service_url();
  if (confirm_->induction_tutors != nullptr) {
    // Asked before the transaction: the recipient rule needs registration's tutors.
    absl::StatusOr<std::vector<std::string>> urns =
        confirm_->store->ValidUrns(confirm.lead_provider_id, confirm.upload_id);
    if (!urns.ok()) return ToGrpcStatus(urns.status());
    absl::StatusOr<std::map<std::string, InductionTutor>> tutors =
        confirm_->induction_tutors->TutorsOf(*urns);
    if (!tutors.ok()) {
      return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                          "schools' induction tutors could not be read; try again");
    }
    confirm.induction_tutors = std::move(*tutors);
  }
  confirm.now = confirm_->clock();
  confirm.zone = confirm_->zone;
  absl::StatusOr<ConfirmResult> result = confirm_->store->ConfirmUpload(confirm);
  if (!result.ok()) return ToGrpcStatus(result.status());
  if (confirm_->wake_mailer) confirm_->wake_mailer();
  if (confirm_->metrics != nullptr) {
    confirm_->metrics->Confirmed(static_cast<int>(result->partnership_ids.size()));
  }
  for (const std::string& id : result->partnership_ids) response->add_partnership_ids(id);
  response->set_schools_confirmed(static_cast<int32_t>(result->partnership_ids.size()));
  response->set_delivery_partner_name(result->delivery_partner_name);
  log::Info("schools confirmed", {{"lead_provider_id", confirm.lead_provider_id},
                                  {"upload_id", confirm.upload_id},
                                  {"schools", static_cast<int>(result->partnership_ids.size())}});
  return grpc::Status::OK;
}

grpc::Status PartnershipsServiceImpl::GetChallenge(grpc::ServerContext*,
                                                   const v1::GetChallengeRequest* request,
                                                   v1::Challenge* response) {
  if (!confirm_) return NotConfigured();
  ChallengeKey key;
  if (grpc::Status status = KeyOf(*request, &key); !status.ok()) return status;
  absl::StatusOr<ChallengeRecord> record = confirm_->store->GetChallenge(key);
  if (!record.ok()) return ToGrpcStatus(record.status());
  ToProto(*record, StateOf(*record, confirm_->clock()), response);
  return grpc::Status::OK;
}

grpc::Status PartnershipsServiceImpl::ChallengePartnership(
    grpc::ServerContext*, const v1::ChallengePartnershipRequest* request,
    v1::Challenge* response) {
  if (!confirm_) return NotConfigured();
  ChallengeKey key;
  if (grpc::Status status = KeyOf(*request, &key); !status.ok()) return status;
  const std::optional<ChallengeReason> reason = ParseChallengeReason(request->reason());
  if (!reason) return Invalid(kChallengeReasonMissing);
  const std::string challenged_by =
      request->challenged_by().empty() ? "school_link" : request->challenged_by().substr(0, 100);
  const absl::Time now = confirm_->clock();
  absl::StatusOr<ChallengeRecord> record =
      confirm_->store->Challenge(key, *reason, challenged_by, now);
  if (!record.ok()) return ToGrpcStatus(record.status());
  if (confirm_->wake_mailer) confirm_->wake_mailer();
  ToProto(*record, v1::Challenge::ALREADY_CHALLENGED, response);
  log::Info("partnership challenged",
            {{"partnership_id", record->partnership_id}, {"reason", request->reason()}});
  return grpc::Status::OK;
}

grpc::Status PartnershipsServiceImpl::ListLeadProviderSchools(
    grpc::ServerContext*, const v1::ListLeadProviderSchoolsRequest* request,
    v1::ListLeadProviderSchoolsResponse* response) {
  if (!confirm_) return NotConfigured();
  if (!IsUuid(request->lead_provider_id())) return Invalid("lead_provider_id must be a UUID");
  LeadProviderSchoolsQuery query;
  query.lead_provider_id = absl::AsciiStrToLower(request->lead_provider_id());
  query.cohort = request->cohort();
  query.search = std::string(absl::StripAsciiWhitespace(request->search())).substr(0, 200);
  if (!request->partnership_id().empty()) {
    if (!IsUuid(request->partnership_id())) return grpc::Status::OK;
    query.partnership_id = absl::AsciiStrToLower(request->partnership_id());
  }
  const int64_t page = request->page().page() == 0 ? 1 : request->page().page();
  const int64_t per_page = request->page().per_page() == 0 ? 10 : request->page().per_page();
  if (page < 1 || per_page < 1) return Invalid("page and per_page must be positive");
  query.limit = std::min<int64_t>(per_page, 100);
  query.offset = (page - 1) * query.limit;
  absl::StatusOr<LeadProviderSchools> schools = confirm_->store->ListLeadProviderSchools(query);
  if (!schools.ok()) return ToGrpcStatus(schools.status());
  for (const LeadProviderSchoolRecord& school : schools->schools) {
    v1::LeadProviderSchool* out = response->add_schools();
    out->set_partnership_id(school.partnership_id);
    out->set_school_id(school.school_id);
    out->set_urn(school.urn);
    out->set_school_name(school.school_name);
    out->set_delivery_partner_name(school.delivery_partner_name);
    out->set_challenged(!school.challenge_reason.empty());
    out->set_challenge_reason(school.challenge_reason);
    out->set_local_authority_name(school.local_authority_name);
    out->set_cohort(school.cohort);
  }
  response->set_total_matching(schools->total_matching);
  response->set_total(schools->total);
  return grpc::Status::OK;
}

grpc::Status PartnershipsServiceImpl::GetLeadProvider(grpc::ServerContext*,
                                                      const v1::GetLeadProviderRequest* request,
                                                      v1::LeadProvider* response) {
  if (!confirm_) return NotConfigured();
  if (!IsUuid(request->id())) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such lead provider");
  }
  absl::StatusOr<LeadProviderRecord> record =
      confirm_->store->GetLeadProvider(absl::AsciiStrToLower(request->id()));
  if (!record.ok()) return ToGrpcStatus(record.status());
  response->set_id(record->id);
  response->set_name(record->name);
  for (int year : record->cohorts) response->add_cohorts(year);
  return grpc::Status::OK;
}

}  // namespace rect::partnerships
