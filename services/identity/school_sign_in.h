// Signing school users in with DfE Sign-in: starting an attempt (authorization URL plus the
// browser-binding attempt token) and completing it from the callback (state, code exchange,
// ID token, roles, school directory, access decision, session). Problems on the way are an
// outcome the callback page shows, never an exception.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "services/common/tokens.h"
#include "services/identity/access_decision.h"
#include "services/identity/clock.h"
#include "services/identity/dsi_client.h"
#include "services/identity/school_directory.h"
#include "services/identity/sessions.h"
#include "services/identity/store.h"

namespace rect::identity {

struct SchoolSignInStart {
  std::string authorization_url;
  std::string attempt_token;
  absl::Duration lifetime;
};

struct SchoolSignInCallback {
  std::string attempt_token;
  std::string code;
  std::string state;
  std::string error;
};

struct SchoolSignInResult {
  enum class Outcome { kSignedIn, kNoOrganisation, kNoApprovedAccess, kFailed };
  Outcome outcome = Outcome::kFailed;
  std::string organisation_name;
  std::optional<NewSessionSecret> session;  // kSignedIn
};

// "full", "no_new_registrations" or "denied", as stored.
const char* SchoolAccessName(SchoolAccess access);

class SchoolSignIn {
 public:
  // `dsi` is null when DfE Sign-in is not configured.
  SchoolSignIn(IdentityStore& store, Sessions& sessions, DsiClient* dsi, SchoolDirectory& directory,
               const Clock& clock, RandomSource& random)
      : store_(store),
        sessions_(sessions),
        dsi_(dsi),
        directory_(directory),
        clock_(clock),
        random_(random) {}

  // FAILED_PRECONDITION when DfE Sign-in is not configured; UNAVAILABLE when discovery fails.
  absl::StatusOr<SchoolSignInStart> Begin();

  // Errors only for this service's own trouble (database, school directory).
  absl::StatusOr<SchoolSignInResult> Complete(const SchoolSignInCallback& callback);

  // The provider's end-session URL for a signed-out session's ID token; "" when there is
  // none or DfE Sign-in cannot say.
  std::string EndSessionUrl(const std::string& id_token);

 private:
  SchoolSignInResult Failed(absl::string_view reason);

  IdentityStore& store_;
  Sessions& sessions_;
  DsiClient* dsi_;
  SchoolDirectory& directory_;
  const Clock& clock_;
  RandomSource& random_;
};

}  // namespace rect::identity
