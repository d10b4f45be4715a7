#include "gateway/http/router.h"

#include <gtest/gtest.h>

#include <boost/url/parse.hpp>
#include <string>

namespace rect::gateway {
namespace {

namespace http = boost::beast::http;

// A handler that does nothing; matches are told apart by route template.
Handler Noop() {
  return [](std::shared_ptr<const RequestContext>, Responder) {};
}

RouteMatch MatchTarget(const Router& router, http::verb method, const std::string& target) {
  auto url = boost::urls::parse_origin_form(target);
  EXPECT_TRUE(url.has_value()) << target;
  return router.Match(method, *url);
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (auto [method, route] : std::initializer_list<std::pair<http::verb, const char*>>{
             {http::verb::get, "/"},
             {http::verb::get, "/healthz"},
             {http::verb::get, "/api/v3/participants"},
             {http::verb::get, "/api/v3/participants/{id}"},
             {http::verb::put, "/api/v3/participants/{id}/withdraw"},
             {http::verb::get, "/api/v3/participants/ecf"},
             {http::verb::post, "/api/v3/participant-declarations"},
             {http::verb::get, "/api/v3/participant-declarations"},
             {http::verb::get, "/schools/{urn}/teachers/{teacher_id}"},
             {http::verb::get, "/assets/{path...}"},
         }) {
      ASSERT_TRUE(router_.Add(method, route, Noop()).ok()) << route;
    }
  }

  Router router_;
};

TEST_F(RouterTest, MatchesTemplatesAndExtractsDecodedParameters) {
  struct Case {
    http::verb method;
    std::string target;
    std::string route;
    PathParams params;
  };
  const Case cases[] = {
      {http::verb::get, "/", "/", {}},
      {http::verb::get, "/healthz", "/healthz", {}},
      {http::verb::get, "/healthz?verbose=1", "/healthz", {}},
      {http::verb::head, "/healthz", "/healthz", {}},  // HEAD falls back to GET
      {http::verb::get, "/api/v3/participants", "/api/v3/participants", {}},
      {http::verb::get,
       "/api/v3/participants/abc-123",
       "/api/v3/participants/{id}",
       {{"id", "abc-123"}}},
      {http::verb::get, "/api/v3/participants/a%20b", "/api/v3/participants/{id}", {{"id", "a b"}}},
      {http::verb::put,
       "/api/v3/participants/42/withdraw",
       "/api/v3/participants/{id}/withdraw",
       {{"id", "42"}}},
      // A literal segment beats a parameter in the same position.
      {http::verb::get, "/api/v3/participants/ecf", "/api/v3/participants/ecf", {}},
      {http::verb::post,
       "/api/v3/participant-declarations",
       "/api/v3/participant-declarations",
       {}},
      {http::verb::get,
       "/schools/100000/teachers/7",
       "/schools/{urn}/teachers/{teacher_id}",
       {{"urn", "100000"}, {"teacher_id", "7"}}},
      // Escaped literals match as their decoded text.
      {http::verb::get, "/he%61lthz", "/healthz", {}},
      {http::verb::get, "/api/v3/%70articipants/ecf", "/api/v3/participants/ecf", {}},
      {http::verb::get, "/assets/app.css", "/assets/{path...}", {{"path", "app.css"}}},
      {http::verb::get,
       "/assets/images/a%2Fb.png",
       "/assets/{path...}",
       {{"path", "images/a/b.png"}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.target);
    RouteMatch match = MatchTarget(router_, c.method, c.target);
    ASSERT_EQ(match.outcome, RouteMatch::Outcome::kMatched);
    EXPECT_NE(match.handler, nullptr);
    EXPECT_EQ(match.route, c.route);
    EXPECT_EQ(match.params, c.params);
  }
}

TEST_F(RouterTest, UnknownPathsAreNotFound) {
  for (const char* target :
       {"/nope", "/healthz/", "/healthz/extra", "/api/v3", "/api/v3/participants/",
        "/api/v3/participants/1/withdraw/x", "/HEALTHZ", "/assets", "/schools//teachers/7"}) {
    SCOPED_TRACE(target);
    RouteMatch match = MatchTarget(router_, http::verb::get, target);
    EXPECT_EQ(match.outcome, RouteMatch::Outcome::kNotFound);
    EXPECT_EQ(match.handler, nullptr);
    EXPECT_EQ(match.route, "");
  }
}

TEST_F(RouterTest, WrongMethodIsNotAllowedWithAllowHeader) {
  struct Case {
    http::verb method;
    std::string target;
    std::string route;
    std::string allow;
  };
  const Case cases[] = {
      {http::verb::post, "/healthz", "/healthz", "GET, HEAD"},
      {http::verb::delete_, "/api/v3/participant-declarations", "/api/v3/participant-declarations",
       "GET, HEAD, POST"},
      {http::verb::get, "/api/v3/participants/1/withdraw", "/api/v3/participants/{id}/withdraw",
       "PUT"},
      {http::verb::post, "/api/v3/participants/ecf", "/api/v3/participants/ecf", "GET, HEAD"},
      {http::verb::head, "/api/v3/participants/1/withdraw", "/api/v3/participants/{id}/withdraw",
       "PUT"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.target);
    RouteMatch match = MatchTarget(router_, c.method, c.target);
    EXPECT_EQ(match.outcome, RouteMatch::Outcome::kMethodNotAllowed);
    EXPECT_EQ(match.handler, nullptr);
    EXPECT_EQ(match.route, c.route);
    EXPECT_EQ(match.allow, c.allow);
  }
}

TEST(RouterAddTest, RejectsMalformedAndConflictingTemplates) {
  Router router;
  ASSERT_TRUE(router.Add(http::verb::get, "/a/{id}", Noop()).ok());
  for (const char* route : {"", "a", "/a//b", "/a/", "/a/{}", "/a/{Id}", "/a/{id}/{id}",
                            "/a/{rest...}/b", "/a/b%20", "/a/{id", "/a?x=1"}) {
    EXPECT_FALSE(router.Add(http::verb::get, route, Noop()).ok()) << route;
  }
  EXPECT_FALSE(router.Add(http::verb::get, "/a/{id}", Noop()).ok()) << "same method twice";
  EXPECT_FALSE(router.Add(http::verb::post, "/a/{other}", Noop()).ok()) << "same paths";
  EXPECT_FALSE(router.Add(http::verb::get, "/b", nullptr).ok()) << "no handler";
  EXPECT_TRUE(router.Add(http::verb::post, "/a/{id}", Noop()).ok());
  EXPECT_TRUE(router.Add(http::verb::get, "/a/new", Noop()).ok());
}

TEST(Router, ListsEveryRouteWithItsMethods) {
  Router router;
  ASSERT_TRUE(router.Add(http::verb::post, "/a/{id}", Noop()).ok());
  ASSERT_TRUE(router.Add(http::verb::get, "/b", Noop()).ok());
  ASSERT_TRUE(router.Add(http::verb::get, "/a/{id}", Noop()).ok());
  const std::vector<RouteInfo> routes = router.Routes();
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_EQ(routes[0].pattern, "/a/{id}");
  EXPECT_EQ(routes[0].methods, (std::vector<http::verb>{http::verb::get, http::verb::post}));
  EXPECT_EQ(routes[1].pattern, "/b");
  EXPECT_EQ(routes[1].methods, (std::vector<http::verb>{http::verb::get}));
}

}  // namespace
}  // namespace rect::gateway
