// Lead-provider users and their magic sign-in links (partnerships.md §1, decisions.md): 32
// random bytes, stored as SHA-256, 24 hours, single use, only the latest link works, and the
// same answer for unknown addresses. Links are checked by the confirm page and spent by its
// button, which starts a session.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "services/common/tokens.h"
#include "services/identity/clock.h"
#include "services/identity/sessions.h"
#include "services/identity/sign_in_mailer.h"
#include "services/identity/store.h"

namespace rect::identity {

class LeadProviderSignIn {
 public:
  LeadProviderSignIn(IdentityStore& store, Sessions& sessions, SignInMailer& mailer,
                     const Clock& clock, RandomSource& random, std::string public_url)
      : store_(store),
        sessions_(sessions),
        mailer_(mailer),
        clock_(clock),
        random_(random),
        public_url_(std::move(public_url)) {}

  // INVALID_ARGUMENT for a blank name, bad email or provider id; ALREADY_EXISTS when the email
  // is taken. Sends the welcome email when `lead_provider_name` is not empty.
  absl::StatusOr<LeadProviderUserRecord> CreateUser(const std::string& full_name,
                                                    const std::string& email,
                                                    const std::string& lead_provider_id,
                                                    const std::string& lead_provider_name);

  // Emails a fresh link to a known user. OK for unknown addresses too (nothing is sent);
  // INVALID_ARGUMENT (with the page's message) for a blank or malformed address.
  absl::Status RequestLink(const std::string& email);

  // NOT_FOUND unless the token is the user's latest link and unexpired.
  absl::Status CheckLink(const std::string& token);

  // Spends the link and starts a session. NOT_FOUND as for CheckLink.
  absl::StatusOr<NewSessionSecret> RedeemLink(const std::string& token);

 private:
  IdentityStore& store_;
  Sessions& sessions_;
  SignInMailer& mailer_;
  const Clock& clock_;
  RandomSource& random_;
  const std::string public_url_;
};

}  // namespace rect::identity
