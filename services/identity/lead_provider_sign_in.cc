#include "services/identity/lead_provider_sign_in.h"

#include "absl/strings/ascii.h"
#include "services/common/log.h"
#include "services/identity/email_address.h"
#include "services/identity/session_policy.h"
#include "services/identity/sign_in_link.h"

namespace rect::identity {
namespace {

constexpr size_t kMaxTokenLength = 256;
constexpr size_t kMaxNameLength = 200;

absl::Status LinkNotFound() { return absl::NotFoundError("unknown, used or expired sign-in link"); }

}  // namespace

absl::StatusOr<LeadProviderUserRecord> LeadProviderSignIn::CreateUser(
    const std::string& full_name, const std::string& email, const std::string& lead_provider_id,
    const std::string& lead_provider_name) {
  const std::string name(absl::StripAsciiWhitespace(full_name));
  if (name.empty() || name.size() > kMaxNameLength) {
    return absl::InvalidArgumentError("Enter a full name of up to 200 characters");
  }
  const std::string address = TrimEmailAddress(email);
  if (absl::Status status = CheckEmailAddress(address); !status.ok()) return status;
  if (!IsUuid(lead_provider_id)) {
    return absl::InvalidArgumentError("lead_provider_id must be a UUID");
  }
  absl::StatusOr<LeadProviderUserRecord> user =
      store_.InsertLeadProviderUser(name, address, lead_provider_id);
  if (!user.ok()) return user.status();
  if (!lead_provider_name.empty()) {
    if (absl::Status sent = mailer_.SendWelcome(*user, lead_provider_name, public_url_);
        !sent.ok()) {
      // The user exists; the operator can create a sign-in link for them instead.
      log::Warning("welcome email not enqueued", {{"error", std::string(sent.message())}});
    }
  }
  return user;
}

absl::Status LeadProviderSignIn::RequestLink(const std::string& email) {
  const std::string address = TrimEmailAddress(email);
  if (absl::Status status = CheckEmailAddress(address); !status.ok()) return status;
  absl::StatusOr<LeadProviderUserRecord> user = store_.FindLeadProviderUserByEmail(address);
  if (absl::IsNotFound(user.status())) {
    log::Info("sign-in link requested for an unknown address");
    return absl::OkStatus();
  }
  if (!user.ok()) return user.status();
  const std::string token = NewUrlToken(random_);
  const absl::Time now = clock_.Now();
  const absl::Time expires_at = now + kSignInLinkLifetime;
  absl::StatusOr<std::string> link_id =
      store_.ReplaceSignInLink(user->id, Sha256(token), now, expires_at);
  if (!link_id.ok()) return link_id.status();
  return mailer_.SendSignInLink(*user, *link_id, SignInLinkUrl(public_url_, token), expires_at);
}

absl::Status LeadProviderSignIn::CheckLink(const std::string& token) {
  if (token.empty() || token.size() > kMaxTokenLength) return LinkNotFound();
  return store_.CheckSignInLink(Sha256(token), clock_.Now());
}

absl::StatusOr<NewSessionSecret> LeadProviderSignIn::RedeemLink(const std::string& token) {
  if (token.empty() || token.size() > kMaxTokenLength) return LinkNotFound();
  NewSessionSecret session = sessions_.NewSecret();
  absl::StatusOr<std::string> user_id =
      store_.RedeemSignInLink(Sha256(token), session.digest, session.now, session.expires_at);
  if (!user_id.ok()) return user_id.status();
  return session;
}

}  // namespace rect::identity
