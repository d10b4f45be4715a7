// The pages users land on: the start page (/), a school user's home (/school/home) or their
// school's access-denied page (/school/access-denied), and a lead-provider user's dashboard
// (/dashboard).
#pragma once

#include "absl/status/status.h"
#include "gateway/http/router.h"
#include "gateway/web/page_guard.h"
#include "gateway/web/pages.h"

namespace rect::gateway {

absl::Status AddHomeRoutes(Router& router, const Pages& pages, PageGuard& guard);

}  // namespace rect::gateway
