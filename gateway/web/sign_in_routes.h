// Signing in and out. Schools: /sign-in, POST /auth/dfe (to DfE Sign-in), the callback
// /auth/dfe/callback, /access-denied and /auth/failure. Lead providers: /users/sign_in (email a
// link), /users/confirm_sign_in (the link's page, with a button so mail scanners cannot spend
// it), POST /users/sign_in_with_token, /users/link-invalid. Everyone: POST /sign-out, GET
// /sign-out (where DfE Sign-in returns after its end-session), POST /sign-out-everywhere.
#pragma once

#include "absl/status/status.h"
#include "gateway/backends.h"
#include "gateway/http/router.h"
#include "gateway/web/page_guard.h"
#include "gateway/web/pages.h"

namespace rect::gateway {

absl::Status AddSignInRoutes(Router& router, Backends& backends, const Pages& pages,
                             PageGuard& guard);

}  // namespace rect::gateway
