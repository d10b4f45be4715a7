// Assigning a mentor to an ECT (school-journeys.md §4): "Who will mentor {ECT}?"
// (/school/ects/{id}/mentorship/new) to choose one of the school's mentors or register a new one,
// and the register-a-new-mentor pages (/school/register-mentor/<step>), each submitted to the
// registration service, which keeps the answers, validates them and decides where to go next.
// The wizard id lives in an HttpOnly cookie; the school and user come only from the session.
#pragma once

#include "absl/status/status.h"
#include "gateway/backends.h"
#include "gateway/http/router.h"
#include "gateway/web/page_guard.h"
#include "gateway/web/pages.h"

namespace rect::gateway {

absl::Status AddRegisterMentorRoutes(Router& router, Backends& backends, const Pages& pages,
                                     PageGuard& guard);

}  // namespace rect::gateway
