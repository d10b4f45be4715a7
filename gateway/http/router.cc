#include "gateway/http/router.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace rect::gateway {
namespace {

namespace http = boost::beast::http;

bool IsParameterName(absl::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool IsLiteral(absl::string_view text) {
  return !text.empty() && text.find_first_of("{}%?#") == absl::string_view::npos;
}

}  // namespace

absl::Status Router::Add(http::verb method, absl::string_view pattern, Handler handler) {
  auto invalid = [&](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat("route ", pattern, ": ", why));
  };
  if (!handler) return invalid("no handler");
  if (method == http::verb::unknown) return invalid("unknown method");
  if (pattern.empty() || pattern[0] != '/') return invalid("must start with /");

  Route route;
  route.pattern = std::string(pattern);
  std::vector<std::string> parts;
  if (pattern != "/") parts = absl::StrSplit(pattern.substr(1), '/');
  std::vector<std::string> names;
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    if (part.size() > 2 && part.front() == '{' && part.back() == '}') {
      absl::string_view name = absl::string_view(part).substr(1, part.size() - 2);
      Segment::Kind kind = Segment::Kind::kParameter;
      if (absl::EndsWith(name, "...")) {
        if (i + 1 != parts.size()) return invalid("{name...} must be the last segment");
        name.remove_suffix(3);
        kind = Segment::Kind::kRest;
      }
      if (!IsParameterName(name)) return invalid("parameter names are [a-z0-9_]+");
      if (std::find(names.begin(), names.end(), name) != names.end()) {
        return invalid("repeated parameter name");
      }
      names.emplace_back(name);
      route.segments.push_back({kind, std::string(name)});
    } else if (IsLiteral(part)) {
      route.segments.push_back({Segment::Kind::kLiteral, part});
    } else {
      return invalid("empty segment or unexpected character");
    }
  }

  for (Route& existing : routes_) {
    if (!SameShape(existing, route)) continue;
    if (existing.pattern != route.pattern) {
      return invalid(absl::StrCat("matches the same paths as ", existing.pattern));
    }
    if (!existing.handlers.emplace(method, std::move(handler)).second) {
      return invalid(absl::StrCat(std::string(http::to_string(method)), " is already routed"));
    }
    return absl::OkStatus();
  }
  route.handlers.emplace(method, std::move(handler));
  const bool literal = std::all_of(route.segments.begin(), route.segments.end(),
                                   [](const Segment& s) { return s.kind == Segment::Kind::kLiteral; });
  if (literal) literal_routes_.emplace(route.pattern, routes_.size());
  routes_.push_back(std::move(route));
  return absl::OkStatus();
}

bool Router::SameShape(const Route& a, const Route& b) {
  if (a.segments.size() != b.segments.size()) return false;
  for (size_t i = 0; i < a.segments.size(); ++i) {
    const Segment& x = a.segments[i];
    const Segment& y = b.segments[i];
    if (x.kind != y.kind || (x.kind == Segment::Kind::kLiteral && x.text != y.text)) return false;
  }
  return true;
}

bool Router::MatchSegments(const Route& route, const std::vector<std::string>& path,
                           PathParams& params) {
  params.clear();
  size_t i = 0;
  for (const Segment& segment : route.segments) {
    if (segment.kind == Segment::Kind::kRest) {
      if (i >= path.size()) return false;
      std::vector<std::string> rest(path.begin() + i, path.end());
      params[segment.text] = absl::StrJoin(rest, "/");
      return true;
    }
    if (i >= path.size() || path[i].empty()) return false;
    if (segment.kind == Segment::Kind::kLiteral) {
      if (path[i] != segment.text) return false;
    } else {
      params[segment.text] = path[i];
    }
    ++i;
  }
  return i == path.size();
}

const Handler* Router::HandlerFor(const Route& route, http::verb method) {
  auto it = route.handlers.find(method);
  if (it == route.handlers.end() && method == http::verb::head) {
    it = route.handlers.find(http::verb::get);
  }
  return it == route.handlers.end() ? nullptr : &it->second;
}

bool Router::MoreSpecific(const Route& a, const Route& b) {
  const size_t n = std::min(a.segments.size(), b.segments.size());
  for (size_t i = 0; i < n; ++i) {
    if (a.segments[i].kind != b.segments[i].kind) return a.segments[i].kind < b.segments[i].kind;
  }
  return a.segments.size() > b.segments.size();
}

std::vector<RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> routes;
  for (const Route& route : routes_) {
    RouteInfo info{route.pattern, {}};
    for (const auto& entry : route.handlers) info.methods.push_back(entry.first);
    routes.push_back(std::move(info));
  }
  return routes;
}

RouteMatch Router::Match(http::verb method, boost::urls::url_view target) const {
  // A route of literals only that matches exactly, with a handler for the method, is the most
  // specific match there can be: any other matching route has a parameter where it has a
  // literal. Anything else (escapes, no handler: 405's Allow) takes the walk below.
  const boost::core::string_view encoded = target.encoded_path();
  if (encoded.find('%') == boost::core::string_view::npos) {
    auto literal = literal_routes_.find(absl::string_view(encoded.data(), encoded.size()));
    if (literal != literal_routes_.end()) {
      const Route& route = routes_[literal->second];
      if (const Handler* handler = HandlerFor(route, method)) {
        RouteMatch match;
        match.outcome = RouteMatch::Outcome::kMatched;
        match.handler = handler;
        match.route = route.pattern;
        return match;
      }
    }
  }
  std::vector<std::string> path;
  for (std::string segment : target.segments()) path.push_back(std::move(segment));

  const Route* best = nullptr;  // the most specific route with a handler for `method`
  const Handler* handler = nullptr;
  const Route* other = nullptr;  // the most specific route for the path without one
  PathParams params;
  PathParams best_params;
  std::vector<http::verb> allowed;
  for (const Route& route : routes_) {
    if (!MatchSegments(route, path, params)) continue;
    const Handler* candidate = HandlerFor(route, method);
    if (candidate == nullptr) {
      for (const auto& entry : route.handlers) {
        allowed.push_back(entry.first);
        if (entry.first == http::verb::get) allowed.push_back(http::verb::head);
      }
      if (other == nullptr || MoreSpecific(route, *other)) other = &route;
    } else if (best == nullptr || MoreSpecific(route, *best)) {
      best = &route;
      handler = candidate;
      best_params = params;
    }
  }

  RouteMatch match;
  if (best != nullptr) {
    match.outcome = RouteMatch::Outcome::kMatched;
    match.handler = handler;
    match.route = best->pattern;
    match.params = std::move(best_params);
  } else if (other != nullptr) {
    std::sort(allowed.begin(), allowed.end());
    allowed.erase(std::unique(allowed.begin(), allowed.end()), allowed.end());
    std::vector<std::string> names;
    for (http::verb verb : allowed) names.emplace_back(http::to_string(verb));
    match.outcome = RouteMatch::Outcome::kMethodNotAllowed;
    match.route = other->pattern;
    match.allow = absl::StrJoin(names, ", ");
  }
  return match;
}

}  // namespace rect::gateway
