#include "gateway/web/challenge_routes.h"

#include "absl/strings/str_cat.h"
#include "gateway/http/forms.h"
#include "gateway/http/responses.h"
#include "gateway/web/challenge_reasons.h"
#include "services/common/status.h"

namespace rect::gateway {
namespace {

namespace http = boost::beast::http;
namespace pv1 = partnerships::v1;

using ContextPtr = std::shared_ptr<const RequestContext>;
using ViewerPtr = std::shared_ptr<const Viewer>;

constexpr char kSupportEmail[] = "continuing-professional-development@digital.education.gov.uk";

bool IsReason(const std::string& value) { return !ChallengeReasonLabel(value).empty(); }

HttpResponse NoReferrer(HttpResponse response) {
  // The address may hold the challenge token: never send it on as a referrer.
  response.set("Referrer-Policy", "no-referrer");
  return response;
}

// Which partnership a request is about: the email's token, or the school user's route.
struct Target {
  std::string token;
  std::string partnership_id;
  std::string action;  // where the form posts
};

class ChallengeRoutes : public std::enable_shared_from_this<ChallengeRoutes> {
 public:
  ChallengeRoutes(Backends& backends, const Pages& pages, PageGuard& guard)
      : backends_(backends), pages_(pages), guard_(guard) {}

  absl::Status Add(Router& router) {
    auto protect = [&](Audience audience,
                       void (ChallengeRoutes::*method)(ContextPtr, ViewerPtr, Responder)) {
      return guard_.Protect(audience, [self = shared_from_this(), method](
                                          ContextPtr c, ViewerPtr v, Responder r) {
        ((*self).*method)(std::move(c), std::move(v), std::move(r));
      });
    };
    RETURN_IF_ERROR(router.Add(http::verb::get, "/report-incorrect-partnership",
                               protect(Audience::kAnyone, &ChallengeRoutes::Show)));
    RETURN_IF_ERROR(router.Add(http::verb::post, "/report-incorrect-partnership",
                               protect(Audience::kAnyone, &ChallengeRoutes::Submit)));
    RETURN_IF_ERROR(router.Add(http::verb::get,
                               "/school/partnerships/{partnership_id}/report-incorrect",
                               protect(Audience::kSchoolUser, &ChallengeRoutes::Show)));
    return router.Add(http::verb::post, "/school/partnerships/{partnership_id}/report-incorrect",
                      protect(Audience::kSchoolUser, &ChallengeRoutes::Submit));
  }

 private:
  static Target TargetOf(const RequestContext& context, const FormFields& fields) {
    Target target;
    target.partnership_id = context.param("partnership_id");
    if (target.partnership_id.empty()) {
      target.token = Field(fields, "token");
      target.action = "/report-incorrect-partnership";
    } else {
      target.action =
          absl::StrCat("/school/partnerships/", target.partnership_id, "/report-incorrect");
    }
    return target;
  }

  // §6 checks in order: unknown → 404, already reported, expired; `open` runs for the form.
  void Check(const RequestContext& context, ViewerPtr viewer, const Target& target,
             Responder respond, std::function<void(pv1::Challenge)> open) {
    pv1::GetChallengeRequest request;
    if (target.partnership_id.empty()) {
      request.set_token(target.token);
    } else {
      request.set_partnership_id(target.partnership_id);
    }
    backends_.Call<pv1::Challenge>(
        context.request_id, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          backends_.partnerships().async()->GetChallenge(c, q, r, cb);
        },
        [this, viewer, target, respond, open = std::move(open)](const grpc::Status& status,
                                                                pv1::Challenge&& challenge) {
          const bool other_school = !target.partnership_id.empty() &&
                                    challenge.school_urn() != viewer->session.school_urn();
          if (status.error_code() == grpc::StatusCode::NOT_FOUND || (status.ok() && other_school)) {
            return respond(ErrorResponse(ErrorFormat::kHtml, http::status::not_found));
          }
          if (!status.ok()) {
            return respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "partnerships"));
          }
          PageData data;
          data.set("school_name", challenge.school_name());
          data.set("support_email", kSupportEmail);
          if (challenge.state() == pv1::Challenge::ALREADY_CHALLENGED) {
            return respond(NoReferrer(pages_.Respond(http::status::ok, "challenge_already",
                                                     "This issue has already been reported",
                                                     std::move(data), *viewer)));
          }
          if (challenge.state() != pv1::Challenge::OPEN) {
            return respond(NoReferrer(pages_.Respond(http::status::ok, "challenge_expired",
                                                     "This link has expired", std::move(data),
                                                     *viewer)));
          }
          open(std::move(challenge));
        });
  }

  void RenderForm(const Viewer& viewer, const Target& target, const pv1::Challenge& challenge,
                  const std::string& error, Responder respond) {
    PageData reasons(PageData::type::list);
    for (const auto& [value, label] : kChallengeReasons) {
      PageData item;
      item.set("value", value);
      item.set("label", label);
      reasons.push_back(item);
    }
    PageData data;
    data.set("reasons", reasons);
    data.set("action", target.action);
    data.set("token", target.token);
    data.set("school_name", challenge.school_name());
    data.set("delivery_partner_name", challenge.delivery_partner_name());
    data.set("lead_provider_name", challenge.lead_provider_name());
    if (!error.empty()) data.set("error", error);
    respond(NoReferrer(pages_.Respond(
        error.empty() ? http::status::ok : http::status::unprocessable_entity, "challenge_form",
        "Report provider error", std::move(data), viewer)));
  }

  void Show(ContextPtr context, ViewerPtr viewer, Responder respond) {
    const Target target = TargetOf(*context, QueryFields(context->target));
    Check(*context, viewer, target, respond,
          [this, viewer, target, respond](pv1::Challenge challenge) {
            RenderForm(*viewer, target, challenge, "", respond);
          });
  }

  void Submit(ContextPtr context, ViewerPtr viewer, Responder respond) {
    const FormFields form = ParseForm(context->request.body());
    const Target target = TargetOf(*context, form);
    const std::string reason = Field(form, "reason");
    Check(*context, viewer, target, respond,
          [this, context, viewer, target, reason, respond](pv1::Challenge challenge) {
            if (!IsReason(reason)) {
              return RenderForm(*viewer, target, challenge,
                                "Select a reason why you think this confirmation is incorrect",
                                respond);
            }
            pv1::ChallengePartnershipRequest request;
            if (target.partnership_id.empty()) {
              request.set_token(target.token);
              request.set_challenged_by("school_link");
            } else {
              request.set_partnership_id(target.partnership_id);
              request.set_challenged_by(absl::StrCat("school_user:", viewer->session.user_id()));
            }
            request.set_reason(reason);
            backends_.Call<pv1::Challenge>(
                context->request_id, std::move(request),
                [this](auto* c, auto* q, auto* r, auto cb) {
                  backends_.partnerships().async()->ChallengePartnership(c, q, r, cb);
                },
                [this, viewer, respond](const grpc::Status& status, pv1::Challenge&& done) {
                  if (!status.ok()) {
                    return respond(
                        ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "partnerships"));
                  }
                  PageData data;
                  data.set("school_name", done.school_name());
                  respond(NoReferrer(pages_.Respond(http::status::ok, "challenge_success",
                                                    "Your report has been submitted",
                                                    std::move(data), *viewer)));
                });
          });
  }

  Backends& backends_;
  const Pages& pages_;
  PageGuard& guard_;
};

}  // namespace

absl::Status AddChallengeRoutes(Router& router, Backends& backends, const Pages& pages,
                                PageGuard& guard) {
  return std::make_shared<ChallengeRoutes>(backends, pages, guard)->Add(router);
}

}  // namespace rect::gateway
