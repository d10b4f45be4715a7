#include "tests/fakes/trs/fake_trs.h"

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "gateway/http/responses.h"
#include "tests/fakes/trs/personas.h"

namespace rect::fakes::trs {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;
using gateway::HttpResponse;

// The optional sections a caller asked for with ?include=.
struct Includes {
  bool alerts = false;
  bool induction = false;
  bool mandatory_qualifications = false;
  bool routes = false;
};

json::value DateOrNull(const std::string& date) {
  return date.empty() ? json::value(nullptr) : json::value(date);
}

json::value QtsJson(const Persona& persona) {
  if (persona.qts_holds_from.empty()) return nullptr;
  return json::object{
      {"holdsFrom", persona.qts_holds_from},
      {"awardedOrApprovedCount", 1},
      {"routes", json::array{json::object{
                     {"routeToProfessionalStatusType",
                      json::object{{"name", "HEI - Historic"},
                                   {"professionalStatusType", "QualifiedTeacherStatus"}}}}}}};
}

json::object InductionJson(const Persona& persona) {
  json::array reasons;
  for (const std::string& reason : persona.exemption_reasons) {
    reasons.push_back(json::object{{"name", reason}});
  }
  return json::object{{"status", persona.induction_status},
                      {"startDate", DateOrNull(persona.induction_start_date)},
                      {"completedDate", DateOrNull(persona.induction_completed_date)},
                      {"exemptionReasons", std::move(reasons)}};
}

json::array RoutesJson(const Persona& persona) {
  json::array routes;
  if (persona.qts_holds_from.empty()) return routes;
  routes.push_back(json::object{
      {"status", "Holds"},
      {"holdsFrom", persona.qts_holds_from},
      {"trainingStartDate", "2023-09-04"},
      {"trainingEndDate", "2024-07-12"},
      {"trainingProvider", json::object{{"ukprn", "10007789"}, {"name", "Example University"}}}});
  return routes;
}

json::array AlertsJson(const Persona& persona) {
  json::array alerts;
  for (const PersonaAlert& alert : persona.alerts) {
    alerts.push_back(json::object{
        {"startDate", DateOrNull(alert.start_date)},
        {"endDate", DateOrNull(alert.end_date)},
        {"alertType",
         json::object{{"alertCategory", json::object{{"alertCategoryId", alert.category_id}}}}}});
  }
  return alerts;
}

// The person in the 20250627 shape: sections outside `includes` are left out, as TRS does.
json::object PersonJson(const Persona& persona, const Includes& includes) {
  json::object person{{"trn", persona.trn},
                      {"firstName", persona.first_name},
                      {"middleName", ""},
                      {"lastName", persona.last_name},
                      {"dateOfBirth", persona.date_of_birth},
                      {"nationalInsuranceNumber", persona.nino},
                      {"emailAddress", nullptr},
                      {"qtlsStatus", "None"},
                      {"qts", QtsJson(persona)},
                      {"eyts", nullptr}};
  if (includes.induction) person["induction"] = InductionJson(persona);
  if (includes.routes) person["routesToProfessionalStatuses"] = RoutesJson(persona);
  if (includes.mandatory_qualifications) person["mandatoryQualifications"] = json::array();
  if (includes.alerts) person["alerts"] = AlertsJson(persona);
  return person;
}

HttpResponse Problem(http::status status, absl::string_view title) {
  HttpResponse response = gateway::JsonResponse(
      status, json::object{{"title", json::string(title.data(), title.size())},
                           {"status", static_cast<int>(status)}});
  response.set(http::field::content_type, "application/problem+json");
  return response;
}

bool IsTrn(absl::string_view trn) {
  return trn.size() == 7 && std::all_of(trn.begin(), trn.end(), absl::ascii_isdigit);
}

bool IsIsoDate(absl::string_view date) {
  absl::CivilDay day;
  return date.size() == 10 && absl::ParseCivilTime(date, &day) &&
         absl::FormatCivilTime(day) == date;
}

}  // namespace

FakeTrs::FakeTrs(FakeTrsOptions options)
    : options_(std::move(options)),
      recorder_(registry_),
      delays_work_(boost::asio::make_work_guard(delays_)),
      delays_thread_([this] { delays_.run(); }) {
  port_ = options_.port;
  absl::Status added = router_.Add(
      http::verb::get, "/v3/persons/{trn}",
      [this](std::shared_ptr<const gateway::RequestContext> context, gateway::Responder respond) {
        HandlePerson(std::move(context), std::move(respond));
      });
  if (added.ok()) {
    added =
        router_.Add(http::verb::get, "/health",
                    [](std::shared_ptr<const gateway::RequestContext>, gateway::Responder respond) {
                      respond(gateway::TextResponse(http::status::ok, "ok\n"));
                    });
  }
  if (!added.ok()) {
    std::fprintf(stderr, "fake TRS routes: %s\n", added.ToString().c_str());
    std::abort();
  }
}

FakeTrs::~FakeTrs() {
  Stop();
  delays_work_.reset();
  delays_.stop();
  delays_thread_.join();
}

absl::Status FakeTrs::Start() {
  if (server_ != nullptr) return absl::FailedPreconditionError("fake TRS already started");
  gateway::ServerOptions server_options;
  server_options.address = options_.address;
  server_options.port = port_;
  server_options.threads = 2;
  server_options.handler_timeout = options_.slow + absl::Seconds(10);
  auto server = std::make_unique<gateway::HttpServer>(server_options, router_, recorder_, random_);
  if (absl::Status started = server->Start(); !started.ok()) return started;
  port_ = server->port();
  server_ = std::move(server);
  return absl::OkStatus();
}

void FakeTrs::Stop() {
  if (server_ == nullptr) return;
  server_->Shutdown(absl::ZeroDuration());
  server_.reset();
}

std::string FakeTrs::base_url() const {
  return absl::StrCat("http://", options_.address, ":", port_);
}

std::string FakeTrs::last_api_version() const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_api_version_;
}

void FakeTrs::HandlePerson(std::shared_ptr<const gateway::RequestContext> context,
                           gateway::Responder respond) {
  ++person_requests_;
  const gateway::HttpRequest& request = context->request;
  const auto version = request["X-Api-Version"];
  {
    std::lock_guard<std::mutex> lock(mu_);
    last_api_version_.assign(version.data(), version.size());
  }
  const auto authorization = request[http::field::authorization];
  if (absl::string_view(authorization.data(), authorization.size()) !=
      absl::StrCat("Bearer ", options_.api_key)) {
    HttpResponse response = Problem(http::status::unauthorized, "Unauthorized");
    response.set(http::field::www_authenticate, "Bearer");
    return respond(std::move(response));
  }
  if (version.empty()) {
    return respond(Problem(http::status::bad_request, "The X-Api-Version header is required."));
  }
  const std::string& trn = context->param("trn");
  if (!IsTrn(trn)) return respond(Problem(http::status::bad_request, "Invalid TRN."));

  Includes includes;
  std::string date_of_birth;
  std::string nino;
  bool has_date_of_birth = false;
  bool has_nino = false;
  const boost::urls::url_view target(context->target);
  for (const auto& param : target.params()) {
    const std::string key(param.key);
    const std::string value(param.value);
    if (absl::EqualsIgnoreCase(key, "include")) {
      for (absl::string_view part : absl::StrSplit(value, ',')) {
        part = absl::StripAsciiWhitespace(part);
        includes.alerts |= absl::EqualsIgnoreCase(part, "Alerts");
        includes.induction |= absl::EqualsIgnoreCase(part, "Induction");
        includes.mandatory_qualifications |=
            absl::EqualsIgnoreCase(part, "MandatoryQualifications");
        includes.routes |= absl::EqualsIgnoreCase(part, "RoutesToProfessionalStatuses");
      }
    } else if (absl::EqualsIgnoreCase(key, "dateOfBirth")) {
      has_date_of_birth = true;
      date_of_birth = value;
    } else if (absl::EqualsIgnoreCase(key, "nationalInsuranceNumber")) {
      has_nino = true;
      nino = value;
    }
  }
  if (has_date_of_birth && has_nino) {
    return respond(Problem(http::status::bad_request,
                           "Specify either dateOfBirth or nationalInsuranceNumber, not both."));
  }
  if (has_date_of_birth && !IsIsoDate(date_of_birth)) {
    return respond(Problem(http::status::bad_request, "Invalid dateOfBirth."));
  }

  const Persona persona = PersonaFor(trn);
  switch (persona.answer) {
    case Persona::Answer::kNotFound:
      return respond(Problem(http::status::not_found, "Person not found."));
    case Persona::Answer::kDeactivated:
      return respond(Problem(http::status::gone, "Person has been deactivated."));
    case Persona::Answer::kMerged: {
      HttpResponse response = Problem(http::status::permanent_redirect, "Person merged.");
      response.set(http::field::location, absl::StrCat("/v3/persons/", persona.merged_into_trn));
      return respond(std::move(response));
    }
    case Persona::Answer::kServerError:
      return respond(Problem(http::status::internal_server_error, "Internal server error."));
    case Persona::Answer::kPerson:
    case Persona::Answer::kSlow:
      break;
  }
  if ((has_date_of_birth && date_of_birth != persona.date_of_birth) ||
      (has_nino && nino != persona.nino)) {
    return respond(Problem(http::status::not_found, "Person not found."));
  }
  HttpResponse response = gateway::JsonResponse(http::status::ok, PersonJson(persona, includes));
  if (persona.answer != Persona::Answer::kSlow) return respond(std::move(response));

  auto timer = std::make_shared<boost::asio::steady_timer>(
      delays_, absl::ToChronoNanoseconds(options_.slow));
  timer->async_wait(
      [timer, respond, response = std::move(response)](const boost::system::error_code&) mutable {
        respond(std::move(response));
      });
}

}  // namespace rect::fakes::trs
