#include "gateway/web/register_mentor_routes.h"

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

constexpr char kWizardCookie[] = "rect_register_mentor";
constexpr char kBasePath[] = "/school/register-mentor";

std::string Title(const rv1::MentorWizardPage& page) {
  const std::string& step = page.step();
  const std::string& name = page.answers().name();
  if (step == "find-mentor") return "Find a mentor";
  if (step == "no-trn") return "You cannot register a mentor without a TRN";
  if (step == "national-insurance-number") return "We cannot find the mentor’s details";
  if (step == "trn-not-found") return "We’re unable to match the mentor with the TRN you provided";
  if (step == "cannot-mentor-themself") return "You cannot assign an ECT as their own mentor";
  if (step == "not-found") return "We’re unable to match the mentor with the details you provided";
  if (step == "already-active-at-school") return "This mentor has already been registered";
  if (step == "cannot-register-mentor") return absl::StrCat("You cannot register ", name);
  if (step == "review-mentor-details") return "Check the mentor’s details";
  if (step == "email-address") return absl::StrCat("What is ", name, "’s email address?");
  if (step == "cant-use-email") return "This email is already in use for a different ECT or mentor";
  if (step == "review-mentor-eligibility") return absl::StrCat(name, " can receive mentor training");
  if (step == "mentoring-at-new-school-only") {
    return absl::StrCat("Will ", name, " be mentoring ECTs at your school only?");
  }
  if (step == "started-on") {
    return absl::StrCat("When did or will ", name, " start mentoring ECTs at your school?");
  }
  if (step == "cannot-register-mentor-yet") return "You cannot register this mentor yet";
  if (step == "previous-training-period-details") {
    return absl::StrCat(name, " has done mentor training before");
  }
  if (step == "programme-choices") {
    return absl::StrCat("Do you want to use the same programme choices for ", name,
                        "’s mentor training?");
  }
  if (step == "lead-provider") return absl::StrCat("Which lead provider will be training ", name, "?");
  if (step == "check-answers") return "Check your answers before submitting";
  if (step == "confirmation") return absl::StrCat("You’ve assigned ", name, " as a mentor");
  return "Register a mentor";
}

// What the step template needs: the answers (or, after errors, what was typed), the options
// and the errors. The date of birth and NINO are never echoed back.
PageData StepData(const rv1::MentorWizardPage& page, const FormFields* typed) {
  const rv1::MentorAnswersView& a = page.answers();
  PageData data;
  data.set(absl::StrCat("step_", absl::StrReplaceAll(page.step(), {{"-", "_"}})), PageData(true));
  data.set("step", page.step());
  data.set("name", a.name());
  data.set("trn", a.trn());
  data.set("school_name", page.school_name());
  data.set("ect_id", page.ect_id());
  data.set("ect_name", page.ect_name());
  data.set("ect_lead_provider_name", page.ect_lead_provider_name());
  if (page.ect_provider_led()) data.set("ect_provider_led", PageData(true));
  if (page.mentor_training()) data.set("mentor_training", PageData(true));
  auto value = [&](const char* field, const std::string& stored) {
    if (typed != nullptr) return Field(*typed, field);
    return stored;
  };
  data.set("trn_value", value("trn", a.trn()));
  data.set("dob_day", "");
  data.set("dob_month", "");
  data.set("dob_year", "");
  const std::string name_check = value("name_check", a.name_check());
  if (name_check == "correct") data.set("name_check_correct", PageData(true));
  if (name_check == "corrected") data.set("name_check_corrected", PageData(true));
  data.set("corrected_name_value", value("corrected_name", a.corrected_name()));
  data.set("trs_name", absl::StrCat(a.trs_first_name(), " ", a.trs_last_name()));
  data.set("email_value", value("email", a.email()));
  data.set("email", a.email());
  const std::string only_here =
      value("mentoring_at_new_school_only", a.mentoring_at_new_school_only());
  if (only_here == "yes") data.set("mentoring_at_new_school_only_yes", PageData(true));
  if (only_here == "no") data.set("mentoring_at_new_school_only_no", PageData(true));
  if (!a.mentoring_at_new_school_only().empty()) {
    data.set("mentoring_at_new_school_only_label",
             a.mentoring_at_new_school_only() == "yes" ? "Yes" : "No");
  }
  // Empty strings are truthy sections in the templates: optional answers are set only when given.
  if (!a.started_on().empty()) data.set("started_on", a.started_on());
  data.set("started_day", value("started_on_day", a.started_day()));
  data.set("started_month", value("started_on_month", a.started_month()));
  data.set("started_year", value("started_on_year", a.started_year()));
  const std::string same = value("use_same_programme_choices", a.use_same_programme_choices());
  if (same == "yes") data.set("use_same_programme_choices_yes", PageData(true));
  if (same == "no") data.set("use_same_programme_choices_no", PageData(true));
  data.set("lead_providers",
           ChoiceItems(page.lead_providers(), value("lead_provider_id", a.lead_provider_id())));
  if (!a.lead_provider_name().empty()) data.set("lead_provider_name", a.lead_provider_name());
  SetFieldErrors(page.errors(), data);
  return data;
}

class RegisterMentorRoutes : public std::enable_shared_from_this<RegisterMentorRoutes> {
 public:
  RegisterMentorRoutes(Backends& backends, const Pages& pages, PageGuard& guard)
      : backends_(backends), pages_(pages), guard_(guard) {}

  absl::Status Add(Router& router) {
    auto self = shared_from_this();
    RETURN_IF_ERROR(router.Add(
        http::verb::get, "/school/ects/{id}/mentorship/new",
        guard_.Protect(Audience::kSchoolUser, [self](ContextPtr c, ViewerPtr v, Responder r) {
          // The school's induction tutor is confirmed for the current contract period first.
          const std::string back = absl::StrCat("/school/ects/", c->param("id"), "/mentorship/new");
          RequireInductionTutor(self->backends_, *c, v, r, back, [self, c, v, r] {
            self->ShowChoice(c, v, r);
          });
        })));
    RETURN_IF_ERROR(router.Add(
        http::verb::post, "/school/ects/{id}/mentorship/new",
        guard_.Protect(Audience::kSchoolUser, [self](ContextPtr c, ViewerPtr v, Responder r) {
          self->SubmitChoice(std::move(c), std::move(v), std::move(r));
        })));
    // The mentor-training offer for an existing mentor (§4.1) and its "another lead provider".
    for (const char* page : {"training", "lead-provider"}) {
      const std::string path = absl::StrCat("/school/ects/{id}/mentorship/{mentor}/", page);
      const bool lead_provider = std::string(page) == "lead-provider";
      RETURN_IF_ERROR(router.Add(
          http::verb::get, path,
          guard_.Protect(Audience::kSchoolUser,
                         [self, lead_provider](ContextPtr c, ViewerPtr v, Responder r) {
                           self->ShowTraining(lead_provider, std::move(c), std::move(v),
                                              std::move(r));
                         })));
      RETURN_IF_ERROR(router.Add(
          http::verb::post, path,
          guard_.Protect(Audience::kSchoolUser,
                         [self, lead_provider](ContextPtr c, ViewerPtr v, Responder r) {
                           self->SubmitTraining(lead_provider, std::move(c), std::move(v),
                                                std::move(r));
                         })));
    }
    RETURN_IF_ERROR(router.Add(
        http::verb::post, "/school/ects/{id}/register-mentor",
        guard_.Protect(Audience::kSchoolUser, [self](ContextPtr c, ViewerPtr v, Responder r) {
          // The id is read before `c` is moved: argument evaluation order is unspecified.
          std::string ect_id = c->param("id");
          const std::string back = absl::StrCat("/school/ects/", ect_id, "/mentorship/new");
          RequireInductionTutor(self->backends_, *c, v, r, back, [self, ect_id, c, v, r] {
            self->Start(ect_id, c, v, r);
          });
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

  static std::string StepPath(const std::string& step) {
    return absl::StrCat(kBasePath, "/", step);
  }

  HttpResponse RenderChoice(const std::string& ect_id, const std::string& ect_name,
                            const google::protobuf::RepeatedPtrField<rv1::Choice>& mentors,
                            const rv1::AssignMentorResponse* answer, const std::string& chosen,
                            const Viewer& viewer) const {
    PageData data;
    data.set("ect_id", ect_id);
    data.set("ect_name", ect_name);
    data.set("mentors", ChoiceItems(mentors, chosen));
    if (chosen == "new") data.set("new_checked", PageData(true));
    http::status status = http::status::ok;
    if (answer != nullptr) {
      SetFieldErrors(answer->errors(), data);
      if (answer->errors_size() > 0) status = http::status::unprocessable_entity;
    }
    return pages_.Respond(status, "register_mentor_choose",
                          absl::StrCat("Who will mentor ", ect_name, "?"), std::move(data),
                          viewer);
  }

  // "Who will mentor {ECT}?"; with no one to choose the user goes straight to a new mentor.
  void ShowChoice(ContextPtr context, ViewerPtr viewer, Responder respond) {
    rv1::ListMentorsForEctRequest request;
    request.set_school_urn(viewer->session.school_urn());
    request.set_ect_id(context->param("id"));
    backends_.Call<rv1::MentorsForEct>(
        context->request_id, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          backends_.registration().async()->ListMentorsForEct(c, q, r, cb);
        },
        [this, context, viewer, respond](const grpc::Status& status, rv1::MentorsForEct&& found) {
          if (!status.ok()) {
            return respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "registration"));
          }
          if (found.mentors_size() == 0) {
            return Start(found.ect().id(), context, viewer, respond);
          }
          respond(RenderChoice(found.ect().id(), found.ect().name(), found.mentors(), nullptr, "",
                               *viewer));
        });
  }

  void SubmitChoice(ContextPtr context, ViewerPtr viewer, Responder respond) {
    const FormFields form = ParseForm(context->request.body());
    const std::string ect_id = context->param("id");
    const std::string chosen = Field(form, "mentor");
    rv1::AssignMentorRequest request;
    request.set_school_urn(viewer->session.school_urn());
    request.set_ect_id(ect_id);
    request.set_mentor(chosen);
    *request.mutable_user() = WizardUserOf(*viewer);
    backends_.Call<rv1::AssignMentorResponse>(
        context->request_id, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          backends_.registration().async()->AssignMentor(c, q, r, cb);
        },
        [this, context, viewer, respond, ect_id, chosen](const grpc::Status& status,
                                                         rv1::AssignMentorResponse&& answer) {
          if (!status.ok()) {
            return respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "registration"));
          }
          if (answer.register_new()) return Start(ect_id, context, viewer, respond);
          if (answer.offer_mentor_training()) {
            return respond(RedirectResponse(TrainingPath(ect_id, answer.mentor_id(), false)));
          }
          if (answer.errors_size() == 0) return respond(Assigned(ect_id, answer, *viewer));
          // Errors: show the choices again.
          ReshowChoice(ect_id, std::move(answer), chosen, context, viewer, respond);
        });
  }

  static std::string TrainingPath(const std::string& ect_id, const std::string& mentor_id,
                                  bool lead_provider) {
    return absl::StrCat("/school/ects/", ect_id, "/mentorship/", mentor_id,
                        lead_provider ? "/lead-provider" : "/training");
  }

  // "You’ve assigned {mentor} as a mentor for {ECT}", with the mentor training when created.
  HttpResponse Assigned(const std::string& ect_id, const rv1::AssignMentorResponse& answer,
                        const Viewer& viewer) const {
    PageData data;
    data.set("assigned", PageData(true));
    data.set("ect_id", ect_id);
    data.set("ect_name", answer.ect_name());
    data.set("mentor_name", answer.mentor_name());
    data.set("started_on", answer.started_on());
    if (answer.mentor_training()) {
      data.set("mentor_training", PageData(true));
      data.set("training_lead_provider_name", answer.training_lead_provider_name());
    }
    return pages_.Respond(http::status::ok, "register_mentor_choose",
                          absl::StrCat("You’ve assigned ", answer.mentor_name(),
                                       " as a mentor for ", answer.ect_name()),
                          std::move(data), viewer);
  }

  // The offer page ("{mentor} can receive mentor training") or its lead-provider question.
  HttpResponse RenderTraining(bool lead_provider, const std::string& ect_id,
                              const rv1::AssignMentorResponse& answer, const std::string& chosen,
                              const Viewer& viewer) const {
    PageData data;
    data.set(lead_provider ? "choose_lead_provider" : "training_offer", PageData(true));
    data.set("ect_id", ect_id);
    data.set("ect_name", answer.ect_name());
    data.set("mentor_id", answer.mentor_id());
    data.set("mentor_name", answer.mentor_name());
    data.set("ect_lead_provider_name", answer.ect_lead_provider_name());
    data.set("lead_providers", ChoiceItems(answer.lead_providers(), chosen));
    SetFieldErrors(answer.errors(), data);
    const http::status status = answer.errors_size() > 0 ? http::status::unprocessable_entity
                                                         : http::status::ok;
    return pages_.Respond(status, "register_mentor_choose",
                          lead_provider
                              ? absl::StrCat("Which lead provider will be training ",
                                             answer.mentor_name(), "?")
                              : absl::StrCat(answer.mentor_name(), " can receive mentor training"),
                          std::move(data), viewer);
  }

  // Asks the service without assigning: when the offer no longer applies (or the ECT's
  // provider is not active for the mentorship), the user is sent on accordingly.
  void ShowTraining(bool lead_provider, ContextPtr context, ViewerPtr viewer, Responder respond) {
    const std::string ect_id = context->param("id");
    rv1::AssignMentorRequest request;
    request.set_school_urn(viewer->session.school_urn());
    request.set_ect_id(ect_id);
    request.set_mentor(context->param("mentor"));
    request.set_preview(true);
    backends_.Call<rv1::AssignMentorResponse>(
        context->request_id, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          backends_.registration().async()->AssignMentor(c, q, r, cb);
        },
        [this, viewer, respond, ect_id, lead_provider](const grpc::Status& status,
                                                       rv1::AssignMentorResponse&& answer) {
          if (!status.ok()) {
            return respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "registration"));
          }
          if (answer.errors_size() > 0 || !answer.offer_mentor_training()) {
            return respond(RedirectResponse(absl::StrCat("/school/ects/", ect_id,
                                                         "/mentorship/new")));
          }
          if (!lead_provider && !answer.ect_lead_provider_active()) {
            return respond(RedirectResponse(TrainingPath(ect_id, answer.mentor_id(), true)));
          }
          respond(RenderTraining(lead_provider, ect_id, answer, "", *viewer));
        });
  }

  // Accepts the offer: with the ECT's lead provider, or the one chosen on the lead-provider page.
  void SubmitTraining(bool lead_provider, ContextPtr context, ViewerPtr viewer,
                      Responder respond) {
    const FormFields form = ParseForm(context->request.body());
    const std::string ect_id = context->param("id");
    const std::string chosen = lead_provider ? Field(form, "lead_provider_id") : "";
    rv1::AssignMentorRequest request;
    request.set_school_urn(viewer->session.school_urn());
    request.set_ect_id(ect_id);
    request.set_mentor(context->param("mentor"));
    request.set_mentor_training("accept");
    request.set_training_lead_provider_id(chosen);
    request.set_lead_provider_asked(lead_provider);
    *request.mutable_user() = WizardUserOf(*viewer);
    backends_.Call<rv1::AssignMentorResponse>(
        context->request_id, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          backends_.registration().async()->AssignMentor(c, q, r, cb);
        },
        [this, viewer, respond, ect_id, lead_provider, chosen](
            const grpc::Status& status, rv1::AssignMentorResponse&& answer) {
          if (!status.ok()) {
            return respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "registration"));
          }
          bool choice_error = false;
          for (const auto& error : answer.errors()) choice_error |= error.field() == "mentor";
          if (choice_error) {
            return respond(RedirectResponse(absl::StrCat("/school/ects/", ect_id,
                                                         "/mentorship/new")));
          }
          if (answer.errors_size() > 0) {
            // Without a choice the ECT's provider was not active: ask for one.
            if (!lead_provider) {
              return respond(RedirectResponse(TrainingPath(ect_id, answer.mentor_id(), true)));
            }
            return respond(RenderTraining(true, ect_id, answer, chosen, *viewer));
          }
          respond(Assigned(ect_id, answer, *viewer));
        });
  }

  void ReshowChoice(const std::string& ect_id, rv1::AssignMentorResponse answer,
                    const std::string& chosen, ContextPtr context, ViewerPtr viewer,
                    Responder respond) {
    rv1::ListMentorsForEctRequest request;
    request.set_school_urn(viewer->session.school_urn());
    request.set_ect_id(ect_id);
    auto kept = std::make_shared<rv1::AssignMentorResponse>(std::move(answer));
    backends_.Call<rv1::MentorsForEct>(
        context->request_id, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          backends_.registration().async()->ListMentorsForEct(c, q, r, cb);
        },
        [this, viewer, respond, kept, chosen](const grpc::Status& status,
                                              rv1::MentorsForEct&& found) {
          if (!status.ok()) {
            return respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "registration"));
          }
          respond(RenderChoice(found.ect().id(), found.ect().name(), found.mentors(), kept.get(),
                               chosen, *viewer));
        });
  }

  // Starts a register-a-mentor wizard for the ECT: its id replaces the cookie.
  void Start(const std::string& ect_id, ContextPtr context, ViewerPtr viewer, Responder respond) {
    rv1::StartMentorWizardRequest request;
    *request.mutable_user() = WizardUserOf(*viewer);
    request.set_ect_id(ect_id);
    backends_.Call<rv1::MentorWizardPage>(
        context->request_id, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          backends_.registration().async()->StartMentorRegistration(c, q, r, cb);
        },
        [this, respond](const grpc::Status& status, rv1::MentorWizardPage&& page) {
          if (!status.ok()) {
            return respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "registration"));
          }
          HttpResponse response = RedirectResponse(StepPath(page.step()));
          response.insert(http::field::set_cookie, WizardCookie(page.wizard_id()));
          respond(std::move(response));
        });
  }

  HttpResponse Render(const rv1::MentorWizardPage& page, const FormFields* typed,
                      const Viewer& viewer) const {
    const http::status status =
        page.errors_size() > 0 ? http::status::unprocessable_entity : http::status::ok;
    return pages_.Respond(status, "register_mentor_step", Title(page), StepData(page, typed),
                          viewer);
  }

  void Show(ContextPtr context, ViewerPtr viewer, Responder respond) {
    rv1::WizardStepRequest request;
    *request.mutable_user() = WizardUserOf(*viewer);
    request.set_wizard_id(RequestCookie(context->request, kWizardCookie));
    request.set_step(context->param("step"));
    backends_.Call<rv1::MentorWizardPage>(
        context->request_id, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          backends_.registration().async()->GetMentorRegistrationStep(c, q, r, cb);
        },
        [this, viewer, respond](const grpc::Status& status, rv1::MentorWizardPage&& page) {
          if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
            return respond(RedirectResponse("/school/ects"));
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
    auto typed = std::make_shared<FormFields>(ParseForm(context->request.body()));
    rv1::WizardStepRequest request;
    *request.mutable_user() = WizardUserOf(*viewer);
    request.set_wizard_id(RequestCookie(context->request, kWizardCookie));
    request.set_step(context->param("step"));
    for (const auto& [name, value] : *typed) {
      if (name != kCsrfField) (*request.mutable_fields())[name] = value;
    }
    // A step may look the mentor up in TRS.
    backends_.CallTrsBound<rv1::MentorWizardPage>(
        context->request_id, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          backends_.registration().async()->SubmitMentorRegistrationStep(c, q, r, cb);
        },
        [this, viewer, typed, respond](const grpc::Status& status, rv1::MentorWizardPage&& page) {
          if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
            return respond(RedirectResponse("/school/ects"));
          }
          if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
            return respond(ErrorResponse(ErrorFormat::kHtml, http::status::not_found));
          }
          if (!status.ok()) {
            return respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "registration"));
          }
          if (page.errors_size() > 0) {
            // Never echo a date of birth or NINO back into the page.
            typed->erase("date_of_birth_day");
            typed->erase("date_of_birth_month");
            typed->erase("date_of_birth_year");
            typed->erase("national_insurance_number");
            return respond(Render(page, typed.get(), *viewer));
          }
          respond(RedirectResponse(StepPath(page.step())));
        });
  }

  Backends& backends_;
  const Pages& pages_;
  PageGuard& guard_;
};

}  // namespace

absl::Status AddRegisterMentorRoutes(Router& router, Backends& backends, const Pages& pages,
                                     PageGuard& guard) {
  return std::make_shared<RegisterMentorRoutes>(backends, pages, guard)->Add(router);
}

}  // namespace rect::gateway
