// The lead provider API's documentation, served without authentication where the published
// service keeps it:
//   GET /api/docs/v3                    Swagger UI (from swagger-ui-dist, served under
//                                       /assets/swagger-ui/, no CDN, no inline script)
//   GET /api/docs/v3/swagger.yaml       the OpenAPI document, unchanged
//   GET /api/guidance                   guidance for lead providers
//   GET /api/guidance/release-notes     what changed in the API, newest first
// With a limiter, each is limited to 300 requests per client address per 5 minutes (§4).
#pragma once

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gateway/api/rate_limit.h"
#include "gateway/http/router.h"

namespace rect::gateway::api {

// lead-provider-api-v3.yaml, compiled in (api_docs_data.cc is generated from it).
absl::string_view LeadProviderApiV3Yaml();

// `limiter` (not owned) may be null: no docs limit.
absl::Status AddApiDocsRoutes(Router& router, RateLimiter* limiter = nullptr);

}  // namespace rect::gateway::api
