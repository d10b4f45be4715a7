// Route table for the gateway: route templates such as "/api/v3/participants/{id}" matched
// against method and path, with 404 for unknown paths and 405 (plus Allow) for wrong methods.
#pragma once

#include <boost/beast/http/verb.hpp>
#include <boost/url/url_view.hpp>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gateway/http/handler.h"

namespace rect::gateway {

struct RouteMatch {
  enum class Outcome { kMatched, kNotFound, kMethodNotAllowed };

  Outcome outcome = Outcome::kNotFound;
  const Handler* handler = nullptr;  // set when matched; owned by the router
  std::string route;                 // the template, when the path matched one
  PathParams params;                 // decoded values of the template's parameters
  std::string allow;                 // for kMethodNotAllowed: the Allow header, e.g. "GET, POST"
};

// One route of the table: its template and the methods registered on it.
struct RouteInfo {
  std::string pattern;
  std::vector<boost::beast::http::verb> methods;  // in ascending order
};

class Router {
 public:
  // Registers `handler` for `method` on `route`. A template is "/" or "/"-separated segments,
  // each a literal, a "{name}" matching one non-empty segment, or (last only) "{name...}"
  // matching the rest of the path. INVALID_ARGUMENT for a malformed template, a method already
  // registered on it, or a template matching exactly the same paths as another one. Add every
  // route before the server starts: matching is not synchronised with Add.
  absl::Status Add(boost::beast::http::verb method, absl::string_view route, Handler handler);

  // Finds the handler for `method` on the target's path; HEAD uses the GET handler unless one
  // is registered for HEAD. When several templates match, the one whose first differing
  // segment is a literal wins (so "/x/new" beats "/x/{id}").
  RouteMatch Match(boost::beast::http::verb method, boost::urls::url_view target) const;

  // Every route in the order added, so tests can walk the whole table (e.g. an authorization
  // matrix covering routes added later without listing them).
  std::vector<RouteInfo> Routes() const;

 private:
  struct Segment {
    enum class Kind { kLiteral, kParameter, kRest };
    Kind kind;
    std::string text;  // the literal, or the parameter's name
  };
  struct Route {
    std::string pattern;
    std::vector<Segment> segments;
    std::map<boost::beast::http::verb, Handler> handlers;
  };

  static const Handler* HandlerFor(const Route& route, boost::beast::http::verb method);
  static bool SameShape(const Route& a, const Route& b);
  static bool MatchSegments(const Route& route, const std::vector<std::string>& path,
                            PathParams& params);
  static bool MoreSpecific(const Route& a, const Route& b);

  std::vector<Route> routes_;
  // Routes of literal segments only, by pattern (index into routes_): a path that is one of
  // them exactly, with no escapes, is matched without walking every route.
  std::map<std::string, size_t, std::less<>> literal_routes_;
};

}  // namespace rect::gateway
