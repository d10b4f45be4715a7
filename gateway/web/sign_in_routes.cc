#include "gateway/web/sign_in_routes.h"

#include <boost/beast/http/field.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/pct_string_view.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "absl/strings/str_cat.h"
#include "gateway/http/forms.h"
#include "gateway/http/responses.h"
#include "gateway/web/cookies.h"
#include "services/common/status.h"

namespace rect::gateway {
namespace {

namespace http = boost::beast::http;
namespace iv1 = identity::v1;

using ContextPtr = std::shared_ptr<const RequestContext>;
using ViewerPtr = std::shared_ptr<const Viewer>;

constexpr absl::Duration kDeniedOrganisationCookieLifetime = absl::Minutes(5);

HttpResponse WithSetCookie(HttpResponse response, const std::string& cookie) {
  response.insert(http::field::set_cookie, cookie);
  return response;
}

std::string SessionCookie(const std::string& token, bool secure) {
  CookieSpec cookie;
  cookie.name = kSessionCookie;
  cookie.value = token;
  cookie.secure = secure;
  return SetCookieValue(cookie);
}

std::string PercentEncode(absl::string_view text) {
  return boost::urls::encode(boost::core::string_view(text.data(), text.size()),
                             boost::urls::unreserved_chars);
}

std::string PercentDecode(absl::string_view text) {
  auto decoded =
      boost::urls::make_pct_string_view(boost::core::string_view(text.data(), text.size()));
  if (!decoded) return "";
  return decoded->decode();
}

class SignInRoutes : public std::enable_shared_from_this<SignInRoutes> {
 public:
  SignInRoutes(Backends& backends, const Pages& pages, PageGuard& guard)
      : backends_(backends), pages_(pages), guard_(guard) {}

  // The handlers share ownership of this object with each other.
  absl::Status Add(Router& router) {
    auto add = [&](http::verb verb, const char* path, Audience audience,
                   void (SignInRoutes::*method)(ContextPtr, ViewerPtr, Responder)) {
      return router.Add(verb, path,
                        guard_.Protect(audience, [self = shared_from_this(), method](
                                                     ContextPtr c, ViewerPtr v, Responder r) {
                          ((*self).*method)(std::move(c), std::move(v), std::move(r));
                        }));
    };
    RETURN_IF_ERROR(add(http::verb::get, "/sign-in", Audience::kAnyone, &SignInRoutes::SignInPage));
    RETURN_IF_ERROR(add(http::verb::post, "/auth/dfe", Audience::kAnyone, &SignInRoutes::StartDsi));
    RETURN_IF_ERROR(
        add(http::verb::get, "/auth/dfe/callback", Audience::kAnyone, &SignInRoutes::DsiCallback));
    RETURN_IF_ERROR(
        add(http::verb::get, "/access-denied", Audience::kAnyone, &SignInRoutes::AccessDenied));
    RETURN_IF_ERROR(
        add(http::verb::get, "/auth/failure", Audience::kAnyone, &SignInRoutes::AuthFailure));
    RETURN_IF_ERROR(add(http::verb::get, "/users/sign_in", Audience::kAnyone,
                        &SignInRoutes::LeadProviderSignInPage));
    RETURN_IF_ERROR(
        add(http::verb::post, "/users/sign_in", Audience::kAnyone, &SignInRoutes::RequestLink));
    RETURN_IF_ERROR(add(http::verb::get, "/users/confirm_sign_in", Audience::kAnyone,
                        &SignInRoutes::ConfirmLink));
    RETURN_IF_ERROR(add(http::verb::post, "/users/sign_in_with_token", Audience::kAnyone,
                        &SignInRoutes::RedeemLink));
    RETURN_IF_ERROR(
        add(http::verb::get, "/users/link-invalid", Audience::kAnyone, &SignInRoutes::LinkInvalid));
    RETURN_IF_ERROR(add(http::verb::post, "/sign-out", Audience::kAnyone, &SignInRoutes::SignOut));
    RETURN_IF_ERROR(add(http::verb::get, "/sign-out", Audience::kAnyone, &SignInRoutes::SignedOut));
    return add(http::verb::post, "/sign-out-everywhere", Audience::kSignedIn,
               &SignInRoutes::SignOutEverywhere);
  }

 private:
  bool secure() const { return guard_.options().secure_cookies(); }

  // Where a signed-in user belongs.
  static const char* HomeOf(const Viewer& viewer) {
    return viewer.kind == Viewer::Kind::kSchoolUser ? "/school/home" : "/dashboard";
  }

  // Sign-in replaces any earlier session in this browser: end it at identity too.
  void EndPreviousSession(const RequestContext& context, const Viewer& viewer) {
    if (viewer.session_token.empty()) return;
    iv1::SignOutRequest request;
    request.set_session_token(viewer.session_token);
    backends_.Call<iv1::SignOutResponse>(
        context.request_id, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          backends_.identity().async()->SignOut(c, q, r, cb);
        },
        [](const grpc::Status&, iv1::SignOutResponse&&) {});
  }

  void SignInPage(ContextPtr, ViewerPtr viewer, Responder respond) {
    if (viewer->kind == Viewer::Kind::kSchoolUser) return respond(RedirectResponse("/school/home"));
    respond(pages_.Respond(http::status::ok, "school_sign_in", "Sign in", {}, *viewer));
  }

  void StartDsi(ContextPtr context, ViewerPtr viewer, Responder respond) {
    backends_.Call<iv1::BeginSchoolSignInResponse>(
        context->request_id, iv1::BeginSchoolSignInRequest(),
        [this](auto* c, auto* q, auto* r, auto cb) {
          backends_.identity().async()->BeginSchoolSignIn(c, q, r, cb);
        },
        [this, respond](const grpc::Status& status, iv1::BeginSchoolSignInResponse&& started) {
          if (!status.ok()) {
            respond(ErrorResponse(ErrorFormat::kHtml, http::status::service_unavailable,
                                  "DfE Sign-in is not available at the moment."));
            return;
          }
          CookieSpec attempt;
          attempt.name = kSignInAttemptCookie;
          attempt.value = started.attempt_token();
          attempt.path = "/auth/dfe";
          attempt.max_age = absl::Seconds(started.expires_in_seconds());
          attempt.secure = secure();
          respond(WithSetCookie(RedirectResponse(started.authorization_url()),
                                SetCookieValue(attempt)));
        });
  }

  void DsiCallback(ContextPtr context, ViewerPtr viewer, Responder respond) {
    const FormFields query = QueryFields(context->target);
    iv1::CompleteSchoolSignInRequest request;
    request.set_attempt_token(RequestCookie(context->request, kSignInAttemptCookie));
    request.set_code(Field(query, "code"));
    request.set_state(Field(query, "state"));
    request.set_error(Field(query, "error"));
    if (request.code().empty() && request.error().empty()) request.set_error("missing_code");
    backends_.Call<iv1::CompleteSchoolSignInResponse>(
        context->request_id, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          backends_.identity().async()->CompleteSchoolSignIn(c, q, r, cb);
        },
        [this, context, viewer, respond](const grpc::Status& status,
                                         iv1::CompleteSchoolSignInResponse&& completed) {
          if (!status.ok()) {
            respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "identity"));
            return;
          }
          const std::string clear_attempt =
              ExpiredCookieValue(kSignInAttemptCookie, "/auth/dfe", secure());
          HttpResponse response;
          switch (completed.outcome()) {
            case iv1::CompleteSchoolSignInResponse::SIGNED_IN: {
              EndPreviousSession(*context, *viewer);
              const iv1::Session& session = completed.session().session();
              response =
                  WithSetCookie(RedirectResponse(session.school_access() == iv1::Session::DENIED
                                                     ? "/school/access-denied"
                                                     : "/school/home"),
                                SessionCookie(completed.session().session_token(), secure()));
              break;
            }
            case iv1::CompleteSchoolSignInResponse::NO_ORGANISATION:
              response = RedirectResponse("/access-denied?reason=no-organisation");
              break;
            case iv1::CompleteSchoolSignInResponse::NO_APPROVED_ACCESS: {
              CookieSpec organisation;
              organisation.name = kDeniedOrganisationCookie;
              organisation.value = PercentEncode(completed.organisation_name());
              organisation.path = "/access-denied";
              organisation.max_age = kDeniedOrganisationCookieLifetime;
              organisation.secure = secure();
              response =
                  WithSetCookie(RedirectResponse("/access-denied"), SetCookieValue(organisation));
              break;
            }
            default:
              response = RedirectResponse("/auth/failure");
          }
          respond(WithSetCookie(std::move(response), clear_attempt));
        });
  }

  void AccessDenied(ContextPtr context, ViewerPtr viewer, Responder respond) {
    const WebOptions& options = guard_.options();
    PageData data;
    if (Field(QueryFields(context->target), "reason") == "no-organisation") {
      data.set("no_organisation", PageData(true));
    } else {
      const std::string organisation =
          PercentDecode(RequestCookie(context->request, kDeniedOrganisationCookie));
      if (!organisation.empty()) data.set("organisation_name", organisation);
    }
    data.set("request_organisation_url",
             absl::StrCat(options.dsi_services_url, "/request-organisation/search"));
    data.set("my_services_url", absl::StrCat(options.dsi_services_url, "/my-services"));
    respond(pages_.Respond(http::status::forbidden, "access_denied", "You cannot use this service",
                           std::move(data), *viewer));
  }

  void AuthFailure(ContextPtr, ViewerPtr viewer, Responder respond) {
    respond(pages_.Respond(http::status::ok, "auth_failure", "There was a problem signing in", {},
                           *viewer));
  }

  void LeadProviderSignInPage(ContextPtr, ViewerPtr viewer, Responder respond) {
    if (viewer->kind == Viewer::Kind::kLeadProviderUser) {
      return respond(RedirectResponse("/dashboard"));
    }
    respond(pages_.Respond(http::status::ok, "lead_provider_sign_in", "Sign in", {}, *viewer));
  }

  void RequestLink(ContextPtr context, ViewerPtr viewer, Responder respond) {
    const std::string email = Field(ParseForm(context->request.body()), "email");
    iv1::RequestSignInLinkRequest request;
    request.set_email(email);
    backends_.Call<iv1::RequestSignInLinkResponse>(
        context->request_id, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          backends_.identity().async()->RequestSignInLink(c, q, r, cb);
        },
        [this, viewer, email, respond](const grpc::Status& status,
                                       iv1::RequestSignInLinkResponse&&) {
          PageData data;
          data.set("email", email);
          if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
            data.set("error", status.error_message());
            respond(pages_.Respond(http::status::unprocessable_entity, "lead_provider_sign_in",
                                   "Sign in", std::move(data), *viewer));
            return;
          }
          if (!status.ok()) {
            respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "identity"));
            return;
          }
          respond(pages_.Respond(http::status::ok, "lead_provider_check_email", "Check your email",
                                 std::move(data), *viewer));
        });
  }

  void ConfirmLink(ContextPtr context, ViewerPtr viewer, Responder respond) {
    if (viewer->kind == Viewer::Kind::kLeadProviderUser) {
      return respond(RedirectResponse("/dashboard"));
    }
    const std::string token = Field(QueryFields(context->target), "login_token");
    iv1::CheckSignInLinkRequest request;
    request.set_token(token);
    backends_.Call<iv1::CheckSignInLinkResponse>(
        context->request_id, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          backends_.identity().async()->CheckSignInLink(c, q, r, cb);
        },
        [this, viewer, token, respond](const grpc::Status& status, iv1::CheckSignInLinkResponse&&) {
          if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
            respond(RedirectResponse("/users/link-invalid"));
            return;
          }
          if (!status.ok()) {
            respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "identity"));
            return;
          }
          PageData data;
          data.set("login_token", token);
          HttpResponse response = pages_.Respond(http::status::ok, "lead_provider_confirm",
                                                 "You’re now signed in", std::move(data), *viewer);
          // The address holds the token: never send it on as a referrer.
          response.set("Referrer-Policy", "no-referrer");
          respond(std::move(response));
        });
  }

  void RedeemLink(ContextPtr context, ViewerPtr viewer, Responder respond) {
    iv1::RedeemSignInLinkRequest request;
    request.set_token(Field(ParseForm(context->request.body()), "login_token"));
    backends_.Call<iv1::RedeemSignInLinkResponse>(
        context->request_id, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          backends_.identity().async()->RedeemSignInLink(c, q, r, cb);
        },
        [this, context, viewer, respond](const grpc::Status& status,
                                         iv1::RedeemSignInLinkResponse&& redeemed) {
          if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
            respond(RedirectResponse("/users/link-invalid"));
            return;
          }
          if (!status.ok()) {
            respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "identity"));
            return;
          }
          EndPreviousSession(*context, *viewer);
          respond(WithSetCookie(RedirectResponse("/dashboard"),
                                SessionCookie(redeemed.session().session_token(), secure())));
        });
  }

  void LinkInvalid(ContextPtr, ViewerPtr viewer, Responder respond) {
    respond(pages_.Respond(http::status::ok, "lead_provider_link_invalid", "That link has expired",
                           {}, *viewer));
  }

  void SignOut(ContextPtr context, ViewerPtr viewer, Responder respond) {
    const std::string clear = ExpiredCookieValue(kSessionCookie, "/", secure());
    if (viewer->session_token.empty()) {
      respond(WithSetCookie(RedirectResponse("/sign-out"), clear));
      return;
    }
    iv1::SignOutRequest request;
    request.set_session_token(viewer->session_token);
    backends_.Call<iv1::SignOutResponse>(
        context->request_id, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          backends_.identity().async()->SignOut(c, q, r, cb);
        },
        [respond, clear](const grpc::Status& status, iv1::SignOutResponse&& signed_out) {
          if (!status.ok()) {
            respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "identity"));
            return;
          }
          const std::string next =
              signed_out.end_session_url().empty() ? "/sign-out" : signed_out.end_session_url();
          respond(WithSetCookie(RedirectResponse(next), clear));
        });
  }

  void SignedOut(ContextPtr, ViewerPtr viewer, Responder respond) {
    if (viewer->signed_in()) return respond(RedirectResponse(HomeOf(*viewer)));
    respond(pages_.Respond(http::status::ok, "signed_out", "You have signed out", {}, *viewer));
  }

  void SignOutEverywhere(ContextPtr context, ViewerPtr viewer, Responder respond) {
    iv1::SignOutEverywhereRequest request;
    request.set_session_token(viewer->session_token);
    const std::string clear = ExpiredCookieValue(kSessionCookie, "/", secure());
    backends_.Call<iv1::SignOutEverywhereResponse>(
        context->request_id, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          backends_.identity().async()->SignOutEverywhere(c, q, r, cb);
        },
        [respond, clear](const grpc::Status& status, iv1::SignOutEverywhereResponse&&) {
          if (!status.ok() && status.error_code() != grpc::StatusCode::UNAUTHENTICATED) {
            respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "identity"));
            return;
          }
          respond(WithSetCookie(RedirectResponse("/sign-out"), clear));
        });
  }

  Backends& backends_;
  const Pages& pages_;
  PageGuard& guard_;
};

}  // namespace

absl::Status AddSignInRoutes(Router& router, Backends& backends, const Pages& pages,
                             PageGuard& guard) {
  return std::make_shared<SignInRoutes>(backends, pages, guard)->Add(router);
}

}  // namespace rect::gateway
