#include "services/identity/service.h"

#include "services/common/status.h"

namespace rect::identity {
namespace {

constexpr size_t kMaxTokenLength = 256;
constexpr size_t kMaxDescriptionLength = 200;

grpc::Status Invalid(const char* message) {
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, message);
}

void SetTime(absl::Time t, common::v1::Timestamp* out) { out->set_seconds(absl::ToUnixSeconds(t)); }

v1::Session::SchoolAccess ToProto(const std::string& access) {
  if (access == "full") return v1::Session::FULL;
  if (access == "no_new_registrations") return v1::Session::NO_NEW_REGISTRATIONS;
  if (access == "denied") return v1::Session::DENIED;
  return v1::Session::SCHOOL_ACCESS_UNSPECIFIED;
}

void ToProto(const SessionView& view, v1::Session* out) {
  const SessionRecord& record = view.record;
  out->set_kind(record.kind == SessionKind::kSchool ? v1::Session::SCHOOL_USER
                                                    : v1::Session::LEAD_PROVIDER_USER);
  out->set_user_id(record.user_id);
  out->set_full_name(record.full_name);
  out->set_email(record.email);
  out->set_school_urn(record.school_urn);
  out->set_school_name(record.school_name);
  out->set_school_access(ToProto(record.school_access));
  out->set_lead_provider_id(record.lead_provider_id);
  SetTime(view.expires_at, out->mutable_expires_at());
}

}  // namespace

grpc::Status IdentityServiceImpl::CreateApiToken(grpc::ServerContext*,
                                                 const v1::CreateApiTokenRequest* request,
                                                 v1::CreateApiTokenResponse* response) {
  if (!IsUuid(request->lead_provider_id())) return Invalid("lead_provider_id must be a UUID");
  if (request->description().size() > kMaxDescriptionLength) {
    return Invalid("description must be 200 characters or fewer");
  }
  const std::string token = NewUrlToken(parts_.random);
  absl::StatusOr<std::string> id = parts_.store.InsertApiToken(
      request->lead_provider_id(), request->description(), Sha256(token));
  if (!id.ok()) return ToGrpcStatus(id.status());
  response->set_token_id(*id);
  response->set_token(token);
  return grpc::Status::OK;
}

grpc::Status IdentityServiceImpl::AuthenticateApiToken(
    grpc::ServerContext*, const v1::AuthenticateApiTokenRequest* request,
    v1::AuthenticateApiTokenResponse* response) {
  // Any non-empty string may be a token (development tokens are provider slugs).
  if (request->token().empty() || request->token().size() > kMaxTokenLength) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "invalid API token");
  }
  absl::StatusOr<ApiTokenRecord> record = parts_.store.UseApiToken(Sha256(request->token()));
  if (absl::IsNotFound(record.status())) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "invalid API token");
  }
  if (!record.ok()) return ToGrpcStatus(record.status());
  response->set_token_id(record->id);
  response->set_lead_provider_id(record->lead_provider_id);
  SetTime(record->last_used_at, response->mutable_last_used_at());
  return grpc::Status::OK;
}

grpc::Status IdentityServiceImpl::CountApiRequests(grpc::ServerContext*,
                                                   const v1::CountApiRequestsRequest* request,
                                                   v1::CountApiRequestsResponse* response) {
  if (parts_.api_request_counts == nullptr) {
    return grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "API request counting is off");
  }
  std::vector<ApiRequestTally> tallies;
  tallies.reserve(request->counts_size());
  for (const v1::ApiRequestCount& count : request->counts()) {
    // Far-future or negative windows are refused before they reach time arithmetic.
    if (count.bucket_start() < 0 || count.bucket_start() > (int64_t{1} << 40)) {
      return Invalid("bucket_start must be Unix seconds");
    }
    tallies.push_back(ApiRequestTally{count.key_digest(),
                                      absl::FromUnixSeconds(count.bucket_start()),
                                      count.requests()});
  }
  if (absl::Status valid = ValidateApiRequestTallies(tallies); !valid.ok()) {
    return ToGrpcStatus(valid);
  }
  absl::StatusOr<std::vector<int64_t>> totals = parts_.api_request_counts->Add(tallies);
  if (!totals.ok()) return ToGrpcStatus(totals.status());
  for (size_t i = 0; i < tallies.size(); ++i) {
    v1::ApiRequestCount* total = response->add_totals();
    total->set_key_digest(request->counts(static_cast<int>(i)).key_digest());
    total->set_bucket_start(request->counts(static_cast<int>(i)).bucket_start());
    total->set_requests((*totals)[i]);
  }
  return grpc::Status::OK;
}

grpc::Status IdentityServiceImpl::RevokeApiToken(grpc::ServerContext*,
                                                 const v1::RevokeApiTokenRequest* request,
                                                 v1::RevokeApiTokenResponse*) {
  if (!IsUuid(request->token_id())) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND, "no API token with that id");
  }
  return ToGrpcStatus(parts_.store.DeleteApiToken(request->token_id()));
}

grpc::Status IdentityServiceImpl::ListApiTokens(grpc::ServerContext*,
                                                const v1::ListApiTokensRequest* request,
                                                v1::ListApiTokensResponse* response) {
  if (!IsUuid(request->lead_provider_id())) return Invalid("lead_provider_id must be a UUID");
  absl::StatusOr<std::vector<ApiTokenListing>> tokens =
      parts_.store.ListApiTokens(request->lead_provider_id());
  if (!tokens.ok()) return ToGrpcStatus(tokens.status());
  for (const ApiTokenListing& token : *tokens) {
    v1::ApiToken* out = response->add_tokens();
    out->set_token_id(token.id);
    out->set_lead_provider_id(token.lead_provider_id);
    out->set_description(token.description);
    SetTime(token.created_at, out->mutable_created_at());
    if (token.last_used_at.has_value()) SetTime(*token.last_used_at, out->mutable_last_used_at());
  }
  return grpc::Status::OK;
}

grpc::Status IdentityServiceImpl::BeginSchoolSignIn(grpc::ServerContext*,
                                                    const v1::BeginSchoolSignInRequest*,
                                                    v1::BeginSchoolSignInResponse* response) {
  absl::StatusOr<SchoolSignInStart> start = parts_.school_sign_in.Begin();
  if (!start.ok()) return ToGrpcStatus(start.status());
  response->set_authorization_url(start->authorization_url);
  response->set_attempt_token(start->attempt_token);
  response->set_expires_in_seconds(absl::ToInt64Seconds(start->lifetime));
  return grpc::Status::OK;
}

grpc::Status IdentityServiceImpl::CompleteSchoolSignIn(
    grpc::ServerContext*, const v1::CompleteSchoolSignInRequest* request,
    v1::CompleteSchoolSignInResponse* response) {
  absl::StatusOr<SchoolSignInResult> result = parts_.school_sign_in.Complete(
      {request->attempt_token(), request->code(), request->state(), request->error()});
  if (!result.ok()) {
    CountSignIn("school", "error");
    return ToGrpcStatus(result.status());
  }
  response->set_organisation_name(result->organisation_name);
  switch (result->outcome) {
    case SchoolSignInResult::Outcome::kSignedIn:
      CountSignIn("school", "signed_in");
      response->set_outcome(v1::CompleteSchoolSignInResponse::SIGNED_IN);
      return DescribeNewSession(*result->session, response->mutable_session());
    case SchoolSignInResult::Outcome::kNoOrganisation:
      CountSignIn("school", "no_organisation");
      response->set_outcome(v1::CompleteSchoolSignInResponse::NO_ORGANISATION);
      break;
    case SchoolSignInResult::Outcome::kNoApprovedAccess:
      CountSignIn("school", "no_approved_access");
      response->set_outcome(v1::CompleteSchoolSignInResponse::NO_APPROVED_ACCESS);
      break;
    case SchoolSignInResult::Outcome::kFailed:
      CountSignIn("school", "failed");
      response->set_outcome(v1::CompleteSchoolSignInResponse::FAILED);
      break;
  }
  return grpc::Status::OK;
}

grpc::Status IdentityServiceImpl::CreateLeadProviderUser(
    grpc::ServerContext*, const v1::CreateLeadProviderUserRequest* request,
    v1::LeadProviderUser* response) {
  absl::StatusOr<LeadProviderUserRecord> user = parts_.lead_provider_sign_in.CreateUser(
      request->full_name(), request->email(), request->lead_provider_id(),
      request->lead_provider_name());
  if (!user.ok()) return ToGrpcStatus(user.status());
  response->set_id(user->id);
  response->set_full_name(user->full_name);
  response->set_email(user->email);
  response->set_lead_provider_id(user->lead_provider_id);
  SetTime(user->created_at, response->mutable_created_at());
  return grpc::Status::OK;
}

grpc::Status IdentityServiceImpl::RequestSignInLink(grpc::ServerContext*,
                                                    const v1::RequestSignInLinkRequest* request,
                                                    v1::RequestSignInLinkResponse*) {
  return ToGrpcStatus(parts_.lead_provider_sign_in.RequestLink(request->email()));
}

grpc::Status IdentityServiceImpl::CheckSignInLink(grpc::ServerContext*,
                                                  const v1::CheckSignInLinkRequest* request,
                                                  v1::CheckSignInLinkResponse*) {
  return ToGrpcStatus(parts_.lead_provider_sign_in.CheckLink(request->token()));
}

grpc::Status IdentityServiceImpl::RedeemSignInLink(grpc::ServerContext*,
                                                   const v1::RedeemSignInLinkRequest* request,
                                                   v1::RedeemSignInLinkResponse* response) {
  absl::StatusOr<NewSessionSecret> session =
      parts_.lead_provider_sign_in.RedeemLink(request->token());
  CountSignIn("lead_provider", session.ok() ? "signed_in" : "link_refused");
  if (!session.ok()) return ToGrpcStatus(session.status());
  return DescribeNewSession(*session, response->mutable_session());
}

void IdentityServiceImpl::CountSignIn(const char* kind, const char* outcome) {
  if (parts_.sign_ins != nullptr) parts_.sign_ins->Add({{"kind", kind}, {"outcome", outcome}}).Increment();
}

grpc::Status IdentityServiceImpl::ValidateSession(grpc::ServerContext*,
                                                  const v1::ValidateSessionRequest* request,
                                                  v1::Session* response) {
  absl::StatusOr<SessionView> session = parts_.sessions.Validate(request->session_token());
  if (!session.ok()) return ToGrpcStatus(session.status());
  ToProto(*session, response);
  return grpc::Status::OK;
}

grpc::Status IdentityServiceImpl::SignOut(grpc::ServerContext*, const v1::SignOutRequest* request,
                                          v1::SignOutResponse* response) {
  absl::StatusOr<std::string> id_token = parts_.sessions.SignOut(request->session_token());
  if (!id_token.ok()) return ToGrpcStatus(id_token.status());
  response->set_end_session_url(parts_.school_sign_in.EndSessionUrl(*id_token));
  return grpc::Status::OK;
}

grpc::Status IdentityServiceImpl::SignOutEverywhere(grpc::ServerContext*,
                                                    const v1::SignOutEverywhereRequest* request,
                                                    v1::SignOutEverywhereResponse* response) {
  absl::StatusOr<int> ended = parts_.sessions.SignOutEverywhere(request->session_token());
  if (!ended.ok()) return ToGrpcStatus(ended.status());
  response->set_sessions_ended(*ended);
  return grpc::Status::OK;
}

grpc::Status IdentityServiceImpl::DescribeNewSession(const NewSessionSecret& secret,
                                                     v1::NewSession* out) {
  absl::StatusOr<SessionView> session = parts_.sessions.Validate(secret.token);
  if (!session.ok()) return ToGrpcStatus(session.status());
  out->set_session_token(secret.token);
  ToProto(*session, out->mutable_session());
  return grpc::Status::OK;
}

}  // namespace rect::identity
