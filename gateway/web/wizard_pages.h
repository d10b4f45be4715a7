// What the school wizards' pages (register an ECT, register a mentor) share: the user the
// registration service scopes a wizard to, the wizard-id cookie, radio options and the error
// summary with inline messages.
#pragma once

#include <string>

#include "absl/time/time.h"
#include "gateway/web/pages.h"
#include "gateway/web/viewer.h"
#include "protos/registration/v1/registration.pb.h"

namespace rect::gateway {

// The signed-in school user a wizard belongs to.
registration::v1::WizardUser WizardUserOf(const Viewer& viewer);

// Set-Cookie value holding a wizard's id for the pages under `path` (HttpOnly, 2 hours, as
// long as the registration service keeps an idle wizard).
std::string WizardCookieValue(const std::string& name, const std::string& path,
                              const std::string& wizard_id, bool secure);

// Radio options: value, label and "checked" for the one equal to `selected`.
PageData ChoiceItems(const google::protobuf::RepeatedPtrField<registration::v1::Choice>& choices,
                     const std::string& selected);

// The error summary ("has_errors", the title's "error", the "errors" list) and each message
// again as "error_<field>" for the inline messages; nothing when there are no errors.
void SetFieldErrors(
    const google::protobuf::RepeatedPtrField<registration::v1::FieldError>& field_errors,
    PageData& data);

}  // namespace rect::gateway
