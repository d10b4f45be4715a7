// Named values of HTML forms and query strings (application/x-www-form-urlencoded: '+' is a
// space, %XX escapes), parsed with Boost.URL. The first value of a repeated name wins.
#pragma once

#include <boost/url/url_view.hpp>
#include <map>
#include <string>

#include "absl/strings/string_view.h"

namespace rect::gateway {

using FormFields = std::map<std::string, std::string, std::less<>>;

// The fields of a urlencoded body. Malformed escapes, or a name or value that decodes to text
// that is not UTF-8, make the whole body yield no fields.
FormFields ParseForm(absl::string_view body);

// The fields of the target's query string.
FormFields QueryFields(boost::urls::url_view target);

// The named field, or "".
const std::string& Field(const FormFields& fields, absl::string_view name);

}  // namespace rect::gateway
