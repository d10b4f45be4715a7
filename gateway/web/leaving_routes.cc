#include "gateway/web/leaving_routes.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "gateway/http/forms.h"
#include "gateway/http/responses.h"
#include "gateway/web/wizard_pages.h"
#include "protos/registration/v1/leaving.grpc.pb.h"
#include "services/common/status.h"

namespace rect::gateway {
namespace {

namespace http = boost::beast::http;
namespace rv1 = registration::v1;
using ContextPtr = std::shared_ptr<const RequestContext>;
using ViewerPtr = std::shared_ptr<const Viewer>;
using LeavingStub = rv1::LeavingService::Stub;
using LeavingRpc = void (LeavingStub::async_interface::*)(grpc::ClientContext*,
                                                        const rv1::LeavingRequest*,
                                                        rv1::LeavingPage*,
                                                        std::function<void(grpc::Status)>);

struct RoleInfo {
  const char* role;     // "ect" or "mentor"
  const char* segment;  // "ects" or "mentors"
  const char* list;     // "ECT" or "mentor"
  const char* back;     // "Back to ECTs"
};
constexpr RoleInfo kRoles[] = {{"ect", "ects", "ECT", "Back to ECTs"},
                               {"mentor", "mentors", "mentor", "Back to mentors"}};

std::string BasePath(const RoleInfo& role, const std::string& id) {
  return absl::StrCat("/school/", role.segment, "/", id, "/leaving");
}

class LeavingRoutes : public std::enable_shared_from_this<LeavingRoutes> {
 public:
  LeavingRoutes(Backends& backends, const Pages& pages, PageGuard& guard)
      : backends_(backends),
        pages_(pages),
        guard_(guard),
        stub_(backends.NewStub<rv1::LeavingService>(Backend::kRegistration)) {}

  absl::Status Add(Router& router) {
    auto self = shared_from_this();
    for (const RoleInfo& role : kRoles) {
      const std::string base = absl::StrCat("/school/", role.segment, "/{id}/leaving");
      RETURN_IF_ERROR(router.Add(
          http::verb::get, base,
          guard_.Protect(Audience::kSchoolUser, [self, &role](ContextPtr c, ViewerPtr v,
                                                              Responder r) {
            self->ShowForm(role, std::move(c), std::move(v), std::move(r));
          })));
      RETURN_IF_ERROR(router.Add(
          http::verb::post, base,
          guard_.Protect(Audience::kSchoolUser, [self, &role](ContextPtr c, ViewerPtr v,
                                                              Responder r) {
            self->Submit(role, false, std::move(c), std::move(v), std::move(r));
          })));
      RETURN_IF_ERROR(router.Add(
          http::verb::post, absl::StrCat(base, "/check-answers"),
          guard_.Protect(Audience::kSchoolUser, [self, &role](ContextPtr c, ViewerPtr v,
                                                              Responder r) {
            self->Submit(role, true, std::move(c), std::move(v), std::move(r));
          })));
      RETURN_IF_ERROR(router.Add(
          http::verb::get, absl::StrCat(base, "/confirmation"),
          guard_.Protect(Audience::kSchoolUser, [self, &role](ContextPtr c, ViewerPtr v,
                                                              Responder r) {
            self->ShowConfirmation(role, std::move(c), std::move(v), std::move(r));
          })));
    }
    return absl::OkStatus();
  }

 private:
  rv1::LeavingRequest Request(const RoleInfo& role, const RequestContext& context,
                              const Viewer& viewer) const {
    rv1::LeavingRequest request;
    *request.mutable_user() = WizardUserOf(viewer);
    request.set_role(role.role);
    request.set_period_id(context.param("id"));
    return request;
  }

  template <typename Done>
  void Call(LeavingRpc rpc, const RequestContext& context, rv1::LeavingRequest request,
            Done done) {
    LeavingStub* stub = stub_.get();
    backends_.Call<rv1::LeavingPage>(
        context.request_id, std::move(request),
        [stub, rpc](auto* c, auto* q, auto* r, auto cb) {
          (stub->async()->*rpc)(c, q, r, std::move(cb));
        },
        [done = std::move(done)](const grpc::Status& status, rv1::LeavingPage&& page) {
          if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
            return done.respond(ErrorResponse(ErrorFormat::kHtml, http::status::not_found));
          }
          if (!status.ok()) {
            return done.respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "registration"));
          }
          done(std::move(page));
        });
  }

  PageData Common(const RoleInfo& role, const rv1::LeavingPage& page) const {
    PageData data;
    data.set("name", page.teacher_name());
    data.set("base_path", BasePath(role, page.period_id()));
    data.set("details_path", absl::StrCat("/school/", role.segment, "/", page.period_id()));
    data.set("list_path", absl::StrCat("/school/", role.segment));
    data.set("back_label", role.back);
    return data;
  }

  HttpResponse RenderForm(const RoleInfo& role, const rv1::LeavingPage& page,
                          const FormFields* typed, const Viewer& viewer) const {
    PageData data = Common(role, page);
    data.set("step_edit", PageData(true));
    auto value = [&](const char* field) -> std::string {
      return typed != nullptr ? Field(*typed, field) : std::string();
    };
    data.set("day", value("leaving_on_day"));
    data.set("month", value("leaving_on_month"));
    data.set("year", value("leaving_on_year"));
    SetFieldErrors(page.errors(), data);
    return pages_.Respond(
        page.errors_size() > 0 ? http::status::unprocessable_entity : http::status::ok, "leaving",
        absl::StrCat("Tell us if ", page.teacher_name(),
                     " has left or is leaving your school permanently"),
        std::move(data), viewer);
  }

  HttpResponse RenderCheck(const RoleInfo& role, const rv1::LeavingPage& page,
                           const FormFields& typed, const Viewer& viewer) const {
    PageData data = Common(role, page);
    data.set("step_check_answers", PageData(true));
    data.set("day", Field(typed, "leaving_on_day"));
    data.set("month", Field(typed, "leaving_on_month"));
    data.set("year", Field(typed, "leaving_on_year"));
    const bool later = page.leaving_today_or_later();
    data.set("leaving_statement",
             absl::StrCat("You’ve told us that ", page.teacher_name(),
                          later ? " is leaving" : " left", " your school on ",
                          page.leaving_on_display(), "."));
    data.set("edit_warning",
             absl::StrCat("You will not be able to view or edit ", page.teacher_name(),
                          "’s details",
                          later ? absl::StrCat(" after ", page.leaving_on_display()) : "", "."));
    const std::string heading = absl::StrCat("Confirm that ", page.teacher_name(),
                                             later ? " is leaving" : " has left",
                                             " your school permanently");
    data.set("heading", heading);
    return pages_.Respond(http::status::ok, "leaving", heading, std::move(data), viewer);
  }

  void ShowForm(const RoleInfo& role, ContextPtr context, ViewerPtr viewer, Responder respond) {
    struct Done {
      std::shared_ptr<const LeavingRoutes> self;
      const RoleInfo* role;
      ViewerPtr viewer;
      Responder respond;
      void operator()(rv1::LeavingPage page) const {
        // A period that has already ended is no longer the school's to report on.
        if (!page.leaving_on().empty() && !page.leaving_today_or_later()) {
          return respond(ErrorResponse(ErrorFormat::kHtml, http::status::not_found));
        }
        respond(self->RenderForm(*role, page, nullptr, *viewer));
      }
    };
    Call(LeavingRpc(&LeavingStub::async_interface::GetLeaving), *context, Request(role, *context, *viewer),
         Done{shared_from_this(), &role, viewer, respond});
  }

  // POST of the date (check_only) or of the check page (save).
  void Submit(const RoleInfo& role, bool save, ContextPtr context, ViewerPtr viewer,
              Responder respond) {
    auto typed = std::make_shared<FormFields>(ParseForm(context->request.body()));
    rv1::LeavingRequest request = Request(role, *context, *viewer);
    request.set_day(Field(*typed, "leaving_on_day"));
    request.set_month(Field(*typed, "leaving_on_month"));
    request.set_year(Field(*typed, "leaving_on_year"));
    struct Done {
      std::shared_ptr<const LeavingRoutes> self;
      const RoleInfo* role;
      bool save;
      std::shared_ptr<FormFields> typed;
      ViewerPtr viewer;
      Responder respond;
      void operator()(rv1::LeavingPage page) const {
        if (page.errors_size() > 0) {
          return respond(self->RenderForm(*role, page, typed.get(), *viewer));
        }
        if (!save) return respond(self->RenderCheck(*role, page, *typed, *viewer));
        respond(RedirectResponse(absl::StrCat(BasePath(*role, page.period_id()), "/confirmation")));
      }
    };
    const LeavingRpc rpc = save ? LeavingRpc(&LeavingStub::async_interface::ReportLeaving)
                                : LeavingRpc(&LeavingStub::async_interface::CheckLeaving);
    Call(rpc,
         *context, std::move(request),
         Done{shared_from_this(), &role, save, typed, viewer, respond});
  }

  void ShowConfirmation(const RoleInfo& role, ContextPtr context, ViewerPtr viewer,
                        Responder respond) {
    struct Done {
      std::shared_ptr<const LeavingRoutes> self;
      const RoleInfo* role;
      ViewerPtr viewer;
      Responder respond;
      void operator()(rv1::LeavingPage page) const {
        // Only a period whose leaving has been reported has a confirmation.
        if (page.leaving_on().empty()) {
          return respond(RedirectResponse(BasePath(*role, page.period_id())));
        }
        PageData data = self->Common(*role, page);
        data.set("step_confirmation", PageData(true));
        const std::string& name = page.teacher_name();
        const bool future = page.leaving_in_future();
        const std::string title =
            future ? absl::StrCat(name, " will be removed from your school’s ", role->list,
                                  " list after ", page.leaving_on_display())
                   : absl::StrCat(name, " has been removed from your school’s ", role->list,
                                  " list");
        if (future) {
          data.set("training_message",
                   absl::StrCat(name, " should continue with their current training programme "
                                      "until their leaving date."));
        }
        data.set("notification_message",
                 future ? std::string(
                              "We’ll let their appropriate body and lead provider know (if "
                              "they’re on a provider-led programme) that you’ve told us that "
                              "they’re leaving your school and are not expected to return. They "
                              "may contact your school for more information.")
                        : absl::StrCat(
                              "We’ll let ", name,
                              "’s appropriate body and lead provider know (if they’re on a "
                              "provider-led programme) that you’ve told us that they’ve left "
                              "your school and are not expected to return. They may contact "
                              "your school for more information."));
        if (std::string(role->role) == "ect") {
          data.set("mentor_message",
                   absl::StrCat(name, "’s mentor can continue their mentor training, even if "
                                      "they do not have other ECTs assigned to them."));
        }
        data.set("title", title);
        respond(self->pages_.Respond(http::status::ok, "leaving", title, std::move(data),
                                     *viewer));
      }
    };
    Call(LeavingRpc(&LeavingStub::async_interface::GetLeaving), *context, Request(role, *context, *viewer),
         Done{shared_from_this(), &role, viewer, respond});
  }

  Backends& backends_;
  const Pages& pages_;
  PageGuard& guard_;
  std::shared_ptr<LeavingStub> stub_;
};

}  // namespace

absl::Status AddLeavingRoutes(Router& router, Backends& backends, const Pages& pages,
                              PageGuard& guard) {
  return std::make_shared<LeavingRoutes>(backends, pages, guard)->Add(router);
}

}  // namespace rect::gateway
