// The guard every page declares: who may see it (anyone, a school user, a lead-provider user),
// resolved from the session cookie through identity; a CSRF check on every state-changing
// request; the pre-sign-in CSRF cookie; and no caching of personalised pages.
#pragma once

#include <functional>
#include <memory>

#include "gateway/backends.h"
#include "gateway/http/handler.h"
#include "gateway/web/pages.h"
#include "gateway/web/viewer.h"
#include "gateway/web/web_options.h"
#include "services/common/tokens.h"

namespace rect::gateway {

enum class Audience {
  kAnyone,
  kSignedIn,             // either kind of user; anonymous visitors go to the start page
  kSchoolUser,           // a school user whose school may use the service
  kSchoolUserAnyAccess,  // a school user even when their school may not (its access-denied page)
  kLeadProviderUser,
};

// Handles a request once the guard has let it through, knowing who is asking.
using PageHandler = std::function<void(std::shared_ptr<const RequestContext> context,
                                       std::shared_ptr<const Viewer> viewer, Responder respond)>;

class PageGuard {
 public:
  PageGuard(Backends& backends, const Pages& pages, RandomSource& random, WebOptions options)
      : backends_(backends), pages_(pages), random_(random), options_(std::move(options)) {}

  // Wraps `handler`: anonymous visitors to user pages are sent to sign in (303), users of the
  // other kind get 403, school users whose school may not use the service go to
  // /school/access-denied, a POST without the right CSRF token gets 403, and a route parameter
  // {school_urn} must be the session's school (else 404). Answers 503 while identity is down.
  Handler Protect(Audience audience, PageHandler handler);

  const WebOptions& options() const { return options_; }

 private:
  void Continue(Audience audience, const PageHandler& handler,
                std::shared_ptr<const RequestContext> context, std::shared_ptr<Viewer> viewer,
                std::vector<std::string> set_cookies, Responder respond);

  Backends& backends_;
  const Pages& pages_;
  RandomSource& random_;
  const WebOptions options_;
};

}  // namespace rect::gateway
