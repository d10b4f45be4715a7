#include "gateway/health_routes.h"

#include <prometheus/text_serializer.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>
#include <utility>
#include <vector>

#include "gateway/http/responses.h"
#include "services/common/status.h"

namespace rect::gateway {
namespace {

namespace http = boost::beast::http;

HttpResponse ReadinessResponse(const std::vector<BackendHealth>& results) {
  boost::json::object services;
  boost::json::array failing;
  for (const BackendHealth& result : results) {
    const absl::string_view name = BackendName(result.backend);
    const boost::json::string_view key(name.data(), name.size());
    services[key] = result.status;
    if (!result.serving()) failing.emplace_back(key);
  }
  const bool ready = failing.empty();
  boost::json::object body;
  body["status"] = ready ? "ready" : "unavailable";
  body["services"] = std::move(services);
  if (!ready) body["failing"] = std::move(failing);
  HttpResponse response =
      JsonResponse(ready ? http::status::ok : http::status::service_unavailable, body);
  response.set(http::field::cache_control, "no-store");
  return response;
}

}  // namespace

absl::Status AddHealthRoutes(Router& router, Backends& backends,
                             std::shared_ptr<prometheus::Registry> registry) {
  RETURN_IF_ERROR(router.Add(http::verb::get, "/healthz",
                             [](std::shared_ptr<const RequestContext>, Responder respond) {
                               HttpResponse response = TextResponse(http::status::ok, "ok");
                               response.set(http::field::cache_control, "no-store");
                               respond(std::move(response));
                             }));

  RETURN_IF_ERROR(router.Add(
      http::verb::get, "/readyz",
      [&backends](std::shared_ptr<const RequestContext> context, Responder respond) {
        backends.CheckReadiness(context->request_id, [respond](std::vector<BackendHealth> results) {
          respond(ReadinessResponse(results));
        });
      }));

  return router.Add(
      http::verb::get, "/metrics",
      [registry = std::move(registry)](std::shared_ptr<const RequestContext>, Responder respond) {
        HttpResponse response = TextResponse(
            http::status::ok, prometheus::TextSerializer().Serialize(registry->Collect()),
            "text/plain; version=0.0.4");
        respond(std::move(response));
      });
}

}  // namespace rect::gateway
