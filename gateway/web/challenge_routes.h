// "Report that your school has been signed up incorrectly" (partnerships.md §6): the challenge
// form reached from the partnership email's token link, or by a signed-in school user for a
// partnership of their school.
#pragma once

#include "absl/status/status.h"
#include "gateway/backends.h"
#include "gateway/http/router.h"
#include "gateway/web/page_guard.h"
#include "gateway/web/pages.h"

namespace rect::gateway {

absl::Status AddChallengeRoutes(Router& router, Backends& backends, const Pages& pages,
                                PageGuard& guard);

}  // namespace rect::gateway
