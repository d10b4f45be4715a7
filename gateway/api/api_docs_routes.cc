#include "gateway/api/api_docs_routes.h"

#include <boost/beast/http/field.hpp>
#include <memory>

#include "gateway/http/responses.h"

namespace rect::gateway::api {

absl::Status AddApiDocsRoutes(Router& router) {
  namespace http = boost::beast::http;
  return router.Add(
      http::verb::get, "/api/docs/v3/swagger.yaml",
      [](std::shared_ptr<const RequestContext>, Responder respond) {
        respond(TextResponse(http::status::ok, LeadProviderApiV3Yaml(), "application/yaml"));
      });
}

}  // namespace rect::gateway::api
