// Server-side sessions: a random token for the browser's cookie, only its digest stored; 2-hour
// idle and 12-hour absolute expiry; sign-out of one session or of all of a user's sessions. For
// DfE Sign-in sessions the ID token is sealed under a key derived from the session token, so
// only a request carrying the cookie can recover it for the end-session call.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/tokens.h"
#include "services/identity/clock.h"
#include "services/identity/store.h"

namespace rect::identity {

// A session as callers see it.
struct SessionView {
  SessionRecord record;
  absl::Time expires_at;
};

// A session about to be stored: its secret, the digest to store and its times.
struct NewSessionSecret {
  std::string token;
  std::string digest;
  absl::Time now;
  absl::Time expires_at;
};

class Sessions {
 public:
  Sessions(IdentityStore& store, const Clock& clock, RandomSource& random)
      : store_(store), clock_(clock), random_(random) {}

  NewSessionSecret NewSecret();

  // The key sealing this session's ID token.
  static std::string IdTokenKey(const std::string& session_token);
  std::string SealIdToken(const std::string& session_token, const std::string& id_token);

  // The live session for `token`, touched. UNAUTHENTICATED when unknown or expired (an
  // expired session is deleted).
  absl::StatusOr<SessionView> Validate(const std::string& token);

  // Deletes the session; returns its ID token when it had one ("" otherwise). OK when the
  // session is already gone.
  absl::StatusOr<std::string> SignOut(const std::string& token);

  // Deletes every session of the token's user. UNAUTHENTICATED as for Validate.
  absl::StatusOr<int> SignOutEverywhere(const std::string& token);

 private:
  IdentityStore& store_;
  const Clock& clock_;
  RandomSource& random_;
};

}  // namespace rect::identity
