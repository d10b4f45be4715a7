// Parses a request target leniently, as browsers and API clients send them: characters that
// RFC 3986 forbids in a query or path (e.g. the brackets of `filter[cohort]=2024`) are
// percent-encoded first instead of failing the request.
#pragma once

#include <optional>

#include <boost/url/url.hpp>

#include "absl/strings/string_view.h"

namespace rect::gateway {

// nullopt when the target is not origin-form ("/path?query") even after encoding.
std::optional<boost::urls::url> ParseRequestTarget(absl::string_view target);

}  // namespace rect::gateway
