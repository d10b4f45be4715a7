// Reporting that an ECT or mentor has left or is leaving the school (school-journeys.md §7):
// /school/ects/{id}/leaving and /school/mentors/{id}/leaving ask for the date, a check page
// confirms it, and the registration service records it; .../leaving/confirmation says what
// happens next. {id} is the teacher's period at the school; the school comes from the session.
#pragma once

#include "absl/status/status.h"
#include "gateway/backends.h"
#include "gateway/http/router.h"
#include "gateway/web/page_guard.h"
#include "gateway/web/pages.h"

namespace rect::gateway {

absl::Status AddLeavingRoutes(Router& router, Backends& backends, const Pages& pages,
                              PageGuard& guard);

}  // namespace rect::gateway
