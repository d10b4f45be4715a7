#include "gateway/web/page_guard.h"

#include <boost/beast/http/field.hpp>

#include "gateway/http/forms.h"
#include "gateway/http/responses.h"
#include "gateway/web/cookies.h"
#include "gateway/web/csrf.h"

namespace rect::gateway {
namespace {

namespace http = boost::beast::http;
using identity::v1::Session;

bool ChangesState(http::verb method) {
  return method != http::verb::get && method != http::verb::head && method != http::verb::options;
}

// The token a request carries: the form field, or the X-CSRF-Token header.
std::string SubmittedCsrfToken(const RequestContext& context) {
  const auto header = context.request["X-CSRF-Token"];
  if (!header.empty()) return std::string(header.data(), header.size());
  return Field(ParseForm(context.request.body()), kCsrfField);
}

// Adds the guard's cookies to whatever the page answers.
Responder WithCookies(Responder respond, std::vector<std::string> set_cookies) {
  if (set_cookies.empty()) return respond;
  return Responder(
      [respond, set_cookies = std::move(set_cookies)](std::optional<HttpResponse> response) {
        if (!response.has_value()) return;  // dropping `respond` answers 500
        for (const std::string& cookie : set_cookies) {
          response->insert(http::field::set_cookie, cookie);
        }
        respond(std::move(*response));
      });
}

}  // namespace

Handler PageGuard::Protect(Audience audience, PageHandler handler) {
  return [this, audience, handler = std::move(handler)](
             std::shared_ptr<const RequestContext> context, Responder respond) {
    auto viewer = std::make_shared<Viewer>();
    viewer->session_token = RequestCookie(context->request, kSessionCookie);
    if (viewer->session_token.empty()) {
      Continue(audience, handler, std::move(context), std::move(viewer), {}, std::move(respond));
      return;
    }
    identity::v1::ValidateSessionRequest request;
    request.set_session_token(viewer->session_token);
    const std::string request_id = context->request_id;
    backends_.Call<Session>(
        request_id, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          backends_.identity().async()->ValidateSession(c, q, r, cb);
        },
        [this, audience, handler, context = std::move(context), viewer = std::move(viewer),
         respond](const grpc::Status& status, Session&& session) mutable {
          std::vector<std::string> set_cookies;
          if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
            viewer->session_token.clear();
            set_cookies.push_back(
                ExpiredCookieValue(kSessionCookie, "/", options_.secure_cookies()));
          } else if (!status.ok()) {
            respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "identity"));
            return;
          } else {
            viewer->kind = session.kind() == Session::SCHOOL_USER ? Viewer::Kind::kSchoolUser
                                                                  : Viewer::Kind::kLeadProviderUser;
            viewer->session = std::move(session);
          }
          Continue(audience, handler, std::move(context), std::move(viewer), std::move(set_cookies),
                   std::move(respond));
        });
  };
}

void PageGuard::Continue(Audience audience, const PageHandler& handler,
                         std::shared_ptr<const RequestContext> context,
                         std::shared_ptr<Viewer> viewer, std::vector<std::string> set_cookies,
                         Responder respond) {
  // The secret behind this visitor's CSRF tokens.
  std::string csrf_secret = viewer->session_token;
  bool fresh_secret = false;
  if (!viewer->signed_in()) {
    csrf_secret = RequestCookie(context->request, kCsrfCookie);
    if (csrf_secret.empty()) {
      csrf_secret = NewUrlToken(random_);
      fresh_secret = true;
      CookieSpec cookie;
      cookie.name = kCsrfCookie;
      cookie.value = csrf_secret;
      cookie.secure = options_.secure_cookies();
      set_cookies.push_back(SetCookieValue(cookie));
    }
  }
  viewer->csrf_token = CsrfToken(csrf_secret);
  respond = WithCookies(std::move(respond), std::move(set_cookies));

  const bool school_page =
      audience == Audience::kSchoolUser || audience == Audience::kSchoolUserAnyAccess;
  if (!viewer->signed_in() && audience != Audience::kAnyone) {
    respond(RedirectResponse(school_page                               ? "/sign-in"
                             : audience == Audience::kLeadProviderUser ? "/users/sign_in"
                                                                       : "/"));
    return;
  }
  if ((school_page && viewer->kind != Viewer::Kind::kSchoolUser) ||
      (audience == Audience::kLeadProviderUser &&
       viewer->kind != Viewer::Kind::kLeadProviderUser)) {
    respond(ErrorResponse(ErrorFormat::kHtml, http::status::forbidden));
    return;
  }
  if (audience == Audience::kSchoolUser && viewer->session.school_access() == Session::DENIED) {
    respond(RedirectResponse("/school/access-denied"));
    return;
  }
  if (context->params.count("school_urn") > 0 &&
      context->param("school_urn") != viewer->session.school_urn()) {
    respond(ErrorResponse(ErrorFormat::kHtml, http::status::not_found));
    return;
  }
  if (ChangesState(context->request.method()) &&
      (fresh_secret || !CsrfTokenMatches(csrf_secret, SubmittedCsrfToken(*context)))) {
    respond(pages_.Respond(http::status::forbidden, "form_expired", "This form has expired", {},
                           *viewer));
    return;
  }
  handler(std::move(context), std::move(viewer), std::move(respond));
}

}  // namespace rect::gateway
