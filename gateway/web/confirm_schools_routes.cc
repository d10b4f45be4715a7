#include "gateway/web/confirm_schools_routes.h"

#include <set>

#include <boost/beast/http/field.hpp>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gateway/http/forms.h"
#include "gateway/http/responses.h"
#include "gateway/web/csrf.h"
#include "gateway/web/multipart.h"
#include "services/common/status.h"
#include "services/common/tokens.h"

namespace rect::gateway {
namespace {

namespace http = boost::beast::http;
namespace pv1 = partnerships::v1;

using ContextPtr = std::shared_ptr<const RequestContext>;
using ViewerPtr = std::shared_ptr<const Viewer>;

constexpr char kBase[] = "/lead-providers/report-schools";
constexpr size_t kMaxUploadBytes = 2 * 1024 * 1024;

std::string Plural(int count, absl::string_view one, absl::string_view many) {
  return absl::StrCat(count, " ", count == 1 ? one : many);
}

std::string AcademicYear(int year) { return absl::StrCat(year, " to ", year + 1); }

// The cohort a page is about: `requested` when the lead provider works in it, else the current
// one (academic year starting in September) when it does, else its latest.
int ChooseCohort(const pv1::LeadProvider& provider, absl::string_view requested) {
  int year = 0;
  const auto has = [&](int y) {
    return std::find(provider.cohorts().begin(), provider.cohorts().end(), y) !=
           provider.cohorts().end();
  };
  if (absl::SimpleAtoi(requested, &year) && has(year)) return year;
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  const int current = today.month() >= 9 ? static_cast<int>(today.year())
                                         : static_cast<int>(today.year()) - 1;
  if (has(current)) return current;
  return provider.cohorts().empty() ? 0 : provider.cohorts(provider.cohorts_size() - 1);
}

std::set<std::string> IdSet(absl::string_view text) {
  std::set<std::string> ids;
  for (absl::string_view id : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    if (IsUuid(id)) ids.insert(std::string(id));
  }
  return ids;
}

class ConfirmSchoolsRoutes : public std::enable_shared_from_this<ConfirmSchoolsRoutes> {
 public:
  ConfirmSchoolsRoutes(Backends& backends, const Pages& pages, PageGuard& guard)
      : backends_(backends), pages_(pages), guard_(guard) {}

  absl::Status Add(Router& router) {
    auto protect = [&](void (ConfirmSchoolsRoutes::*method)(ContextPtr, ViewerPtr, Responder)) {
      return guard_.Protect(Audience::kLeadProviderUser,
                            [self = shared_from_this(), method](ContextPtr c, ViewerPtr v,
                                                                Responder r) {
                              ((*self).*method)(std::move(c), std::move(v), std::move(r));
                            });
    };
    const std::string base = kBase;
    RETURN_IF_ERROR(
        router.Add(http::verb::get, base + "/start", protect(&ConfirmSchoolsRoutes::Start)));
    RETURN_IF_ERROR(router.Add(http::verb::get, base + "/delivery-partner",
                               protect(&ConfirmSchoolsRoutes::DeliveryPartnerPage)));
    RETURN_IF_ERROR(router.Add(http::verb::post, base + "/delivery-partner",
                               protect(&ConfirmSchoolsRoutes::ChooseDeliveryPartner)));
    RETURN_IF_ERROR(
        router.Add(http::verb::get, base + "/csv", protect(&ConfirmSchoolsRoutes::UploadPage)));
    // The upload form is multipart: its CSRF field is lifted into the header the guard reads.
    RETURN_IF_ERROR(router.Add(
        http::verb::post, base + "/csv",
        [guarded = protect(&ConfirmSchoolsRoutes::Upload)](ContextPtr context, Responder respond) {
          guarded(WithMultipartCsrfToken(std::move(context)), std::move(respond));
        }));
    RETURN_IF_ERROR(router.Add(http::verb::get, base + "/uploads/{upload_id}/errors",
                               protect(&ConfirmSchoolsRoutes::ErrorsPage)));
    RETURN_IF_ERROR(router.Add(http::verb::get, base + "/uploads/{upload_id}/confirm",
                               protect(&ConfirmSchoolsRoutes::CheckPage)));
    RETURN_IF_ERROR(router.Add(http::verb::post, base + "/uploads/{upload_id}/remove",
                               protect(&ConfirmSchoolsRoutes::Remove)));
    return router.Add(http::verb::post, base + "/uploads/{upload_id}/confirm",
                      protect(&ConfirmSchoolsRoutes::Confirm));
  }

 private:
  static ContextPtr WithMultipartCsrfToken(ContextPtr context) {
    absl::StatusOr<std::string> boundary = MultipartBoundary(std::string(
        context->request[http::field::content_type]));
    if (!boundary.ok()) return context;
    absl::StatusOr<std::vector<MultipartPart>> parts =
        ParseMultipart(context->request.body(), *boundary);
    if (!parts.ok()) return context;
    const MultipartPart* token = FindPart(*parts, kCsrfField);
    if (token == nullptr) return context;
    auto copy = std::make_shared<RequestContext>(*context);
    copy->request.set("X-CSRF-Token", token->data);
    return copy;
  }

  template <typename Response, typename Request, typename Start, typename Done>
  void Call(const RequestContext& context, Request request, Start start, Done done) {
    backends_.Call<Response>(context.request_id, std::move(request), std::move(start),
                             std::move(done));
  }

  // Runs `next` with the viewer's lead provider, or answers the error.
  void WithLeadProvider(const RequestContext& context, const Viewer& viewer, Responder respond,
                        std::function<void(pv1::LeadProvider)> next) {
    pv1::GetLeadProviderRequest request;
    request.set_id(viewer.session.lead_provider_id());
    Call<pv1::LeadProvider>(
        context, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          backends_.partnerships().async()->GetLeadProvider(c, q, r, cb);
        },
        [respond, next = std::move(next)](const grpc::Status& status, pv1::LeadProvider&& lp) {
          if (!status.ok()) return respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status,
                                                                 "partnerships"));
          next(std::move(lp));
        });
  }

  void Start(ContextPtr context, ViewerPtr viewer, Responder respond) {
    WithLeadProvider(*context, *viewer, respond, [this, context, viewer, respond](
                                                     pv1::LeadProvider lp) {
      const int cohort = ChooseCohort(lp, Field(QueryFields(context->target), "cohort"));
      if (cohort == 0) {
        return respond(ErrorResponse(ErrorFormat::kHtml, http::status::not_found));
      }
      PageData data;
      data.set("academic_year", AcademicYear(cohort));
      data.set("cohort", std::to_string(cohort));
      data.set("lead_provider_name", lp.name());
      respond(pages_.Respond(http::status::ok, "confirm_schools_start", "Confirm your schools",
                             std::move(data), *viewer));
    });
  }

  void RenderDeliveryPartners(const RequestContext& context, ViewerPtr viewer, Responder respond,
                              int cohort, const std::string& error) {
    pv1::ListDeliveryPartnersRequest request;
    request.set_lead_provider_id(viewer->session.lead_provider_id());
    request.set_filter_cohorts(true);
    request.add_cohorts(cohort);
    request.mutable_page()->set_per_page(3000);
    Call<pv1::ListDeliveryPartnersResponse>(
        context, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          backends_.partnerships().async()->ListDeliveryPartners(c, q, r, cb);
        },
        [this, viewer, respond, cohort, error](const grpc::Status& status,
                                               pv1::ListDeliveryPartnersResponse&& partners) {
          if (!status.ok()) {
            return respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "partnerships"));
          }
          std::vector<pv1::DeliveryPartner> sorted(partners.delivery_partners().begin(),
                                                   partners.delivery_partners().end());
          std::sort(sorted.begin(), sorted.end(),
                    [](const auto& a, const auto& b) { return a.name() < b.name(); });
          PageData list(PageData::type::list);
          for (const pv1::DeliveryPartner& partner : sorted) {
            PageData item;
            item.set("id", partner.id());
            item.set("name", partner.name());
            list.push_back(item);
          }
          PageData data;
          data.set("delivery_partners", list);
          data.set("none", PageData(sorted.empty()));
          data.set("cohort", std::to_string(cohort));
          data.set("academic_year", AcademicYear(cohort));
          if (!error.empty()) data.set("error", error);
          respond(pages_.Respond(error.empty() ? http::status::ok
                                               : http::status::unprocessable_entity,
                                 "confirm_schools_delivery_partner", "Choose the delivery partner",
                                 std::move(data), *viewer));
        });
  }

  void DeliveryPartnerPage(ContextPtr context, ViewerPtr viewer, Responder respond) {
    WithLeadProvider(*context, *viewer, respond, [this, context, viewer, respond](
                                                     pv1::LeadProvider lp) {
      const int cohort = ChooseCohort(lp, Field(QueryFields(context->target), "cohort"));
      if (cohort == 0) return respond(ErrorResponse(ErrorFormat::kHtml, http::status::not_found));
      RenderDeliveryPartners(*context, viewer, respond, cohort, "");
    });
  }

  void ChooseDeliveryPartner(ContextPtr context, ViewerPtr viewer, Responder respond) {
    const FormFields form = ParseForm(context->request.body());
    WithLeadProvider(*context, *viewer, respond, [this, context, viewer, respond, form](
                                                     pv1::LeadProvider lp) {
      const int cohort = ChooseCohort(lp, Field(form, "cohort"));
      if (cohort == 0) return respond(ErrorResponse(ErrorFormat::kHtml, http::status::not_found));
      const std::string& partner = Field(form, "delivery_partner_id");
      if (!IsUuid(partner)) {
        return RenderDeliveryPartners(*context, viewer, respond, cohort,
                                      "Choose a delivery partner");
      }
      respond(RedirectResponse(absl::StrCat(kBase, "/csv?cohort=", cohort,
                                            "&delivery_partner_id=", partner)));
    });
  }

  // The upload page for a delivery partner the lead provider works with in the cohort.
  void RenderUpload(const RequestContext& context, ViewerPtr viewer, Responder respond,
                    const std::string& cohort_text, const std::string& partner_id,
                    const std::string& error) {
    int cohort = 0;
    if (!absl::SimpleAtoi(cohort_text, &cohort) || !IsUuid(partner_id)) {
      return respond(RedirectResponse(absl::StrCat(kBase, "/start")));
    }
    pv1::GetDeliveryPartnerRequest request;
    request.set_lead_provider_id(viewer->session.lead_provider_id());
    request.set_id(partner_id);
    Call<pv1::DeliveryPartner>(
        context, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          backends_.partnerships().async()->GetDeliveryPartner(c, q, r, cb);
        },
        [this, viewer, respond, cohort, error](const grpc::Status& status,
                                               pv1::DeliveryPartner&& partner) {
          if (!status.ok()) {
            return respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "partnerships"));
          }
          if (std::find(partner.cohorts().begin(), partner.cohorts().end(), cohort) ==
              partner.cohorts().end()) {
            return respond(ErrorResponse(ErrorFormat::kHtml, http::status::not_found));
          }
          PageData data;
          data.set("cohort", std::to_string(cohort));
          data.set("delivery_partner_id", partner.id());
          data.set("delivery_partner_name", partner.name());
          data.set("academic_year", AcademicYear(cohort));
          if (!error.empty()) data.set("error", error);
          respond(pages_.Respond(error.empty() ? http::status::ok
                                               : http::status::unprocessable_entity,
                                 "confirm_schools_csv", "Upload a CSV of school URNs",
                                 std::move(data), *viewer));
        });
  }

  void UploadPage(ContextPtr context, ViewerPtr viewer, Responder respond) {
    const FormFields query = QueryFields(context->target);
    RenderUpload(*context, viewer, respond, Field(query, "cohort"),
                 Field(query, "delivery_partner_id"), "");
  }

  void Upload(ContextPtr context, ViewerPtr viewer, Responder respond) {
    absl::StatusOr<std::string> boundary =
        MultipartBoundary(std::string(context->request[http::field::content_type]));
    absl::StatusOr<std::vector<MultipartPart>> parts =
        boundary.ok() ? ParseMultipart(context->request.body(), *boundary)
                      : absl::StatusOr<std::vector<MultipartPart>>(boundary.status());
    if (!parts.ok()) {
      return respond(ErrorResponse(ErrorFormat::kHtml, http::status::bad_request,
                                   "The form could not be read. Go back and try again."));
    }
    const auto field = [&](absl::string_view name) {
      const MultipartPart* part = FindPart(*parts, name);
      return part == nullptr ? std::string() : part->data;
    };
    const std::string cohort = field("cohort");
    const std::string partner = field("delivery_partner_id");
    const MultipartPart* file = FindPart(*parts, "csv_file");
    // No file, a name not ending .csv, or over 2 MB: the page's own messages.
    std::string error;
    if (file == nullptr || !file->is_file || file->filename.empty()) {
      error = "Select a CSV file to upload.";
    } else if (!absl::EndsWithIgnoreCase(file->filename, ".csv")) {
      error = "File must be a CSV";
    } else if (file->data.size() > kMaxUploadBytes) {
      error = "File must be less than 2mb.";
    }
    if (!error.empty()) return RenderUpload(*context, viewer, respond, cohort, partner, error);
    int year = 0;
    if (!absl::SimpleAtoi(cohort, &year) || !IsUuid(partner)) {
      return respond(RedirectResponse(absl::StrCat(kBase, "/start")));
    }
    pv1::CheckUploadRequest request;
    request.set_lead_provider_id(viewer->session.lead_provider_id());
    request.set_delivery_partner_id(partner);
    request.set_cohort(year);
    request.set_file_name(file->filename);
    request.set_contents(file->data);
    Call<pv1::CsvUpload>(
        *context, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          backends_.partnerships().async()->CheckUpload(c, q, r, cb);
        },
        [this, context, viewer, respond, cohort, partner](const grpc::Status& status,
                                                          pv1::CsvUpload&& upload) {
          if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
            return RenderUpload(*context, viewer, respond, cohort, partner,
                                status.error_message());
          }
          if (!status.ok()) {
            return respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "partnerships"));
          }
          respond(RedirectResponse(absl::StrCat(kBase, "/uploads/", upload.id(),
                                                upload.rows_with_errors() > 0 ? "/errors"
                                                                              : "/confirm")));
        });
  }

  // Runs `next` with the viewer's upload named in the path, or answers 404.
  void WithUpload(const RequestContext& context, const Viewer& viewer, Responder respond,
                  std::function<void(pv1::CsvUpload)> next) {
    pv1::GetUploadRequest request;
    request.set_lead_provider_id(viewer.session.lead_provider_id());
    request.set_id(context.param("upload_id"));
    Call<pv1::CsvUpload>(
        context, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          backends_.partnerships().async()->GetUpload(c, q, r, cb);
        },
        [respond, next = std::move(next)](const grpc::Status& status, pv1::CsvUpload&& upload) {
          if (!status.ok()) {
            return respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "partnerships"));
          }
          next(std::move(upload));
        });
  }

  void ErrorsPage(ContextPtr context, ViewerPtr viewer, Responder respond) {
    WithUpload(*context, *viewer, respond, [this, viewer, respond](pv1::CsvUpload upload) {
      PageData rows(PageData::type::list);
      int valid_rows = 0;
      for (const pv1::UploadRow& row : upload.rows()) {
        if (row.error().empty()) {
          ++valid_rows;
          continue;
        }
        PageData item;
        item.set("row", std::to_string(row.row()));
        item.set("your_data", row.your_data());
        item.set("school_name", row.school_name());
        item.set("error", row.error());
        rows.push_back(item);
      }
      const int schools = upload.valid_schools_size();
      PageData data;
      data.set("upload_id", upload.id());
      data.set("row_count", std::to_string(upload.rows_size()));
      data.set("rows_with_errors", absl::StrCat(Plural(upload.rows_with_errors(), "row has",
                                                       "rows have"),
                                                " errors"));
      data.set("rows_matching", absl::StrCat(Plural(valid_rows, "row matches", "rows match"),
                                             " available schools"));
      data.set("error_rows", rows);
      data.set("can_continue", PageData(schools > 0 && !upload.confirmed()));
      data.set("continue_label", absl::StrCat("Continue with ", Plural(schools, "school",
                                                                       "schools")));
      data.set("reupload_url", absl::StrCat(kBase, "/csv?cohort=", upload.cohort(),
                                            "&delivery_partner_id=",
                                            upload.delivery_partner_id()));
      respond(pages_.Respond(http::status::ok, "confirm_schools_errors", "Your CSV has errors",
                             std::move(data), *viewer));
    });
  }

  void CheckPage(ContextPtr context, ViewerPtr viewer, Responder respond) {
    const FormFields query = QueryFields(context->target);
    const std::set<std::string> removed = IdSet(Field(query, "removed"));
    const std::string just_removed = Field(query, "just_removed");
    WithUpload(*context, *viewer, respond, [this, viewer, respond, removed, just_removed](
                                               pv1::CsvUpload upload) {
      if (upload.confirmed()) {
        return respond(RedirectResponse(absl::StrCat(kBase, "/start?cohort=", upload.cohort())));
      }
      PageData schools(PageData::type::list);
      int count = 0;
      std::string removed_name;
      for (const pv1::UploadSchool& school : upload.valid_schools()) {
        if (school.school_id() == just_removed) removed_name = school.name();
        if (removed.count(school.school_id()) > 0) continue;
        PageData item;
        item.set("school_id", school.school_id());
        item.set("name", school.name());
        item.set("urn", school.urn());
        item.set("local_authority", school.local_authority_name());
        item.set("delivery_partner", upload.delivery_partner_name());
        schools.push_back(item);
        ++count;
      }
      PageData data;
      data.set("upload_id", upload.id());
      data.set("schools", schools);
      data.set("any", PageData(count > 0));
      data.set("removed", absl::StrJoin(removed, ","));
      if (!removed_name.empty()) data.set("removed_name", removed_name);
      data.set("heading", absl::StrCat("Confirm that you have an agreement with ",
                                       Plural(count, "school", "schools")));
      data.set("cohort", std::to_string(upload.cohort()));
      data.set("reupload_url", absl::StrCat(kBase, "/csv?cohort=", upload.cohort(),
                                            "&delivery_partner_id=",
                                            upload.delivery_partner_id()));
      respond(pages_.Respond(http::status::ok, "confirm_schools_confirm", "Confirm your schools",
                             std::move(data), *viewer));
    });
  }

  void Remove(ContextPtr context, ViewerPtr viewer, Responder respond) {
    const FormFields form = ParseForm(context->request.body());
    std::set<std::string> removed = IdSet(Field(form, "removed"));
    const std::string& school = Field(form, "school_id");
    if (IsUuid(school)) removed.insert(school);
    respond(RedirectResponse(absl::StrCat(kBase, "/uploads/", context->param("upload_id"),
                                          "/confirm?removed=", absl::StrJoin(removed, ","),
                                          "&just_removed=", IsUuid(school) ? school : "")));
  }

  void Confirm(ContextPtr context, ViewerPtr viewer, Responder respond) {
    const FormFields form = ParseForm(context->request.body());
    const std::set<std::string> removed = IdSet(Field(form, "removed"));
    WithUpload(*context, *viewer, respond, [this, context, viewer, respond, removed](
                                               pv1::CsvUpload upload) {
      pv1::ConfirmUploadRequest request;
      request.set_lead_provider_id(viewer->session.lead_provider_id());
      request.set_id(upload.id());
      request.set_choose_schools(true);
      for (const pv1::UploadSchool& school : upload.valid_schools()) {
        if (removed.count(school.school_id()) == 0) request.add_school_ids(school.school_id());
      }
      request.set_service_url(guard_.options().public_url);
      Call<pv1::ConfirmUploadResponse>(
          *context, std::move(request),
          [this](auto* c, auto* q, auto* r, auto cb) {
            backends_.partnerships().async()->ConfirmUpload(c, q, r, cb);
          },
          [this, viewer, respond, upload](const grpc::Status& status,
                                          pv1::ConfirmUploadResponse&& confirmed) {
            if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
              return respond(ErrorResponse(ErrorFormat::kHtml, http::status::conflict,
                                           status.error_message()));
            }
            if (!status.ok()) {
              return respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "partnerships"));
            }
            PageData data;
            data.set("panel", absl::StrCat(Plural(confirmed.schools_confirmed(), "school",
                                                  "schools"),
                                           " confirmed for ", confirmed.delivery_partner_name()));
            data.set("cohort", std::to_string(upload.cohort()));
            respond(pages_.Respond(http::status::ok, "confirm_schools_success",
                                   "Schools confirmed", std::move(data), *viewer));
          });
    });
  }

  Backends& backends_;
  const Pages& pages_;
  PageGuard& guard_;
};

}  // namespace

absl::Status AddConfirmSchoolsRoutes(Router& router, Backends& backends, const Pages& pages,
                                     PageGuard& guard) {
  return std::make_shared<ConfirmSchoolsRoutes>(backends, pages, guard)->Add(router);
}

}  // namespace rect::gateway
