#include "gateway/web/induction_tutor_routes.h"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gateway/http/forms.h"
#include "gateway/http/responses.h"
#include "gateway/web/wizard_pages.h"
#include "protos/registration/v1/induction_tutor.grpc.pb.h"
#include "services/common/status.h"

namespace rect::gateway {
namespace {

namespace http = boost::beast::http;
namespace rv1 = registration::v1;
using ContextPtr = std::shared_ptr<const RequestContext>;
using ViewerPtr = std::shared_ptr<const Viewer>;
using TutorStub = rv1::InductionTutorService::Stub;

constexpr char kPath[] = "/school/induction-tutor";

// Only a path of this service's school pages is followed after the tutor page.
std::string SafeReturn(const std::string& path) {
  if (!absl::StartsWith(path, "/school/") || absl::StrContains(path, "//") ||
      absl::StrContains(path, "\\")) {
    return "";
  }
  for (char c : path) {
    if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7e) return "";
  }
  return path;
}

std::string TutorPath(const std::string& return_to) {
  if (return_to.empty()) return kPath;
  return absl::StrCat(kPath, "?return_to=",
                      boost::urls::encode(return_to, boost::urls::unreserved_chars));
}

rv1::InductionTutorRequest Request(const Viewer& viewer) {
  rv1::InductionTutorRequest request;
  *request.mutable_user() = WizardUserOf(viewer);
  request.set_school_name(viewer.session.school_name());
  return request;
}

class InductionTutorRoutes : public std::enable_shared_from_this<InductionTutorRoutes> {
 public:
  InductionTutorRoutes(Backends& backends, const Pages& pages, PageGuard& guard)
      : backends_(backends),
        pages_(pages),
        guard_(guard),
        stub_(backends.NewStub<rv1::InductionTutorService>(Backend::kRegistration)) {}

  absl::Status Add(Router& router) {
    auto self = shared_from_this();
    RETURN_IF_ERROR(router.Add(
        http::verb::get, kPath,
        guard_.Protect(Audience::kSchoolUser, [self](ContextPtr c, ViewerPtr v, Responder r) {
          self->Show(std::move(c), std::move(v), std::move(r));
        })));
    return router.Add(
        http::verb::post, kPath,
        guard_.Protect(Audience::kSchoolUser, [self](ContextPtr c, ViewerPtr v, Responder r) {
          self->Submit(std::move(c), std::move(v), std::move(r));
        }));
  }

 private:
  HttpResponse Render(const rv1::InductionTutorPage& page, const FormFields* typed,
                      const std::string& return_to, const Viewer& viewer) const {
    PageData data;
    data.set("action", TutorPath(return_to));
    data.set("academic_year", page.academic_year());
    const bool on_record = !page.email().empty();
    if (on_record) {
      data.set("on_record", PageData(true));
      data.set("current_name", page.name());
      data.set("current_email", page.email());
    } else {
      data.set("none_on_record", PageData(true));
    }
    const std::string choice = typed != nullptr ? Field(*typed, "are_these_details_correct") : "";
    if (choice == "yes") data.set("correct_yes", PageData(true));
    if (choice == "no") data.set("correct_no", PageData(true));
    data.set("name_value", typed != nullptr ? Field(*typed, "name") : "");
    data.set("email_value", typed != nullptr ? Field(*typed, "email") : "");
    SetFieldErrors(page.errors(), data);
    const std::string title =
        on_record ? "Confirm induction tutor details" : "Tell us who your school’s induction tutor is";
    data.set("heading", title);
    return pages_.Respond(
        page.errors_size() > 0 ? http::status::unprocessable_entity : http::status::ok,
        "induction_tutor", title, std::move(data), viewer);
  }

  void Show(ContextPtr context, ViewerPtr viewer, Responder respond) {
    const std::string return_to =
        SafeReturn(Field(QueryFields(context->target), "return_to"));
    auto self = shared_from_this();
    backends_.Call<rv1::InductionTutorPage>(
        context->request_id, Request(*viewer),
        [self](auto* c, auto* q, auto* r, auto cb) {
          self->stub_->async()->GetInductionTutor(c, q, r, cb);
        },
        [self, viewer, respond, return_to](const grpc::Status& status,
                                           rv1::InductionTutorPage&& page) {
          if (!status.ok()) {
            return respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "registration"));
          }
          respond(self->Render(page, nullptr, return_to, *viewer));
        });
  }

  void Submit(ContextPtr context, ViewerPtr viewer, Responder respond) {
    const std::string return_to =
        SafeReturn(Field(QueryFields(context->target), "return_to"));
    auto typed = std::make_shared<FormFields>(ParseForm(context->request.body()));
    rv1::InductionTutorRequest request = Request(*viewer);
    request.set_are_these_details_correct(Field(*typed, "are_these_details_correct"));
    request.set_name(Field(*typed, "name"));
    request.set_email(Field(*typed, "email"));
    auto self = shared_from_this();
    backends_.Call<rv1::InductionTutorPage>(
        context->request_id, std::move(request),
        [self](auto* c, auto* q, auto* r, auto cb) {
          self->stub_->async()->SaveInductionTutor(c, q, r, cb);
        },
        [self, viewer, respond, return_to, typed](const grpc::Status& status,
                                                  rv1::InductionTutorPage&& page) {
          if (!status.ok()) {
            return respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "registration"));
          }
          if (page.errors_size() > 0) {
            return respond(self->Render(page, typed.get(), return_to, *viewer));
          }
          if (!return_to.empty()) return respond(RedirectResponse(return_to));
          PageData data;
          data.set("confirmation", PageData(true));
          data.set("name", page.name());
          data.set("academic_year", page.academic_year());
          if (page.emailed()) data.set("emailed", PageData(true));
          respond(self->pages_.Respond(
              http::status::ok, "induction_tutor",
              absl::StrCat("You’ve confirmed ", page.name(), " as your induction tutor"),
              std::move(data), *viewer));
        });
  }

  Backends& backends_;
  const Pages& pages_;
  PageGuard& guard_;
  std::shared_ptr<TutorStub> stub_;
};

}  // namespace

absl::Status AddInductionTutorRoutes(Router& router, Backends& backends, const Pages& pages,
                                     PageGuard& guard) {
  return std::make_shared<InductionTutorRoutes>(backends, pages, guard)->Add(router);
}

void RequireInductionTutor(Backends& backends, const RequestContext& context,
                           std::shared_ptr<const Viewer> viewer, Responder respond,
                           const std::string& return_to, std::function<void()> proceed) {
  // The stub shares the registration channel Backends keeps, so releasing it on a gRPC thread
  // never drops the channel's last reference.
  std::shared_ptr<TutorStub> stub(
      backends.NewStub<rv1::InductionTutorService>(Backend::kRegistration));
  const std::string back = SafeReturn(return_to);
  backends.Call<rv1::InductionTutorPage>(
      context.request_id, Request(*viewer),
      [stub](auto* c, auto* q, auto* r, auto cb) { stub->async()->GetInductionTutor(c, q, r, cb); },
      [respond, back, proceed = std::move(proceed)](const grpc::Status& status,
                                                    rv1::InductionTutorPage&& page) {
        if (!status.ok()) {
          return respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "registration"));
        }
        if (!page.confirmed_for_current_period()) return respond(RedirectResponse(TutorPath(back)));
        proceed();
      });
}

}  // namespace rect::gateway
