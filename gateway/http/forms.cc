#include "gateway/http/forms.h"

#include <boost/url/encoding_opts.hpp>
#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>

namespace rect::gateway {
namespace {

FormFields Collect(boost::urls::params_view params) {
  FormFields fields;
  for (const boost::urls::param& param : params) fields.emplace(param.key, param.value);
  return fields;
}

boost::urls::encoding_opts FormEncoding() {
  boost::urls::encoding_opts options;
  options.space_as_plus = true;
  return options;
}

}  // namespace

FormFields ParseForm(absl::string_view body) {
  const boost::core::string_view text(body.data(), body.size());
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
