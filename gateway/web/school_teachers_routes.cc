#include "gateway/web/school_teachers_routes.h"

#include "absl/strings/str_cat.h"
#include "gateway/http/responses.h"
#include "services/common/status.h"

namespace rect::gateway {
namespace {

namespace http = boost::beast::http;
namespace rv1 = registration::v1;
using ContextPtr = std::shared_ptr<const RequestContext>;
using ViewerPtr = std::shared_ptr<const Viewer>;

std::string ProgrammeLabel(const std::string& value) {
  if (value == "provider_led") return "Provider-led";
  if (value == "school_led") return "School-led";
  return "";
}

PageData EctData(const rv1::SchoolEct& ect) {
  PageData data;
  data.set("id", ect.id());
  data.set("trn", ect.trn());
  data.set("name", ect.name());
  data.set("email", ect.email());
  data.set("start_date", ect.start_date());
  data.set("training_programme", ProgrammeLabel(ect.training_programme()));
  data.set("status_tag", ect.status_tag());
  data.set("status_text", ect.status_text());
  data.set("mentor_name", ect.mentor_name());
  // An empty string is still a truthy section in the templates: a flag says "no mentor".
  if (ect.mentor_name().empty()) data.set("no_mentor", PageData(true));
  if (ect.status_tag() == "Action required") data.set("action_required", PageData(true));
  return data;
}

class SchoolTeachersRoutes : public std::enable_shared_from_this<SchoolTeachersRoutes> {
 public:
  SchoolTeachersRoutes(Backends& backends, const Pages& pages, PageGuard& guard)
      : backends_(backends), pages_(pages), guard_(guard) {}

  absl::Status Add(Router& router) {
    auto protect = [&](void (SchoolTeachersRoutes::*method)(ContextPtr, ViewerPtr, Responder)) {
      return guard_.Protect(Audience::kSchoolUser, [self = shared_from_this(), method](
                                                       ContextPtr c, ViewerPtr v, Responder r) {
        ((*self).*method)(std::move(c), std::move(v), std::move(r));
      });
    };
    RETURN_IF_ERROR(router.Add(http::verb::get, "/school/ects", protect(&SchoolTeachersRoutes::ListEcts)));
    return router.Add(http::verb::get, "/school/ects/{id}", protect(&SchoolTeachersRoutes::ShowEct));
  }

 private:
  void ListEcts(ContextPtr context, ViewerPtr viewer, Responder respond) {
    rv1::ListSchoolEctsRequest request;
    request.set_school_urn(viewer->session.school_urn());
    backends_.Call<rv1::ListSchoolEctsResponse>(
        context->request_id, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          backends_.registration().async()->ListSchoolEcts(c, q, r, cb);
        },
        [this, viewer, respond](const grpc::Status& status, rv1::ListSchoolEctsResponse&& list) {
          if (!status.ok()) {
            return respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "registration"));
          }
          PageData ects{PageData::type::list};
          for (const rv1::SchoolEct& ect : list.ects()) ects.push_back(EctData(ect));
          PageData data;
          data.set("ects", ects);
          respond(pages_.Respond(http::status::ok, "school_teachers_ects", "Early career teachers",
                                 std::move(data), *viewer));
        });
  }

  void ShowEct(ContextPtr context, ViewerPtr viewer, Responder respond) {
    rv1::GetSchoolEctRequest request;
    request.set_school_urn(viewer->session.school_urn());
    request.set_id(context->param("id"));
    backends_.Call<rv1::SchoolEct>(
        context->request_id, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          backends_.registration().async()->GetSchoolEct(c, q, r, cb);
        },
        [this, viewer, respond](const grpc::Status& status, rv1::SchoolEct&& ect) {
          if (!status.ok()) {
            return respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "registration"));
          }
          respond(pages_.Respond(http::status::ok, "school_teachers_ect", ect.name(),
                                 EctData(ect), *viewer));
        });
  }

  Backends& backends_;
  const Pages& pages_;
  PageGuard& guard_;
};

}  // namespace

absl::Status AddSchoolTeachersRoutes(Router& router, Backends& backends, const Pages& pages,
                                     PageGuard& guard) {
  return std::make_shared<SchoolTeachersRoutes>(backends, pages, guard)->Add(router);
}

}  // namespace rect::gateway
