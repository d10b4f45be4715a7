#include "gateway/web/register_ect_routes.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gateway/http/forms.h"
#include "gateway/http/responses.h"
#include "gateway/web/cookies.h"
#include "gateway/web/induction_tutor_routes.h"
#include "gateway/web/csrf.h"
#include "gateway/web/wizard_pages.h"
#include "services/common/status.h"

namespace rect::gateway {
namespace {

namespace http = boost::beast::http;
namespace rv1 = registration::v1;
using ContextPtr = std::shared_ptr<const RequestContext>;
using ViewerPtr = std::shared_ptr<const Viewer>;

constexpr char kWizardCookie[] = "rect_register_ect";
constexpr char kBasePath[] = "/school/register-ect";

// Page titles (and the h1 of question pages) by step.
std::string Title(const rv1::EctWizardPage& page) {
  const std::string& step = page.step();
  const std::string& name = page.answers().name();
  if (step == "what-you-will-need") return "What you’ll need to register an ECT";
  if (step == "find-ect") return "Find an early career teacher";
  if (step == "national-insurance-number") return "We cannot find the ECT’s details";
  if (step == "trn-not-found") return "We’re unable to match the ECT with the TRN you provided";
  if (step == "not-found") return "We’re unable to match the ECT with the details you provided";
  if (step == "already-active-at-school") return absl::StrCat(name, " is already registered at your school");
  if (step == "induction-completed" || step == "induction-exempt" ||
      step == "induction-failed" || step == "cannot-register-ect") {
    return absl::StrCat("You cannot register ", name);
  }
  if (step == "review-ect-details") return "Check the ECT’s details";
  if (step == "registered-before") return absl::StrCat(name, " has been registered before");
  if (step == "email-address") return absl::StrCat("What is ", name, "’s email address?");
  if (step == "cant-use-email") return "This email is already in use for a different ECT or mentor";
  if (step == "start-date") return absl::StrCat("When did or will ", name, " start teaching as an ECT at your school?");
  if (step == "cannot-register-ect-yet") return "You cannot register this ECT yet";
  if (step == "working-pattern") return absl::StrCat("Is ", name, " working full or part time?");
  if (step == "use-previous-ect-choices") return "Do you want to use the programme choices used by your school previously?";
  if (step == "state-school-appropriate-body" || step == "independent-school-appropriate-body") {
    return absl::StrCat("Which appropriate body will be supporting ", name, "’s induction?");
  }
  if (step == "training-programme") return absl::StrCat("Which training programme will ", name, " follow?");
  if (step == "lead-provider") return absl::StrCat("Which lead provider will be training ", name, "?");
  if (step == "check-answers") return "Check your answers before submitting";
  if (step == "confirmation") return absl::StrCat("You have saved ", name, "’s details");
  return "Register an ECT";
}

std::string ProgrammeLabel(const std::string& value) {
  if (value == "provider_led") return "Provider-led";
  if (value == "school_led") return "School-led";
  return "";
}

// What the step template needs: the answers (or, after errors, what was typed), the options
// and the errors, each error keyed by field for the inline messages.
PageData StepData(const rv1::EctWizardPage& page, const FormFields* typed) {
  const rv1::EctAnswersView& a = page.answers();
  PageData data;
  const std::string flag = absl::StrCat("step_", absl::StrReplaceAll(page.step(), {{"-", "_"}}));
  data.set(flag, PageData(true));
  data.set("step", page.step());
  data.set("name", a.name());
  data.set("trn", a.trn());
  data.set("school_name", page.school_name());
  // Empty strings are truthy sections in the templates: set only when saved.
  if (!page.ect_at_school_period_id().empty()) {
    data.set("ect_at_school_period_id", page.ect_at_school_period_id());
  }
  auto value = [&](const char* field, const std::string& stored) {
    if (typed != nullptr) return Field(*typed, field);
    return stored;
  };
  data.set("trn_value", value("trn", a.trn()));
  data.set("dob_day", typed ? Field(*typed, "date_of_birth_day") : "");
  data.set("dob_month", typed ? Field(*typed, "date_of_birth_month") : "");
  data.set("dob_year", typed ? Field(*typed, "date_of_birth_year") : "");
  data.set("nino_value", typed ? Field(*typed, "national_insurance_number") : "");
  const std::string name_check = value("name_check", a.name_check());
  if (name_check == "correct") data.set("name_check_correct", PageData(true));
  if (name_check == "corrected") data.set("name_check_corrected", PageData(true));
  data.set("corrected_name_value", value("corrected_name", a.corrected_name()));
  data.set("trs_name", absl::StrCat(a.trs_first_name(), " ", a.trs_last_name()));
  if (a.used_national_insurance_number()) data.set("used_nino", PageData(true));
  if (!a.has_qts()) data.set("no_qts", PageData(true));
  data.set("email_value", value("email", a.email()));
  data.set("email", a.email());
  data.set("start_date", a.start_date());
  data.set("start_day", value("start_date_day", a.start_day()));
  data.set("start_month", value("start_date_month", a.start_month()));
  data.set("start_year", value("start_date_year", a.start_year()));
  const std::string pattern = value("working_pattern", a.working_pattern());
  if (pattern == "full_time") data.set("full_time", PageData(true));
  if (pattern == "part_time") data.set("part_time", PageData(true));
  data.set("working_pattern_label", a.working_pattern() == "full_time"   ? "Full time"
                                    : a.working_pattern() == "part_time" ? "Part time"
                                                                         : "");
  const std::string reuse = value("use_previous_choices", a.use_previous_choices());
  if (reuse == "yes") data.set("reuse_yes", PageData(true));
  if (reuse == "no") data.set("reuse_no", PageData(true));
  if (a.use_previous_choices() == "yes") data.set("reused", PageData(true));
  if (page.previous_choices_offered()) data.set("previous_choices_offered", PageData(true));
  data.set("previous_appropriate_body_name", page.previous_appropriate_body_name());
  data.set("previous_training_programme", ProgrammeLabel(page.previous_training_programme()));
  data.set("previous_lead_provider_name", page.previous_lead_provider_name());
  data.set("appropriate_bodies",
           ChoiceItems(page.appropriate_bodies(), value("appropriate_body_id", a.appropriate_body_id())));
  data.set("appropriate_body_name", a.appropriate_body_name());
  const std::string programme = value("training_programme", a.training_programme());
  if (programme == "provider_led") data.set("provider_led", PageData(true));
  if (programme == "school_led") data.set("school_led", PageData(true));
  data.set("training_programme_label", ProgrammeLabel(a.training_programme()));
  if (a.training_programme() == "provider_led") data.set("is_provider_led", PageData(true));
  data.set("lead_providers",
           ChoiceItems(page.lead_providers(), value("lead_provider_id", a.lead_provider_id())));
  data.set("lead_provider_name", a.lead_provider_name());
  data.set("registration_year", page.registration_year());
  if (page.independent_school()) data.set("independent_school", PageData(true));
  if (page.has_previous_period()) {
    const rv1::PreviousEctPeriodView& p = page.previous_period();
    PageData previous;
    previous.set("school_name", p.school_name());
    previous.set("started_on", p.started_on());
    previous.set("finished_on", p.finished_on().empty() ? "Not confirmed" : p.finished_on());
    previous.set("training_programme", p.training_programme().empty()
                                           ? "Not confirmed"
                                           : ProgrammeLabel(p.training_programme()));
    previous.set("lead_provider_name",
                 p.lead_provider_name().empty() ? "Not confirmed" : p.lead_provider_name());
    data.set("previous", previous);
  }
  SetFieldErrors(page.errors(), data);
  return data;
}

class RegisterEctRoutes : public std::enable_shared_from_this<RegisterEctRoutes> {
 public:
  RegisterEctRoutes(Backends& backends, const Pages& pages, PageGuard& guard)
      : backends_(backends), pages_(pages), guard_(guard) {}

  absl::Status Add(Router& router) {
    auto self = shared_from_this();
    RETURN_IF_ERROR(router.Add(
        http::verb::get, kBasePath,
        guard_.Protect(Audience::kSchoolUser, [](ContextPtr, ViewerPtr, Responder respond) {
          respond(RedirectResponse(absl::StrCat(kBasePath, "/what-you-will-need")));
        })));
    RETURN_IF_ERROR(router.Add(
        http::verb::get, absl::StrCat(kBasePath, "/{step}"),
        guard_.Protect(Audience::kSchoolUser, [self](ContextPtr c, ViewerPtr v, Responder r) {
          self->Show(std::move(c), std::move(v), std::move(r));
        })));
    return router.Add(
        http::verb::post, absl::StrCat(kBasePath, "/{step}"),
        guard_.Protect(Audience::kSchoolUser, [self](ContextPtr c, ViewerPtr v, Responder r) {
          self->Submit(std::move(c), std::move(v), std::move(r));
        }));
  }

 private:
  std::string WizardCookie(const std::string& id) const {
    return WizardCookieValue(kWizardCookie, kBasePath, id, guard_.options().secure_cookies());
  }

  HttpResponse Render(const rv1::EctWizardPage& page, const FormFields* typed,
                      const Viewer& viewer) const {
    const http::status status =
        page.errors_size() > 0 ? http::status::unprocessable_entity : http::status::ok;
    return pages_.Respond(status, "register_ect_step", Title(page), StepData(page, typed), viewer);
  }

  static std::string StepPath(const std::string& step) {
    return absl::StrCat(kBasePath, "/", step);
  }

  void Start(ContextPtr context, ViewerPtr viewer, Responder respond) {
    rv1::StartWizardRequest request;
    *request.mutable_user() = WizardUserOf(*viewer);
    backends_.Call<rv1::EctWizardPage>(
        context->request_id, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          backends_.registration().async()->StartEctRegistration(c, q, r, cb);
        },
        [this, viewer, respond](const grpc::Status& status, rv1::EctWizardPage&& page) {
          if (!status.ok()) {
            return respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "registration"));
          }
          HttpResponse response = Render(page, nullptr, *viewer);
          response.insert(http::field::set_cookie, WizardCookie(page.wizard_id()));
          respond(std::move(response));
        });
  }

  void Show(ContextPtr context, ViewerPtr viewer, Responder respond) {
    const std::string step = context->param("step");
    if (step == "what-you-will-need") {
      PageData data;
      data.set("step_what_you_will_need", PageData(true));
      return respond(pages_.Respond(http::status::ok, "register_ect_step",
                                    "What you’ll need to register an ECT", std::move(data),
                                    *viewer));
    }
    if (viewer->session.school_access() == identity::v1::Session::NO_NEW_REGISTRATIONS) {
      return respond(ErrorResponse(ErrorFormat::kHtml, http::status::forbidden,
                                   "Your school cannot register new early career teachers"));
    }
    if (step == "find-ect") {
      // Opening find-ect starts afresh: a new wizard whose id replaces the cookie, once the
      // school's induction tutor is confirmed for the current contract period.
      return RequireInductionTutor(backends_, *context, viewer, respond, StepPath("find-ect"),
                                   [this, context, viewer, respond] {
                                     Start(context, viewer, respond);
                                   });
    }
    rv1::WizardStepRequest request;
    *request.mutable_user() = WizardUserOf(*viewer);
    request.set_wizard_id(RequestCookie(context->request, kWizardCookie));
    request.set_step(step);
    backends_.Call<rv1::EctWizardPage>(
        context->request_id, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          backends_.registration().async()->GetEctRegistrationStep(c, q, r, cb);
        },
        [this, viewer, respond](const grpc::Status& status, rv1::EctWizardPage&& page) {
          if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
            return respond(RedirectResponse(StepPath("what-you-will-need")));
          }
          if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
            return respond(ErrorResponse(ErrorFormat::kHtml, http::status::not_found));
          }
          if (!status.ok()) {
            return respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "registration"));
          }
          if (page.redirected()) return respond(RedirectResponse(StepPath(page.step())));
          respond(Render(page, nullptr, *viewer));
        });
  }

  void Submit(ContextPtr context, ViewerPtr viewer, Responder respond) {
    const std::string step = context->param("step");
    if (step == "what-you-will-need") return respond(RedirectResponse(StepPath("find-ect")));
    if (viewer->session.school_access() == identity::v1::Session::NO_NEW_REGISTRATIONS) {
      return respond(ErrorResponse(ErrorFormat::kHtml, http::status::forbidden,
                                   "Your school cannot register new early career teachers"));
    }
    auto typed = std::make_shared<FormFields>(ParseForm(context->request.body()));
    rv1::WizardStepRequest request;
    *request.mutable_user() = WizardUserOf(*viewer);
    request.set_wizard_id(RequestCookie(context->request, kWizardCookie));
    request.set_step(step);
    for (const auto& [name, value] : *typed) {
      if (name != kCsrfField) (*request.mutable_fields())[name] = value;
    }
    // A step may look the teacher up in TRS.
    backends_.CallTrsBound<rv1::EctWizardPage>(
        context->request_id, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          backends_.registration().async()->SubmitEctRegistrationStep(c, q, r, cb);
        },
        [this, viewer, typed, respond](const grpc::Status& status, rv1::EctWizardPage&& page) {
          if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
            return respond(RedirectResponse(StepPath("what-you-will-need")));
          }
          if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
            return respond(ErrorResponse(ErrorFormat::kHtml, http::status::not_found));
          }
          if (!status.ok()) {
            return respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "registration"));
          }
          if (page.errors_size() > 0) return respond(Render(page, typed.get(), *viewer));
          respond(RedirectResponse(StepPath(page.step())));
        });
  }

  Backends& backends_;
  const Pages& pages_;
  PageGuard& guard_;
};

}  // namespace

absl::Status AddRegisterEctRoutes(Router& router, Backends& backends, const Pages& pages,
                                  PageGuard& guard) {
  return std::make_shared<RegisterEctRoutes>(backends, pages, guard)->Add(router);
}

}  // namespace rect::gateway
