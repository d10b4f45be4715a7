// Operational endpoints of the gateway: GET /healthz (the process is alive), GET /readyz (every
// backend's gRPC health is SERVING) and GET /metrics (Prometheus text format).
#pragma once

#include <prometheus/registry.h>

#include <memory>

#include "absl/status/status.h"
#include "gateway/backends.h"
#include "gateway/http/router.h"

namespace rect::gateway {

// `backends` must outlive the routes' use; `registry` is the process's one registry.
absl::Status AddHealthRoutes(Router& router, Backends& backends,
                             std::shared_ptr<prometheus::Registry> registry);

}  // namespace rect::gateway
