// The school's induction tutor (school-journeys.md §1): /school/induction-tutor names a tutor,
// or confirms or replaces the one on record, for the current contract period. Registering an ECT
// and assigning a mentor need that first: their start routes call RequireInductionTutor, which
// sends the user to the tutor page (and back again afterwards) until it is done.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "gateway/backends.h"
#include "gateway/http/router.h"
#include "gateway/web/page_guard.h"
#include "gateway/web/pages.h"

namespace rect::gateway {

absl::Status AddInductionTutorRoutes(Router& router, Backends& backends, const Pages& pages,
                                     PageGuard& guard);

// Runs `proceed` when the viewer's school has named or confirmed its induction tutor for the
// current contract period; otherwise answers 303 to /school/induction-tutor, which returns to
// `return_to` (a /school/ path) once the tutor is confirmed.
void RequireInductionTutor(Backends& backends, const RequestContext& context,
                           std::shared_ptr<const Viewer> viewer, Responder respond,
                           const std::string& return_to, std::function<void()> proceed);

}  // namespace rect::gateway
