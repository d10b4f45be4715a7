// The email template catalogue (each template's name and personalisation fields) and the checks
// an email must pass before it enters the outbox. Pure: no I/O.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace rect::notifications {

// Field name -> value, as GOV.UK Notify's `personalisation` object.
using Personalisation = std::map<std::string, std::string>;

struct EmailTemplate {
  std::string name;                          // what callers pass, e.g. "sign_in_link"
  std::vector<std::string> required_fields;  // each must be present and non-empty
  std::vector<std::string> optional_fields;  // may be given; any other field is refused
};

// Every template the service can send. The Notify template id for each name comes from
// configuration, not from here.
const std::vector<EmailTemplate>& EmailTemplates();

// The template called `name`, or null.
const EmailTemplate* FindEmailTemplate(absl::string_view name);

inline constexpr size_t kMaxRecipientLength = 254;
inline constexpr size_t kMaxIdempotencyKeyLength = 200;         // characters
inline constexpr size_t kMaxPersonalisationValueLength = 2000;  // characters

// INVALID_ARGUMENT naming the template or field at fault (never quoting a value, which may be
// a sign-in link or a person's address): unknown template, missing, empty or unexpected
// personalisation field, over-long value, implausible recipient, empty or over-long key.
absl::Status ValidateEmail(absl::string_view template_name, absl::string_view recipient,
                           const Personalisation& personalisation,
                           absl::string_view idempotency_key);

// True for a plausible single address: one '@', a local part and a dotted domain, no spaces,
// control characters or list and display-name punctuation, at most kMaxRecipientLength bytes.
// Notify makes the final check.
bool IsPlausibleEmailAddress(absl::string_view address);

}  // namespace rect::notifications
