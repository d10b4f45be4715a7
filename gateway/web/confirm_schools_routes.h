// The lead provider's "Confirm your schools" pages (partnerships.md §4): choose a delivery
// partner, upload a CSV of URNs, see its errors, check and confirm the schools.
#pragma once

#include "absl/status/status.h"
#include "gateway/backends.h"
#include "gateway/http/router.h"
#include "gateway/web/page_guard.h"
#include "gateway/web/pages.h"

namespace rect::gateway {

absl::Status AddConfirmSchoolsRoutes(Router& router, Backends& backends, const Pages& pages,
                                     PageGuard& guard);

}  // namespace rect::gateway
