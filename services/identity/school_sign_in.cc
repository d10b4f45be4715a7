#include "services/identity/school_sign_in.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/log.h"
#include "services/identity/secrets.h"
#include "services/identity/session_policy.h"

namespace rect::identity {
namespace {

constexpr size_t kMaxParameterLength = 2048;

// Role codes are identifiers; anything else is dropped before it reaches the database.
bool IsRoleCode(const std::string& code) {
  if (code.empty() || code.size() > 100) return false;
  for (char c : code) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  }
  return true;
}

// The provider's error code, reduced to characters safe for a log line.
std::string SafeErrorCode(absl::string_view error) {
  std::string out;
  for (char c : error.substr(0, 64)) {
    out += absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' ? c : '?';
  }
  return out;
}

const char* OutcomeName(SchoolSignInResult::Outcome outcome) {
  switch (outcome) {
    case SchoolSignInResult::Outcome::kSignedIn:
      return "signed_in";
    case SchoolSignInResult::Outcome::kNoOrganisation:
      return "no_organisation";
    case SchoolSignInResult::Outcome::kNoApprovedAccess:
      return "no_approved_access";
    case SchoolSignInResult::Outcome::kFailed:
      return "failed";
  }
  return "failed";
}

}  // namespace

const char* SchoolAccessName(SchoolAccess access) {
  switch (access) {
    case SchoolAccess::kFull:
      return "full";
    case SchoolAccess::kNoNewRegistrations:
      return "no_new_registrations";
    case SchoolAccess::kDenied:
      return "denied";
  }
  return "denied";
}

absl::StatusOr<SchoolSignInStart> SchoolSignIn::Begin() {
  if (dsi_ == nullptr) return absl::FailedPreconditionError("DfE Sign-in is not configured");
  SchoolSignInStart start;
  start.attempt_token = NewUrlToken(random_);
  start.lifetime = kSignInAttemptLifetime;
  absl::StatusOr<std::string> url =
      dsi_->AuthorizationUrl(DeriveSignInAttemptSecrets(start.attempt_token));
  if (!url.ok()) return url.status();
  start.authorization_url = *std::move(url);
  const absl::Time now = clock_.Now();
  if (absl::Status stored =
          store_.InsertSignInAttempt(Sha256(start.attempt_token), now, now + start.lifetime);
      !stored.ok()) {
    return stored;
  }
  return start;
}

SchoolSignInResult SchoolSignIn::Failed(absl::string_view reason) {
  log::Warning("DfE Sign-in failed", {{"reason", reason}});
  return SchoolSignInResult{};
}

absl::StatusOr<SchoolSignInResult> SchoolSignIn::Complete(const SchoolSignInCallback& callback) {
  if (dsi_ == nullptr) return absl::FailedPreconditionError("DfE Sign-in is not configured");
  for (const std::string* value :
       {&callback.attempt_token, &callback.code, &callback.state, &callback.error}) {
    if (value->size() > kMaxParameterLength) return Failed("over-long callback parameter");
  }
  if (callback.attempt_token.empty()) return Failed("no sign-in attempt cookie");
  absl::Status attempt = store_.TakeSignInAttempt(Sha256(callback.attempt_token), clock_.Now());
  if (absl::IsNotFound(attempt)) return Failed("unknown, used or expired sign-in attempt");
  if (!attempt.ok()) return attempt;
  const SignInAttemptSecrets secrets = DeriveSignInAttemptSecrets(callback.attempt_token);
  if (!ConstantTimeEquals(callback.state, secrets.state)) return Failed("state does not match");
  if (!callback.error.empty()) {
    return Failed(absl::StrCat("provider error ", SafeErrorCode(callback.error)));
  }
  if (callback.code.empty()) return Failed("no authorization code");

  absl::StatusOr<std::string> id_token = dsi_->ExchangeCode(callback.code, secrets.code_verifier);
  if (!id_token.ok()) return Failed(id_token.status().message());
  absl::StatusOr<IdTokenClaims> claims = dsi_->VerifyIdToken(*id_token, secrets.nonce);
  if (!claims.ok()) return Failed(claims.status().message());
  if (claims->email.empty()) return Failed("ID token has no email");

  SignInFacts facts;
  SchoolSignInResult result;
  facts.has_organisation = claims->organisation.has_value();
  if (facts.has_organisation) {
    const Organisation& organisation = *claims->organisation;
    result.organisation_name = organisation.name;
    facts.urn = organisation.urn;
    absl::StatusOr<DsiRoles> roles = dsi_->FetchRoles(organisation.id, claims->subject);
    if (!roles.ok()) return Failed(roles.status().message());
    facts.roles_found = roles->found;
    for (const std::string& code : roles->codes) {
      if (IsRoleCode(code)) facts.role_codes.push_back(code);
    }
    if (!facts.urn.empty()) {
      absl::StatusOr<std::optional<SchoolFacts>> school = directory_.FindSchool(facts.urn);
      if (!school.ok()) return school.status();
      facts.school = *std::move(school);
    }
  }
  // Whether the school has ECTs or mentors in training is not known here yet, so independent
  // schools without s41 approval are refused (see access_decision.h).
  const AccessDecision decision = DecideAccess(facts);
  switch (decision.outcome) {
    case SignInOutcome::kNoOrganisation:
      result.outcome = SchoolSignInResult::Outcome::kNoOrganisation;
      break;
    case SignInOutcome::kNoApprovedAccess:
      result.outcome = SchoolSignInResult::Outcome::kNoApprovedAccess;
      break;
    case SignInOutcome::kSchoolUser: {
      NewSessionSecret session = sessions_.NewSecret();
      SchoolSignInRecord record;
      record.dsi_user_id = claims->subject;
      record.email = claims->email;
      record.first_name = claims->given_name;
      record.last_name = claims->family_name;
      record.school_urn = facts.school->urn.empty() ? facts.urn : facts.school->urn;
      record.school_name =
          facts.school->name.empty() ? claims->organisation->name : facts.school->name;
      record.organisation_id = claims->organisation->id;
      record.roles = facts.role_codes;
      record.school_access = SchoolAccessName(decision.school_access);
      record.id_token_sealed = sessions_.SealIdToken(session.token, *id_token);
      record.session_digest = session.digest;
      record.now = session.now;
      record.expires_at = session.expires_at;
      absl::StatusOr<std::string> user_id = store_.RecordSchoolSignIn(record);
      if (!user_id.ok()) return user_id.status();
      result.outcome = SchoolSignInResult::Outcome::kSignedIn;
      result.session = std::move(session);
      break;
    }
  }
  log::Info("DfE Sign-in completed", {{"outcome", OutcomeName(result.outcome)}});
  return result;
}

std::string SchoolSignIn::EndSessionUrl(const std::string& id_token) {
  if (dsi_ == nullptr || id_token.empty()) return "";
  absl::StatusOr<std::string> url = dsi_->EndSessionUrl(id_token);
  if (!url.ok()) {
    log::Warning("no DfE Sign-in end-session URL",
                 {{"error", std::string(url.status().message())}});
    return "";
  }
  return *url;
}

}  // namespace rect::identity
