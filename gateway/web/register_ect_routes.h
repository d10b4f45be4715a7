// The register-an-ECT pages (/school/register-ect/<step>, school-journeys.md §3): each step's
// form rendered in GOV.UK Frontend markup and submitted to the registration service, which
// keeps the answers, validates them and decides where to go next. The wizard id lives in an
// HttpOnly cookie; the school and user come only from the session.
#pragma once

#include "absl/status/status.h"
#include "gateway/backends.h"
#include "gateway/http/router.h"
#include "gateway/web/page_guard.h"
#include "gateway/web/pages.h"

namespace rect::gateway {

absl::Status AddRegisterEctRoutes(Router& router, Backends& backends, const Pages& pages,
                                  PageGuard& guard);

}  // namespace rect::gateway
