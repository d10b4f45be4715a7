#include "gateway/http/forms.h"

#include <boost/url/encoding_opts.hpp>
#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>
#include <string>

#include "gateway/http/utf8.h"

namespace rect::gateway {
namespace {

FormFields Collect(boost::urls::params_view params) {
  FormFields fields;
  for (const boost::urls::param& param : params) {
    // Decoded text that is not UTF-8 (e.g. %FF) can be neither shown nor stored: the whole
    // form is refused, as for malformed escapes.
    if (!IsValidUtf8(param.key) || !IsValidUtf8(param.value)) return {};
    fields.emplace(param.key, param.value);
  }
  return fields;
}

boost::urls::encoding_opts FormEncoding() {
  boost::urls::encoding_opts options;
  options.space_as_plus = true;
  return options;
}

}  // namespace

FormFields ParseForm(absl::string_view body) {
  // Boost 1.81's parse_query measures its result with strlen(s.data()), reading past `body`
  // (e.g. a query into the fragment after it). A NUL-terminated copy keeps it to our bytes; a raw
  // NUL inside fails the query grammar first.
  const std::string owned(body);
  const boost::core::string_view text(owned.data(), owned.size());
  if (!boost::urls::parse_query(text)) return {};
  return Collect(boost::urls::params_view(text, FormEncoding()));
}

FormFields QueryFields(boost::urls::url_view target) {
  if (!target.has_query()) return {};
  return ParseForm(absl::string_view(target.encoded_query().data(), target.encoded_query().size()));
}

const std::string& Field(const FormFields& fields, absl::string_view name) {
  static const std::string* const kEmpty = new std::string();
  auto it = fields.find(name);
  return it == fields.end() ? *kEmpty : it->second;
}

}  // namespace rect::gateway
