// The lead provider API's OpenAPI document, served unchanged (no authentication) at
// GET /api/docs/v3/swagger.yaml, where the published service keeps it.
#pragma once

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gateway/http/router.h"

namespace rect::gateway::api {

// lead-provider-api-v3.yaml, compiled in (api_docs_data.cc is generated from it).
absl::string_view LeadProviderApiV3Yaml();

absl::Status AddApiDocsRoutes(Router& router);

}  // namespace rect::gateway::api
