// The lead provider's "Check your schools" pages (partnerships.md §7): its schools in a cohort
// with ECT and mentor numbers from registration, searched, sorted by name and paged, and one
// school's details. A lead provider only ever sees its own partnerships.
#pragma once

#include "absl/status/status.h"
#include "gateway/backends.h"
#include "gateway/http/router.h"
#include "gateway/web/page_guard.h"
#include "gateway/web/pages.h"

namespace rect::gateway {

absl::Status AddCheckSchoolsRoutes(Router& router, Backends& backends, const Pages& pages,
                                   PageGuard& guard);

}  // namespace rect::gateway
