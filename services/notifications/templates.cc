#include "services/notifications/templates.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace rect::notifications {
namespace {

// Characters (code points) of valid UTF-8, which protobuf guarantees for string fields.
size_t CharacterCount(absl::string_view text) {
  return std::count_if(text.begin(), text.end(),
                       [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

// Separators of address lists and display names ("Ann <ann@example.com>, bob@..."), which
// Notify refuses too: one plain address per email.
constexpr char kNotInAddresses[] = ",;:<>()[]\\\"";

bool Contains(const std::vector<std::string>& fields, const std::string& field) {
  return std::find(fields.begin(), fields.end(), field) != fields.end();
}

bool IsPlausibleDomain(absl::string_view domain) {
  if (domain.empty() || domain.find('.') == absl::string_view::npos) return false;
  if (domain.front() == '.' || domain.back() == '.') return false;
  return domain.find("..") == absl::string_view::npos;
}

}  // namespace

const std::vector<EmailTemplate>& EmailTemplates() {
  // Sources: partnerships.md §1 (sign-in, welcome) and §5 (partnership emails, whose fields
  // follow ECF1's mailers), school-journeys.md §3.5 and §4.2 (registration confirmations,
  // whose fields follow RECT's mailers).
  static const std::vector<EmailTemplate>* const templates = new std::vector<EmailTemplate>{
      // "Link to sign in": the lead-provider magic link; token_expiry like "5 March 2026, 2:30 PM".
      {"sign_in_link", {"full_name", "sign_in", "token_expiry"}, {}},
      // "Your account to confirm schools", sent when a DfE admin creates a lead-provider user.
      {"lead_provider_welcome", {"name", "lead_provider_name", "start_url"}, {}},
      // "Training provider confirmed: add your ECTs and mentors", to the school's induction
      // tutor (ECF1 induction_coordinator_email; step_by_step and academic_year came later, so
      // are optional); the reminder after 7 days has the same fields.
      {"partnership_confirmed_induction_tutor",
       {"name", "lead_provider_name", "delivery_partner_name", "school_name", "sign_in_url",
        "challenge_url", "challenge_deadline"},
       {"step_by_step", "academic_year"}},
      {"partnership_reminder_induction_tutor",
       {"name", "lead_provider_name", "delivery_partner_name", "school_name", "sign_in_url",
        "challenge_url", "challenge_deadline"},
       {"step_by_step", "academic_year"}},
      // "FAO: NQT coordinator. Training provider confirmed.", to a school with no induction
      // tutor (ECF1 school_email); the reminder after 7 days has the same fields.
      {"partnership_confirmed_school",
       {"lead_provider_name", "delivery_partner_name", "school_name", "nominate_url",
        "challenge_url", "challenge_deadline"},
       {}},
      {"partnership_reminder_school",
       {"lead_provider_name", "delivery_partner_name", "school_name", "nominate_url",
        "challenge_url", "challenge_deadline"},
       {}},
      // To every user of the lead provider after a school reports a partnership as wrong
      // (partnerships.md §6): reason is the label the school chose, cohort_year like 2021/22.
      {"partnership_challenged",
       {"name", "school_name", "school_urn", "delivery_partner_name", "reason"},
       {"lead_provider_name", "cohort_year"}},
      // "You've been registered for early career teacher training and support", to the ECT.
      {"ect_registered_provider_led", {"ect_name", "school_name"}, {}},
      {"ect_registered_school_led", {"ect_name", "school_name"}, {}},
      // "You've been registered as a mentor for early career teachers at {school_name}".
      {"mentor_registered", {"mentor_name", "school_name"}, {}},
      // "You are the induction tutor for {school_name}" (school-journeys.md §1), to a newly
      // named induction tutor.
      {"induction_tutor_confirmation", {"name", "school_name"}, {}},
  };
  return *templates;
}

const EmailTemplate* FindEmailTemplate(absl::string_view name) {
  for (const EmailTemplate& email_template : EmailTemplates()) {
    if (email_template.name == name) return &email_template;
  }
  return nullptr;
}

bool IsPlausibleEmailAddress(absl::string_view address) {
  if (address.empty() || address.size() > kMaxRecipientLength) return false;
  for (char c : address) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c)) ||
        absl::ascii_iscntrl(static_cast<unsigned char>(c)) ||
        absl::string_view(kNotInAddresses).find(c) != absl::string_view::npos) {
      return false;
    }
  }
  const size_t at = address.find('@');
  if (at == absl::string_view::npos || at == 0) return false;
  if (address.find('@', at + 1) != absl::string_view::npos) return false;
  return IsPlausibleDomain(address.substr(at + 1));
}

absl::Status ValidateEmail(absl::string_view template_name, absl::string_view recipient,
                           const Personalisation& personalisation,
                           absl::string_view idempotency_key) {
  if (template_name.empty()) return absl::InvalidArgumentError("template is required");
  const EmailTemplate* email_template = FindEmailTemplate(template_name);
  if (email_template == nullptr) {
    // The name is the caller's, not a secret; escaped and cut short to keep the message sane.
    return absl::InvalidArgumentError(
        absl::StrCat("unknown template '", absl::CHexEscape(template_name.substr(0, 64)), "'"));
  }
  for (const std::string& field : email_template->required_fields) {
    auto value = personalisation.find(field);
    if (value == personalisation.end() || value->second.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("personalisation field '", field,
                                                     "' is required by template '",
                                                     email_template->name, "'"));
    }
  }
  for (const auto& [field, value] : personalisation) {
    if (!Contains(email_template->required_fields, field) &&
        !Contains(email_template->optional_fields, field)) {
      return absl::InvalidArgumentError(
          absl::StrCat("personalisation field '", absl::CHexEscape(field.substr(0, 64)),
                       "' is not used by template '", email_template->name, "'"));
    }
    if (CharacterCount(value) > kMaxPersonalisationValueLength) {
      return absl::InvalidArgumentError(absl::StrCat("personalisation field '", field, "' must be ",
                                                     kMaxPersonalisationValueLength,
                                                     " characters or fewer"));
    }
  }
  if (!IsPlausibleEmailAddress(recipient)) {
    return absl::InvalidArgumentError(
        "recipient must be one email address in the correct format, like name@example.com");
  }
  if (idempotency_key.empty()) return absl::InvalidArgumentError("idempotency_key is required");
  if (CharacterCount(idempotency_key) > kMaxIdempotencyKeyLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("idempotency_key must be ", kMaxIdempotencyKeyLength, " characters or fewer"));
  }
  return absl::OkStatus();
}

}  // namespace rect::notifications
