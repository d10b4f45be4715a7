// The one page layout (GOV.UK Frontend markup) and the HTML page responses built with it:
// mustache templates compiled into the binary, rendered with HTML escaping, personalised pages
// never cached.
#pragma once

#include <kainjow/mustache.hpp>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gateway/http/handler.h"
#include "gateway/web/viewer.h"

namespace rect::gateway {

using PageData = kainjow::mustache::data;

class Pages {
 public:
  // Parses every template; INVALID_ARGUMENT naming one that does not parse.
  static absl::StatusOr<Pages> Load();

  // The page `name` rendered with `data` (plus "csrf_token", "user_name", "user_email",
  // "school_name" and "school_urn" from the viewer), inside the layout titled `title`.
  std::string Render(absl::string_view name, absl::string_view title, PageData data,
                     const Viewer& viewer) const;

  // Render as an HTML response with `status`.
  HttpResponse Respond(boost::beast::http::status status, absl::string_view name,
                       absl::string_view title, PageData data, const Viewer& viewer) const;

 private:
  explicit Pages(std::map<std::string, std::string> templates) : templates_(std::move(templates)) {}

  std::map<std::string, std::string> templates_;
};

// An HTML response: no caching, no framing, no content sniffing, same-origin referrers.
HttpResponse HtmlResponse(boost::beast::http::status status, std::string html);

// 303 See Other to `location` (a path, or an absolute URL such as DfE Sign-in's), not cached.
HttpResponse RedirectResponse(absl::string_view location);

}  // namespace rect::gateway
