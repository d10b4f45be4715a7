#include "services/identity/service.h"

#include "services/common/status.h"

namespace rect::identity {
namespace {

constexpr size_t kMaxTokenLength = 256;
constexpr size_t kMaxDescriptionLength = 200;

grpc::Status Invalid(const char* message) {
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, message);
}

}  // namespace

grpc::Status IdentityServiceImpl::CreateApiToken(grpc::ServerContext*,
                                                 const v1::CreateApiTokenRequest* request,
                                                 v1::CreateApiTokenResponse* response) {
  if (!IsUuid(request->lead_provider_id())) return Invalid("lead_provider_id must be a UUID");
  if (request->description().size() > kMaxDescriptionLength) {
    return Invalid("description must be 200 characters or fewer");
  }
  const std::string token = NewUrlToken(random_);
  absl::StatusOr<std::string> id =
      store_.InsertApiToken(request->lead_provider_id(), request->description(), Sha256(token));
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
  absl::StatusOr<ApiTokenRecord> record = store_.UseApiToken(Sha256(request->token()));
  if (absl::IsNotFound(record.status())) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "invalid API token");
  }
  if (!record.ok()) return ToGrpcStatus(record.status());
  response->set_token_id(record->id);
  response->set_lead_provider_id(record->lead_provider_id);
  response->mutable_last_used_at()->set_seconds(absl::ToUnixSeconds(record->last_used_at));
  return grpc::Status::OK;
}

grpc::Status IdentityServiceImpl::RevokeApiToken(grpc::ServerContext*,
                                                 const v1::RevokeApiTokenRequest* request,
                                                 v1::RevokeApiTokenResponse*) {
  if (!IsUuid(request->token_id())) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND, "no API token with that id");
  }
  return ToGrpcStatus(store_.DeleteApiToken(request->token_id()));
}

}  // namespace rect::identity
