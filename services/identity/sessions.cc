#include "services/identity/sessions.h"

#include "services/identity/secrets.h"
#include "services/identity/session_policy.h"

namespace rect::identity {
namespace {

constexpr size_t kMaxTokenLength = 256;

absl::Status Unauthenticated() { return absl::UnauthenticatedError("no live session"); }

}  // namespace

NewSessionSecret Sessions::NewSecret() {
  NewSessionSecret secret;
  secret.token = NewUrlToken(random_);
  secret.digest = Sha256(secret.token);
  secret.now = clock_.Now();
  secret.expires_at = SessionExpiresAt(secret.now, secret.now);
  return secret;
}

std::string Sessions::IdTokenKey(const std::string& session_token) {
  return DeriveKey(session_token, "rect-session-id-token-v1");
}

std::string Sessions::SealIdToken(const std::string& session_token, const std::string& id_token) {
  return Seal(IdTokenKey(session_token), id_token, random_);
}

absl::StatusOr<SessionView> Sessions::Validate(const std::string& token) {
  if (token.empty() || token.size() > kMaxTokenLength) return Unauthenticated();
  const std::string digest = Sha256(token);
  absl::StatusOr<SessionRecord> record = store_.FindSession(digest);
  if (absl::IsNotFound(record.status())) return Unauthenticated();
  if (!record.ok()) return record.status();
  const absl::Time now = clock_.Now();
  if (!SessionIsLive(record->created_at, record->last_seen_at, now)) {
    if (absl::Status deleted = store_.DeleteSession(digest); !deleted.ok()) return deleted;
    return Unauthenticated();
  }
  const absl::Time expires_at = SessionExpiresAt(record->created_at, now);
  if (absl::Status touched = store_.TouchSession(digest, now, expires_at); !touched.ok()) {
    return touched;
  }
  record->last_seen_at = now;
  record->id_token_sealed.clear();  // callers have no use for it
  return SessionView{*std::move(record), expires_at};
}

absl::StatusOr<std::string> Sessions::SignOut(const std::string& token) {
  if (token.empty() || token.size() > kMaxTokenLength) return std::string();
  const std::string digest = Sha256(token);
  absl::StatusOr<SessionRecord> record = store_.FindSession(digest);
  if (absl::IsNotFound(record.status())) return std::string();
  if (!record.ok()) return record.status();
  if (absl::Status deleted = store_.DeleteSession(digest); !deleted.ok()) return deleted;
  if (record->id_token_sealed.empty()) return std::string();
  absl::StatusOr<std::string> id_token = Unseal(IdTokenKey(token), record->id_token_sealed);
  return id_token.ok() ? *id_token : std::string();
}

absl::StatusOr<int> Sessions::SignOutEverywhere(const std::string& token) {
  absl::StatusOr<SessionView> session = Validate(token);
  if (!session.ok()) return session.status();
  return store_.DeleteUserSessions(session->record.kind, session->record.user_id);
}

}  // namespace rect::identity
