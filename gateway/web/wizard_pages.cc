#include "gateway/web/wizard_pages.h"

#include "absl/strings/str_cat.h"
#include "gateway/web/cookies.h"

namespace rect::gateway {

registration::v1::WizardUser WizardUserOf(const Viewer& viewer) {
  registration::v1::WizardUser user;
  user.set_school_urn(viewer.session.school_urn());
  user.set_user_id(viewer.session.user_id());
  user.set_user_name(viewer.session.full_name());
  user.set_user_email(viewer.session.email());
  return user;
}

std::string WizardCookieValue(const std::string& name, const std::string& path,
                              const std::string& wizard_id, bool secure) {
  CookieSpec cookie;
  cookie.name = name;
  cookie.value = wizard_id;
  cookie.path = path;
  cookie.max_age = absl::Hours(2);
  cookie.secure = secure;
  return SetCookieValue(cookie);
}

PageData ChoiceItems(const google::protobuf::RepeatedPtrField<registration::v1::Choice>& choices,
                     const std::string& selected) {
  PageData list{PageData::type::list};
  for (const registration::v1::Choice& choice : choices) {
    PageData item;
    item.set("value", choice.value());
    item.set("label", choice.label());
    if (choice.value() == selected) item.set("checked", PageData(true));
    list.push_back(item);
  }
  return list;
}

void SetFieldErrors(
    const google::protobuf::RepeatedPtrField<registration::v1::FieldError>& field_errors,
    PageData& data) {
  if (field_errors.empty()) return;
  data.set("has_errors", PageData(true));
  data.set("error", field_errors[0].message());  // the layout's "Error: " title prefix
  PageData errors{PageData::type::list};
  for (const registration::v1::FieldError& error : field_errors) {
    PageData item;
    item.set("field", error.field());
    item.set("message", error.message());
    errors.push_back(item);
    data.set(absl::StrCat("error_", error.field()), error.message());
  }
  data.set("errors", errors);
}

}  // namespace rect::gateway
