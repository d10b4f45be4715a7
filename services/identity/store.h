// Identity's storage: the SQL behind API tokens, DfE Sign-in attempts and sign-in records,
// lead-provider users and their sign-in links, and sessions. Secrets arrive here only as
// SHA-256 digests (and the ID token only sealed). Times come from the service's clock. The
// interface lets service tests substitute a failing store.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/pg_pool.h"

namespace rect::identity {

struct ApiTokenRecord {
  std::string id;
  std::string lead_provider_id;
  absl::Time last_used_at;
};

struct ApiTokenListing {
  std::string id;
  std::string lead_provider_id;
  std::string description;
  absl::Time created_at;
  std::optional<absl::Time> last_used_at;
};

struct LeadProviderUserRecord {
  std::string id;
  std::string full_name;
  std::string email;
  std::string lead_provider_id;
  absl::Time created_at;
};

enum class SessionKind { kSchool, kLeadProvider };

// What a new session of a DfE Sign-in user records, with the sign-in itself.
struct SchoolSignInRecord {
  std::string dsi_user_id;  // the DfE Sign-in subject
  std::string email;
  std::string first_name;
  std::string last_name;
  std::string school_urn;
  std::string school_name;
  std::string organisation_id;
  std::vector<std::string> roles;
  std::string school_access;    // "full", "no_new_registrations" or "denied"
  std::string id_token_sealed;  // empty when not kept
  std::string session_digest;
  absl::Time now;
  absl::Time expires_at;
};

struct SessionRecord {
  SessionKind kind = SessionKind::kSchool;
  std::string user_id;  // dsi_users.id or lead_provider_users.id
  std::string full_name;
  std::string email;
  std::string school_urn;
  std::string school_name;
  std::string school_access;
  std::string lead_provider_id;
  std::string id_token_sealed;
  absl::Time created_at;
  absl::Time last_seen_at;
};

class IdentityStore {
 public:
  virtual ~IdentityStore() = default;

  // API tokens.
  // Stores a token digest; returns the new token id.
  virtual absl::StatusOr<std::string> InsertApiToken(const std::string& lead_provider_id,
                                                     const std::string& description,
                                                     const std::string& digest) = 0;
  // Finds a token by digest and sets last_used_at to now. NOT_FOUND when unknown.
  virtual absl::StatusOr<ApiTokenRecord> UseApiToken(const std::string& digest) = 0;
  // NOT_FOUND when there is no token with that id.
  virtual absl::Status DeleteApiToken(const std::string& token_id) = 0;
  // Oldest first.
  virtual absl::StatusOr<std::vector<ApiTokenListing>> ListApiTokens(
      const std::string& lead_provider_id) = 0;

  // DfE Sign-in attempts. Inserting also forgets attempts that expired before `now`.
  virtual absl::Status InsertSignInAttempt(const std::string& digest, absl::Time now,
                                           absl::Time expires_at) = 0;
  // Deletes the attempt (single use). NOT_FOUND when unknown or expired at `now`.
  virtual absl::Status TakeSignInAttempt(const std::string& digest, absl::Time now) = 0;

  // Records a school user's sign-in (user, school access) and starts their session in one
  // transaction. Returns the user's id.
  virtual absl::StatusOr<std::string> RecordSchoolSignIn(const SchoolSignInRecord& record) = 0;

  // Lead-provider users. ALREADY_EXISTS when the email (ignoring case) is taken.
  virtual absl::StatusOr<LeadProviderUserRecord> InsertLeadProviderUser(
      const std::string& full_name, const std::string& email,
      const std::string& lead_provider_id) = 0;
  // Matches the email ignoring case. NOT_FOUND when unknown.
  virtual absl::StatusOr<LeadProviderUserRecord> FindLeadProviderUserByEmail(
      const std::string& email) = 0;

  // Sign-in links. Replaces the user's link (only the latest works); returns the link's id.
  virtual absl::StatusOr<std::string> ReplaceSignInLink(const std::string& user_id,
                                                        const std::string& digest, absl::Time now,
                                                        absl::Time expires_at) = 0;
  // NOT_FOUND unless a link with this digest exists and expires after `now`.
  virtual absl::Status CheckSignInLink(const std::string& digest, absl::Time now) = 0;
  // Deletes the live link and starts its user's session in one transaction; returns the user
  // id. NOT_FOUND as for CheckSignInLink (so a link is spent exactly once).
  virtual absl::StatusOr<std::string> RedeemSignInLink(const std::string& digest,
                                                       const std::string& session_digest,
                                                       absl::Time now, absl::Time expires_at) = 0;

  // Sessions. NOT_FOUND when there is no session with this digest.
  virtual absl::StatusOr<SessionRecord> FindSession(const std::string& digest) = 0;
  virtual absl::Status TouchSession(const std::string& digest, absl::Time now,
                                    absl::Time expires_at) = 0;
  // Deletes one session; OK when it was already gone.
  virtual absl::Status DeleteSession(const std::string& digest) = 0;
  // Deletes every session of the user; returns how many.
  virtual absl::StatusOr<int> DeleteUserSessions(SessionKind kind, const std::string& user_id) = 0;
};

class PgIdentityStore : public IdentityStore {
 public:
  explicit PgIdentityStore(PgPool& pool) : pool_(pool) {}
  absl::StatusOr<std::string> InsertApiToken(const std::string& lead_provider_id,
                                             const std::string& description,
                                             const std::string& digest) override;
  absl::StatusOr<ApiTokenRecord> UseApiToken(const std::string& digest) override;
  absl::Status DeleteApiToken(const std::string& token_id) override;
  absl::StatusOr<std::vector<ApiTokenListing>> ListApiTokens(
      const std::string& lead_provider_id) override;
  absl::Status InsertSignInAttempt(const std::string& digest, absl::Time now,
                                   absl::Time expires_at) override;
  absl::Status TakeSignInAttempt(const std::string& digest, absl::Time now) override;
  absl::StatusOr<std::string> RecordSchoolSignIn(const SchoolSignInRecord& record) override;
  absl::StatusOr<LeadProviderUserRecord> InsertLeadProviderUser(
      const std::string& full_name, const std::string& email,
      const std::string& lead_provider_id) override;
  absl::StatusOr<LeadProviderUserRecord> FindLeadProviderUserByEmail(
      const std::string& email) override;
  absl::StatusOr<std::string> ReplaceSignInLink(const std::string& user_id,
                                                const std::string& digest, absl::Time now,
                                                absl::Time expires_at) override;
  absl::Status CheckSignInLink(const std::string& digest, absl::Time now) override;
  absl::StatusOr<std::string> RedeemSignInLink(const std::string& digest,
                                               const std::string& session_digest, absl::Time now,
                                               absl::Time expires_at) override;
  absl::StatusOr<SessionRecord> FindSession(const std::string& digest) override;
  absl::Status TouchSession(const std::string& digest, absl::Time now,
                            absl::Time expires_at) override;
  absl::Status DeleteSession(const std::string& digest) override;
  absl::StatusOr<int> DeleteUserSessions(SessionKind kind, const std::string& user_id) override;

 private:
  PgPool& pool_;
};

}  // namespace rect::identity
