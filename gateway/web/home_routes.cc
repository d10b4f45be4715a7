#include "gateway/web/home_routes.h"

#include "absl/strings/str_cat.h"
#include "services/common/status.h"

namespace rect::gateway {
namespace {

namespace http = boost::beast::http;
using identity::v1::Session;

}  // namespace

absl::Status AddHomeRoutes(Router& router, const Pages& pages, PageGuard& guard) {
  RETURN_IF_ERROR(router.Add(
      http::verb::get, "/",
      guard.Protect(Audience::kAnyone,
                    [&pages](std::shared_ptr<const RequestContext>,
                             std::shared_ptr<const Viewer> viewer, Responder respond) {
                      if (viewer->kind == Viewer::Kind::kSchoolUser) {
                        return respond(RedirectResponse("/school/home"));
                      }
                      if (viewer->kind == Viewer::Kind::kLeadProviderUser) {
                        return respond(RedirectResponse("/dashboard"));
                      }
                      respond(pages.Respond(http::status::ok, "start",
                                            "Register early career teachers", {}, *viewer));
                    })));

  RETURN_IF_ERROR(router.Add(
      http::verb::get, "/school/home",
      guard.Protect(
          Audience::kSchoolUser, [&pages](std::shared_ptr<const RequestContext>,
                                          std::shared_ptr<const Viewer> viewer, Responder respond) {
            PageData data;
            if (viewer->session.school_access() == Session::NO_NEW_REGISTRATIONS) {
              data.set("no_new_registrations", PageData(true));
            }
            respond(pages.Respond(http::status::ok, "school_home", viewer->session.school_name(),
                                  std::move(data), *viewer));
          })));

  RETURN_IF_ERROR(router.Add(
      http::verb::get, "/school/access-denied",
      guard.Protect(Audience::kSchoolUserAnyAccess, [&pages](std::shared_ptr<const RequestContext>,
                                                             std::shared_ptr<const Viewer> viewer,
                                                             Responder respond) {
        if (viewer->session.school_access() != Session::DENIED) {
          return respond(RedirectResponse("/school/home"));
        }
        respond(pages.Respond(http::status::forbidden, "school_access_denied",
                              absl::StrCat("You cannot access the Register early career teachers "
                                           "service for ",
                                           viewer->session.school_name()),
                              {}, *viewer));
      })));

  return router.Add(
      http::verb::get, "/dashboard",
      guard.Protect(Audience::kLeadProviderUser,
                    [&pages](std::shared_ptr<const RequestContext>,
                             std::shared_ptr<const Viewer> viewer, Responder respond) {
                      respond(pages.Respond(http::status::ok, "lead_provider_dashboard",
                                            "Your schools", {}, *viewer));
                    }));
}

}  // namespace rect::gateway
