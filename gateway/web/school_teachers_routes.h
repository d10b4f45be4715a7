// The school's teachers (school-journeys.md §1, §3.5): the ECT and mentor lists with their
// status tags, search and pages, each teacher's details, and the small forms that change them.
// The school comes only from the session, so another school's teacher is "not found".
#pragma once

#include "absl/status/status.h"
#include "gateway/backends.h"
#include "gateway/http/router.h"
#include "gateway/web/page_guard.h"
#include "gateway/web/pages.h"

namespace rect::gateway {

absl::Status AddSchoolTeachersRoutes(Router& router, Backends& backends, const Pages& pages,
                                     PageGuard& guard);

}  // namespace rect::gateway
