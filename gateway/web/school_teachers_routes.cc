#include "gateway/web/school_teachers_routes.h"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "gateway/http/forms.h"
#include "gateway/http/responses.h"
#include "gateway/web/csrf.h"
#include "gateway/web/wizard_pages.h"
#include "protos/partnerships/v1/partnerships.grpc.pb.h"
#include "protos/registration/v1/school_teachers.grpc.pb.h"
#include "services/common/status.h"

namespace rect::gateway {
namespace {

namespace http = boost::beast::http;
namespace rv1 = registration::v1;
namespace pv1 = partnerships::v1;
using ContextPtr = std::shared_ptr<const RequestContext>;
using ViewerPtr = std::shared_ptr<const Viewer>;
using FormPtr = std::shared_ptr<const FormFields>;

constexpr char kNotReported[] = "Yet to be reported by the lead provider";

std::string QueryEncode(absl::string_view text) {
  return boost::urls::encode(boost::core::string_view(text.data(), text.size()),
                             boost::urls::unreserved_chars);
}

std::string ProgrammeLabel(const std::string& value) {
  if (value == "provider_led") return "Provider-led";
  if (value == "school_led") return "School-led";
  return "Not confirmed";
}

std::string WorkingPatternLabel(const std::string& value) {
  if (value == "full_time") return "Full time";
  if (value == "part_time") return "Part time";
  return "Not confirmed";
}

std::string OrNotConfirmed(const std::string& value) {
  return value.empty() ? "Not confirmed" : value;
}

// "Awaiting confirmation by {LP}" until the lead provider confirms the partnership.
std::string LeadProviderHint(const std::string& name, bool confirmed) {
  if (name.empty()) return "";
  return confirmed ? absl::StrCat("Confirmed by ", name)
                   : absl::StrCat("Awaiting confirmation by ", name);
}

// The list pages: the search box, "page X of Y" links and what to say when nothing is listed.
void SetListPage(const std::string& base, const std::string& query,
                 const rv1::TeacherListPage& page, PageData& data) {
  const std::string search_base =
      query.empty() ? absl::StrCat(base, "?") : absl::StrCat(base, "?q=", QueryEncode(query), "&");
  PageData links(PageData::type::list);
  for (int p = 1; p <= page.pages() && page.pages() > 1; ++p) {
    PageData link;
    link.set("number", std::to_string(p));
    link.set("url", absl::StrCat(search_base, "page=", p));
    link.set("current", PageData(p == page.page()));
    links.push_back(link);
  }
  data.set("pages", links);
  data.set("has_pages", PageData(page.pages() > 1));
  if (page.page() > 1)
    data.set("previous_url", absl::StrCat(search_base, "page=", page.page() - 1));
  if (page.page() < page.pages()) {
    data.set("next_url", absl::StrCat(search_base, "page=", page.page() + 1));
  }
  data.set("query", query);
  data.set("none_at_school", PageData(page.total_at_school() == 0));
  data.set("none_matching", PageData(page.total_at_school() > 0 && page.matching() == 0));
}

PageData TeacherLinks(const google::protobuf::RepeatedPtrField<rv1::TeacherLink>& links) {
  PageData list(PageData::type::list);
  for (const rv1::TeacherLink& link : links) {
    PageData item;
    item.set("id", link.id());
    item.set("name", link.name());
    list.push_back(item);
  }
  return list;
}

PageData EctData(const rv1::EctAtSchool& ect) {
  PageData data;
  data.set("id", ect.id());
  data.set("trn", ect.trn());
  data.set("name", ect.name());
  if (!ect.corrected_name().empty()) data.set("trs_name", ect.trs_name());
  data.set("email", OrNotConfirmed(ect.email()));
  data.set("start_date", ect.start_date());
  if (!ect.leaving_date().empty()) data.set("leaving_date", ect.leaving_date());
  data.set("working_pattern", WorkingPatternLabel(ect.working_pattern()));
  data.set("status_tag", ect.status_tag());
  data.set("status_text", ect.status_text());
  if (ect.status_tag() == "Action required") data.set("tag_colour", "govuk-tag--red");
  if (ect.status() == "training_paused" || ect.status() == "leaving_school") {
    data.set("tag_colour", "govuk-tag--orange");
  }
  if (ect.status() == "registered") data.set("tag_colour", "govuk-tag--green");
  if (ect.has_mentor()) {
    data.set("mentor_id", ect.mentor().id());
    data.set("mentor_name", ect.mentor().name());
    data.set("has_mentor", PageData(true));
  } else {
    data.set("no_mentor", PageData(true));
  }
  data.set("appropriate_body", OrNotConfirmed(ect.appropriate_body_name()));
  data.set("training_programme", ProgrammeLabel(ect.training_programme()));
  if (ect.training_programme() == "provider_led") {
    data.set("provider_led", PageData(true));
    data.set("lead_provider", OrNotConfirmed(ect.lead_provider_name()));
    data.set("lead_provider_hint",
             LeadProviderHint(ect.lead_provider_name(), ect.partnership_confirmed()));
    data.set("delivery_partner", kNotReported);
  }
  return data;
}

PageData MentorData(const rv1::MentorAtSchool& mentor) {
  PageData data;
  data.set("id", mentor.id());
  data.set("trn", mentor.trn());
  data.set("name", mentor.name());
  if (!mentor.corrected_name().empty()) data.set("trs_name", mentor.trs_name());
  data.set("email", OrNotConfirmed(mentor.email()));
  data.set("start_date", mentor.start_date());
  data.set("status_tag", mentor.status_tag());
  if (!mentor.leaving_date().empty()) data.set("leaving_date", mentor.leaving_date());
  data.set("ects", TeacherLinks(mentor.ects()));
  data.set("no_ects", PageData(mentor.ects().empty()));
  const std::string& status = mentor.training_status();
  if (mentor.completed_mentor_training()) {
    data.set("training_completed", PageData(true));
  } else if (status == "active") {
    data.set("training_active", PageData(true));
  } else if (status == "deferred") {
    data.set("training_deferred", PageData(true));
  } else if (status == "withdrawn") {
    data.set("training_withdrawn", PageData(true));
  } else {
    data.set("training_none", PageData(true));
  }
  data.set("lead_provider", OrNotConfirmed(mentor.lead_provider_name()));
  data.set("lead_provider_hint",
           LeadProviderHint(mentor.lead_provider_name(), mentor.partnership_confirmed()));
  data.set("delivery_partner", kNotReported);
  return data;
}

// What the detail page's success banner says after `change`.
std::string ChangedMessage(const std::string& change, const rv1::EctAtSchool& ect) {
  if (change == "name") return absl::StrCat("You’ve changed their name to ", ect.name());
  if (change == "email") {
    return absl::StrCat("You’ve changed ", ect.name(), "’s email address to ", ect.email());
  }
  if (change == "working-pattern") {
    return absl::StrCat("You’ve changed ", ect.name(), "’s working pattern to ",
                        absl::AsciiStrToLower(WorkingPatternLabel(ect.working_pattern())));
  }
  if (change == "appropriate-body") {
    return absl::StrCat("You’ve changed ", ect.name(), "’s appropriate body to ",
                        ect.appropriate_body_name());
  }
  if (change == "training-programme") {
    return absl::StrCat("You’ve changed ", ect.name(), "’s training programme to ",
                        absl::AsciiStrToLower(ProgrammeLabel(ect.training_programme())));
  }
  if (change == "lead-provider") {
    return absl::StrCat("You’ve changed ", ect.name(), "’s lead provider to ",
                        ect.lead_provider_name());
  }
  return "";
}

std::string MentorChangedMessage(const std::string& change, const rv1::MentorAtSchool& mentor) {
  if (change == "name") return absl::StrCat("You’ve changed their name to ", mentor.name());
  if (change == "email") {
    return absl::StrCat("You’ve changed ", mentor.name(), "’s email address to ", mentor.email());
  }
  if (change == "lead-provider") {
    return absl::StrCat("You’ve changed ", mentor.name(), "’s lead provider to ",
                        mentor.lead_provider_name());
  }
  return "";
}

bool IsEctChange(const std::string& change) {
  return change == "name" || change == "email" || change == "working-pattern" ||
         change == "appropriate-body" || change == "training-programme" ||
         change == "lead-provider";
}

bool IsMentorChange(const std::string& change) {
  return change == "name" || change == "email" || change == "lead-provider";
}

// A change form's title, by teacher and change.
std::string ChangeTitle(const std::string& change, const std::string& name,
                        const std::string& programme) {
  if (change == "name") return absl::StrCat("Change name for ", name);
  if (change == "email") return absl::StrCat("Change email address for ", name);
  if (change == "working-pattern") return absl::StrCat("Change ", name, "’s working pattern");
  if (change == "appropriate-body") {
    return absl::StrCat("Select a new appropriate body for ", name);
  }
  if (change == "training-programme") {
    return absl::StrCat("Change ", name, "’s training programme to ",
                        programme == "provider_led" ? "school-led" : "provider-led");
  }
  return absl::StrCat("Change lead provider for ", name);
}

// The change form: what it shows, the values (as typed after errors), the choices and errors.
PageData ChangeFormData(const std::string& base, const std::string& change, const std::string& name,
                        const std::string& email, const std::string& working_pattern,
                        const std::string& programme, const std::string& lead_provider_id,
                        const rv1::EctAtSchool* ect, const FormFields* typed) {
  PageData data;
  data.set("action", absl::StrCat(base, "/change/", change));
  data.set("back", base);
  data.set("name", name);
  data.set(absl::StrCat("change_", change == "working-pattern"      ? "working_pattern"
                                   : change == "appropriate-body"   ? "appropriate_body"
                                   : change == "training-programme" ? "training_programme"
                                   : change == "lead-provider"      ? "lead_provider"
                                                                    : change),
           PageData(true));
  auto value = [&](const char* field, const std::string& stored) {
    return typed != nullptr ? Field(*typed, field) : stored;
  };
  data.set("name_value", value("name", name));
  data.set("email_value", value("email", email));
  const std::string pattern = value("working_pattern", working_pattern);
  if (pattern == "full_time") data.set("full_time", PageData(true));
  if (pattern == "part_time") data.set("part_time", PageData(true));
  if (ect != nullptr) {
    data.set("appropriate_bodies",
             ChoiceItems(ect->appropriate_bodies(), value("appropriate_body_id", "")));
    data.set("current_appropriate_body", OrNotConfirmed(ect->appropriate_body_name()));
    // The lead-provider form never offers the current provider.
    google::protobuf::RepeatedPtrField<rv1::Choice> providers;
    for (const rv1::Choice& choice : ect->lead_providers()) {
      if (change != "lead-provider" || choice.value() != lead_provider_id)
        *providers.Add() = choice;
    }
    data.set("lead_providers", ChoiceItems(providers, value("lead_provider_id", "")));
    data.set("no_lead_providers", PageData(providers.empty()));
    data.set("current_lead_provider", OrNotConfirmed(ect->lead_provider_name()));
    if (programme == "provider_led") {
      data.set("to_school_led", PageData(true));
    } else {
      data.set("to_provider_led", PageData(true));
    }
  }
  return data;
}

class SchoolTeachersRoutes : public std::enable_shared_from_this<SchoolTeachersRoutes> {
 public:
  SchoolTeachersRoutes(Backends& backends, const Pages& pages, PageGuard& guard)
      : backends_(backends),
        pages_(pages),
        guard_(guard),
        teachers_(backends.NewStub<rv1::SchoolTeachersService>(Backend::kRegistration)),
        partnerships_(backends.NewStub<pv1::PartnershipsService>(Backend::kPartnerships)) {}

  absl::Status Add(Router& router) {
    auto protect = [&](void (SchoolTeachersRoutes::*method)(ContextPtr, ViewerPtr, Responder)) {
      return guard_.Protect(Audience::kSchoolUser, [self = shared_from_this(), method](
                                                       ContextPtr c, ViewerPtr v, Responder r) {
        ((*self).*method)(std::move(c), std::move(v), std::move(r));
      });
    };
    RETURN_IF_ERROR(
        router.Add(http::verb::get, "/school/ects", protect(&SchoolTeachersRoutes::ListEcts)));
    RETURN_IF_ERROR(
        router.Add(http::verb::get, "/school/ects/{id}", protect(&SchoolTeachersRoutes::ShowEct)));
    RETURN_IF_ERROR(router.Add(http::verb::get, "/school/ects/{id}/change/{change}",
                               protect(&SchoolTeachersRoutes::EctForm)));
    RETURN_IF_ERROR(router.Add(http::verb::post, "/school/ects/{id}/change/{change}",
                               protect(&SchoolTeachersRoutes::ChangeEct)));
    RETURN_IF_ERROR(router.Add(http::verb::get, "/school/mentors",
                               protect(&SchoolTeachersRoutes::ListMentors)));
    RETURN_IF_ERROR(router.Add(http::verb::get, "/school/mentors/{id}",
                               protect(&SchoolTeachersRoutes::ShowMentor)));
    RETURN_IF_ERROR(router.Add(http::verb::get, "/school/mentors/{id}/change/{change}",
                               protect(&SchoolTeachersRoutes::MentorForm)));
    return router.Add(http::verb::post, "/school/mentors/{id}/change/{change}",
                      protect(&SchoolTeachersRoutes::ChangeMentor));
  }

 private:
  static rv1::ListSchoolTeachersRequest ListRequest(const RequestContext& context,
                                                    const Viewer& viewer) {
    const FormFields query = QueryFields(context.target);
    rv1::ListSchoolTeachersRequest request;
    request.set_school_urn(viewer.session.school_urn());
    request.set_query(Field(query, "q"));
    int page = 1;
    if (absl::SimpleAtoi(Field(query, "page"), &page)) request.set_page(page);
    return request;
  }

  void ListEcts(ContextPtr context, ViewerPtr viewer, Responder respond) {
    rv1::ListSchoolTeachersRequest request = ListRequest(*context, *viewer);
    const std::string query = request.query();
    backends_.Call<rv1::ListEctsResponse>(
        context->request_id, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) { teachers_->async()->ListEcts(c, q, r, cb); },
        [this, viewer, query, respond](const grpc::Status& status, rv1::ListEctsResponse&& list) {
          if (!status.ok()) {
            return respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "registration"));
          }
          PageData ects{PageData::type::list};
          for (const rv1::EctAtSchool& ect : list.ects()) ects.push_back(EctData(ect));
          PageData data;
          data.set("ects", ects);
          SetListPage("/school/ects", query, list.page(), data);
          if (viewer->session.school_access() == identity::v1::Session::NO_NEW_REGISTRATIONS) {
            data.set("no_new_registrations", PageData(true));
          }
          respond(pages_.Respond(http::status::ok, "school_teachers_ects",
                                 "Early career teachers (ECT)", std::move(data), *viewer));
        });
  }

  void ListMentors(ContextPtr context, ViewerPtr viewer, Responder respond) {
    rv1::ListSchoolTeachersRequest request = ListRequest(*context, *viewer);
    const std::string query = request.query();
    backends_.Call<rv1::ListMentorsResponse>(
        context->request_id, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          teachers_->async()->ListMentors(c, q, r, cb);
        },
        [this, viewer, query, respond](const grpc::Status& status,
                                       rv1::ListMentorsResponse&& list) {
          if (!status.ok()) {
            return respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "registration"));
          }
          PageData mentors{PageData::type::list};
          for (const rv1::MentorAtSchool& mentor : list.mentors()) {
            mentors.push_back(MentorData(mentor));
          }
          PageData data;
          data.set("mentors", mentors);
          SetListPage("/school/mentors", query, list.page(), data);
          respond(pages_.Respond(http::status::ok, "school_teachers_mentors", "Mentors",
                                 std::move(data), *viewer));
        });
  }

  // Fetches the ECT (with the change forms' choices when asked) and hands it to `then`.
  template <typename Then>
  void WithEct(const RequestContext& context, const Viewer& viewer, bool include_choices,
               Responder respond, Then then) {
    rv1::GetSchoolTeacherRequest request;
    request.set_school_urn(viewer.session.school_urn());
    request.set_id(context.param("id"));
    request.set_include_choices(include_choices);
    backends_.Call<rv1::EctAtSchool>(
        context.request_id, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) { teachers_->async()->GetEct(c, q, r, cb); },
        [respond, then = std::move(then)](const grpc::Status& status, rv1::EctAtSchool&& ect) {
          if (!status.ok()) {
            return respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "registration"));
          }
          then(std::move(ect));
        });
  }

  template <typename Then>
  void WithMentor(const RequestContext& context, const Viewer& viewer, bool include_choices,
                  Responder respond, Then then) {
    rv1::GetSchoolTeacherRequest request;
    request.set_school_urn(viewer.session.school_urn());
    request.set_id(context.param("id"));
    request.set_include_choices(include_choices);
    backends_.Call<rv1::MentorAtSchool>(
        context.request_id, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) { teachers_->async()->GetMentor(c, q, r, cb); },
        [respond, then = std::move(then)](const grpc::Status& status, rv1::MentorAtSchool&& m) {
          if (!status.ok()) {
            return respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "registration"));
          }
          then(std::move(m));
        });
  }

  // The delivery partner's name once the lead provider has reported one; the page says "Yet to
  // be reported" when it cannot be had.
  void WithDeliveryPartner(const std::string& request_id, const std::string& lead_provider_id,
                           const std::string& delivery_partner_id,
                           std::function<void(std::string)> then) {
    if (lead_provider_id.empty() || delivery_partner_id.empty()) return then(kNotReported);
    pv1::GetDeliveryPartnerRequest request;
    request.set_lead_provider_id(lead_provider_id);
    request.set_id(delivery_partner_id);
    backends_.Call<pv1::DeliveryPartner>(
        request_id, std::move(request),
        [this](auto* c, auto* q, auto* r, auto cb) {
          partnerships_->async()->GetDeliveryPartner(c, q, r, cb);
        },
        [then = std::move(then)](const grpc::Status& status, pv1::DeliveryPartner&& partner) {
          then(status.ok() && !partner.name().empty() ? partner.name() : kNotReported);
        });
  }

  void ShowEct(ContextPtr context, ViewerPtr viewer, Responder respond) {
    const std::string changed = Field(QueryFields(context->target), "changed");
    WithEct(*context, *viewer, false, respond,
            [this, context, viewer, changed, respond](rv1::EctAtSchool ect) {
              WithDeliveryPartner(
                  context->request_id, ect.lead_provider_id(), ect.delivery_partner_id(),
                  [this, viewer, changed, respond, ect](std::string delivery_partner) {
                    PageData data = EctData(ect);
                    if (ect.training_programme() == "provider_led") {
                      data.set("delivery_partner", delivery_partner);
                    }
                    const std::string message = ChangedMessage(changed, ect);
                    if (!message.empty()) data.set("changed", message);
                    respond(pages_.Respond(http::status::ok, "school_teachers_ect", ect.name(),
                                           std::move(data), *viewer));
                  });
            });
  }

  void ShowMentor(ContextPtr context, ViewerPtr viewer, Responder respond) {
    const std::string changed = Field(QueryFields(context->target), "changed");
    WithMentor(*context, *viewer, false, respond,
               [this, context, viewer, changed, respond](rv1::MentorAtSchool mentor) {
                 WithDeliveryPartner(
                     context->request_id, mentor.lead_provider_id(), mentor.delivery_partner_id(),
                     [this, viewer, changed, respond, mentor](std::string delivery_partner) {
                       PageData data = MentorData(mentor);
                       data.set("delivery_partner", delivery_partner);
                       const std::string message = MentorChangedMessage(changed, mentor);
                       if (!message.empty()) data.set("changed", message);
                       respond(pages_.Respond(http::status::ok, "school_teachers_mentor",
                                              mentor.name(), std::move(data), *viewer));
                     });
               });
  }

  HttpResponse EctFormPage(const rv1::EctAtSchool& ect, const std::string& change,
                           const FormFields* typed,
                           const google::protobuf::RepeatedPtrField<rv1::FieldError>& errors,
                           const Viewer& viewer) const {
    PageData data = ChangeFormData(absl::StrCat("/school/ects/", ect.id()), change, ect.name(),
                                   ect.email(), ect.working_pattern(), ect.training_programme(),
                                   ect.lead_provider_id(), &ect, typed);
    SetFieldErrors(errors, data);
    return pages_.Respond(errors.empty() ? http::status::ok : http::status::unprocessable_entity,
                          "school_teachers_change",
                          ChangeTitle(change, ect.name(), ect.training_programme()),
                          std::move(data), viewer);
  }

  HttpResponse MentorFormPage(const rv1::MentorAtSchool& mentor, const std::string& change,
                              const FormFields* typed,
                              const google::protobuf::RepeatedPtrField<rv1::FieldError>& errors,
                              const Viewer& viewer) const {
    PageData data = ChangeFormData(absl::StrCat("/school/mentors/", mentor.id()), change,
                                   mentor.name(), mentor.email(), "", "", "", nullptr, typed);
    google::protobuf::RepeatedPtrField<rv1::Choice> providers;
    for (const rv1::Choice& choice : mentor.lead_providers()) {
      if (choice.value() != mentor.lead_provider_id()) *providers.Add() = choice;
    }
    data.set("lead_providers",
             ChoiceItems(providers, typed != nullptr ? Field(*typed, "lead_provider_id") : ""));
    data.set("current_lead_provider", OrNotConfirmed(mentor.lead_provider_name()));
    SetFieldErrors(errors, data);
    return pages_.Respond(errors.empty() ? http::status::ok : http::status::unprocessable_entity,
                          "school_teachers_change", ChangeTitle(change, mentor.name(), ""),
                          std::move(data), viewer);
  }

  void EctForm(ContextPtr context, ViewerPtr viewer, Responder respond) {
    const std::string change = context->param("change");
    if (!IsEctChange(change)) {
      return respond(ErrorResponse(ErrorFormat::kHtml, http::status::not_found));
    }
    WithEct(*context, *viewer, true, respond,
            [this, viewer, change, respond](rv1::EctAtSchool ect) {
              respond(EctFormPage(ect, change, nullptr, {}, *viewer));
            });
  }

  void MentorForm(ContextPtr context, ViewerPtr viewer, Responder respond) {
    const std::string change = context->param("change");
    if (!IsMentorChange(change)) {
      return respond(ErrorResponse(ErrorFormat::kHtml, http::status::not_found));
    }
    WithMentor(*context, *viewer, true, respond,
               [this, viewer, change, respond](rv1::MentorAtSchool mentor) {
                 respond(MentorFormPage(mentor, change, nullptr, {}, *viewer));
               });
  }

  // The change request from the form; the school and author come from the session only.
  static rv1::ChangeTeacherRequest ChangeRequest(const RequestContext& context,
                                                 const Viewer& viewer, const FormFields& form) {
    rv1::ChangeTeacherRequest request;
    *request.mutable_user() = WizardUserOf(viewer);
    request.set_id(context.param("id"));
    request.set_change(context.param("change"));
    for (const auto& [name, value] : form) {
      if (name != kCsrfField) (*request.mutable_fields())[name] = value;
    }
    return request;
  }

  // A change the service refuses as a whole (FAILED_PRECONDITION) is shown on the form, against
  // its main field.
  static bool RefusalAsErrors(const grpc::Status& status, const std::string& change,
                              rv1::ChangeTeacherResponse& response) {
    if (status.error_code() != grpc::StatusCode::FAILED_PRECONDITION) return false;
    rv1::FieldError* error = response.add_errors();
    error->set_field(change == "training-programme" ? "training_programme"
                     : change == "lead-provider"    ? "lead_provider_id"
                                                    : change);
    error->set_message(status.error_message());
    return true;
  }

  void ChangeEct(ContextPtr context, ViewerPtr viewer, Responder respond) {
    const std::string change = context->param("change");
    if (!IsEctChange(change)) {
      return respond(ErrorResponse(ErrorFormat::kHtml, http::status::not_found));
    }
    auto typed = std::make_shared<const FormFields>(ParseForm(context->request.body()));
    backends_.Call<rv1::ChangeTeacherResponse>(
        context->request_id, ChangeRequest(*context, *viewer, *typed),
        [this](auto* c, auto* q, auto* r, auto cb) { teachers_->async()->ChangeEct(c, q, r, cb); },
        [this, context, viewer, typed, change, respond](const grpc::Status& status,
                                                        rv1::ChangeTeacherResponse&& response) {
          if (!status.ok() && !RefusalAsErrors(status, change, response)) {
            return respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "registration"));
          }
          if (response.errors().empty()) {
            return respond(RedirectResponse(
                absl::StrCat("/school/ects/", context->param("id"), "?changed=", change)));
          }
          WithEct(*context, *viewer, true, respond,
                  [this, viewer, typed, change, respond,
                   errors = response.errors()](rv1::EctAtSchool ect) {
                    respond(EctFormPage(ect, change, typed.get(), errors, *viewer));
                  });
        });
  }

  void ChangeMentor(ContextPtr context, ViewerPtr viewer, Responder respond) {
    const std::string change = context->param("change");
    if (!IsMentorChange(change)) {
      return respond(ErrorResponse(ErrorFormat::kHtml, http::status::not_found));
    }
    auto typed = std::make_shared<const FormFields>(ParseForm(context->request.body()));
    backends_.Call<rv1::ChangeTeacherResponse>(
        context->request_id, ChangeRequest(*context, *viewer, *typed),
        [this](auto* c, auto* q, auto* r, auto cb) {
          teachers_->async()->ChangeMentor(c, q, r, cb);
        },
        [this, context, viewer, typed, change, respond](const grpc::Status& status,
                                                        rv1::ChangeTeacherResponse&& response) {
          if (!status.ok() && !RefusalAsErrors(status, change, response)) {
            return respond(ErrorResponseFromGrpc(ErrorFormat::kHtml, status, "registration"));
          }
          if (response.errors().empty()) {
            return respond(RedirectResponse(
                absl::StrCat("/school/mentors/", context->param("id"), "?changed=", change)));
          }
          WithMentor(*context, *viewer, true, respond,
                     [this, viewer, typed, change, respond,
                      errors = response.errors()](rv1::MentorAtSchool mentor) {
                       respond(MentorFormPage(mentor, change, typed.get(), errors, *viewer));
                     });
        });
  }

  Backends& backends_;
  const Pages& pages_;
  PageGuard& guard_;
  std::unique_ptr<rv1::SchoolTeachersService::Stub> teachers_;
  std::unique_ptr<pv1::PartnershipsService::Stub> partnerships_;
};

}  // namespace

absl::Status AddSchoolTeachersRoutes(Router& router, Backends& backends, const Pages& pages,
                                     PageGuard& guard) {
  return std::make_shared<SchoolTeachersRoutes>(backends, pages, guard)->Add(router);
}

}  // namespace rect::gateway
