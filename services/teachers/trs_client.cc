#include "services/teachers/trs_client.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <chrono>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/common/log.h"
#include "services/teachers/trs_rules.h"

namespace rect::teachers {
namespace {

namespace json = boost::json;

constexpr char kIncludes[] =
    "Alerts,Induction,MandatoryQualifications,RoutesToProfessionalStatuses";

bool IsTrn(absl::string_view trn) {
  return trn.size() == 7 && std::all_of(trn.begin(), trn.end(), absl::ascii_isdigit);
}

// The member `key` of `object` when it is an object, else null.
const json::object* ObjectAt(const json::object* object, absl::string_view key) {
  if (object == nullptr) return nullptr;
  const json::value* value = object->if_contains(json::string_view(key.data(), key.size()));
  return value == nullptr ? nullptr : value->if_object();
}

const json::array* ArrayAt(const json::object* object, absl::string_view key) {
  if (object == nullptr) return nullptr;
  const json::value* value = object->if_contains(json::string_view(key.data(), key.size()));
  return value == nullptr ? nullptr : value->if_array();
}

// The member `key` when it is a string; "" when missing, null or of another type.
std::string StringAt(const json::object* object, absl::string_view key) {
  if (object == nullptr) return "";
  const json::value* value = object->if_contains(json::string_view(key.data(), key.size()));
  if (value == nullptr || !value->is_string()) return "";
  return std::string(value->get_string().c_str(), value->get_string().size());
}

absl::Duration RetryAfter(const HttpClientResponse& response, absl::Duration cap) {
  int seconds = 0;
  if (!absl::SimpleAtoi(response.Header("Retry-After"), &seconds) || seconds < 0) {
    return absl::ZeroDuration();
  }
  return std::min(absl::Seconds(seconds), cap);
}

absl::Status Unavailable(absl::string_view reason) {
  return absl::UnavailableError(absl::StrCat("TRS is unavailable: ", reason));
}

}  // namespace

absl::StatusOr<TrsPerson> ParseTrsPerson(absl::string_view body) {
  boost::system::error_code error;
  const json::value document = json::parse(json::string_view(body.data(), body.size()), error);
  if (error || !document.is_object()) {
    return absl::InvalidArgumentError("TRS person: not a JSON object");
  }
  const json::object* person = &document.get_object();
  TrsPerson result;
  result.trn = StringAt(person, "trn");
  if (!IsTrn(result.trn)) return absl::InvalidArgumentError("TRS person: no 7-digit trn");
  result.first_name = StringAt(person, "firstName");
  result.last_name = StringAt(person, "lastName");
  result.date_of_birth = StringAt(person, "dateOfBirth");

  const json::object* induction = ObjectAt(person, "induction");
  result.induction_status = StringAt(induction, "status");
  result.induction_start_date = StringAt(induction, "startDate");
  result.induction_completed_date = StringAt(induction, "completedDate");

  const json::object* qts = ObjectAt(person, "qts");
  result.qts_holds_from = StringAt(qts, "holdsFrom");
  if (const json::array* routes = ArrayAt(qts, "routes"); routes != nullptr && !routes->empty()) {
    result.qts_professional_status_type =
        StringAt(ObjectAt(routes->back().if_object(), "routeToProfessionalStatusType"),
                 "professionalStatusType");
  }

  if (const json::array* alerts = ArrayAt(person, "alerts"); alerts != nullptr) {
    for (const json::value& entry : *alerts) {
      const json::object* alert = entry.if_object();
      TrsAlert parsed;
      parsed.category_id =
          StringAt(ObjectAt(ObjectAt(alert, "alertType"), "alertCategory"), "alertCategoryId");
      parsed.end_date = StringAt(alert, "endDate");
      result.alerts.push_back(std::move(parsed));
    }
  }
  return result;
}

absl::StatusOr<std::string> MergedTrnFromLocation(absl::string_view location) {
  auto parsed =
      boost::urls::parse_uri_reference(boost::urls::string_view(location.data(), location.size()));
  if (!parsed) return absl::InvalidArgumentError("TRS redirect: unreadable Location");
  const auto segments = parsed->segments();
  std::vector<std::string> parts(segments.begin(), segments.end());
  if (parts.size() < 3 || parts[parts.size() - 3] != "v3" || parts[parts.size() - 2] != "persons" ||
      !IsTrn(parts.back())) {
    return absl::InvalidArgumentError("TRS redirect: Location names no person");
  }
  return parts.back();
}

absl::Status TrsClient::Validate(const Options& options) {
  auto base = boost::urls::parse_absolute_uri(options.base_url);
  const std::string scheme = base ? absl::AsciiStrToLower(std::string(base->scheme())) : "";
  if (!base || (scheme != "http" && scheme != "https") || base->encoded_host().empty() ||
      base->has_query() || base->has_fragment()) {
    return absl::InvalidArgumentError(
        "--trs_base_url must be an http:// or https:// URL with a host and no query");
  }
  if (options.api_key.empty()) {
    return absl::InvalidArgumentError("--trs_api_key (or RECT_TEACHERS_TRS_API_KEY) must be set");
  }
  if (options.api_version.empty()) {
    return absl::InvalidArgumentError("--trs_api_version must not be empty");
  }
  if (options.timeout <= absl::ZeroDuration() || options.timeout > absl::Seconds(60)) {
    return absl::InvalidArgumentError("--trs_timeout_ms must be between 1 and 60000");
  }
  if (options.circuit.failure_threshold < 1 || options.circuit.open_for <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        "--trs_circuit_failures and --trs_circuit_open_ms must be positive");
  }
  if (options.background_attempts < 1) {
    return absl::InvalidArgumentError("background TRS attempts must be at least 1");
  }
  return absl::OkStatus();
}

TrsClient::TrsClient(Options options, TrsMetrics* metrics, std::function<absl::Time()> now)
    : options_(std::move(options)),
      metrics_(metrics),
      http_(HttpClient::Options{options_.ca_file}),
      circuit_(options_.circuit, std::move(now), [metrics](CircuitBreaker::State state) {
        if (metrics != nullptr) metrics->SetCircuitState(state);
        log::Write(state == CircuitBreaker::State::kOpen ? log::Level::kWarning : log::Level::kInfo,
                   "TRS circuit", {{"state", StateName(state)}});
      }) {}

std::string TrsClient::PersonUrl(absl::string_view trn, absl::string_view nino) const {
  boost::urls::url url(options_.base_url);
  const std::string prefix(absl::StripSuffix(std::string(url.path()), "/"));
  url.set_path(absl::StrCat(prefix, "/v3/persons/", trn));
  url.params().append(boost::urls::param_view("include", kIncludes));
  if (!nino.empty()) {
    url.params().append(boost::urls::param_view(
        "nationalInsuranceNumber", boost::urls::string_view(nino.data(), nino.size())));
  }
  return std::string(url.buffer());
}

absl::StatusOr<TrsAnswer> TrsClient::GetPerson(absl::string_view trn, absl::Duration budget) {
  if (!IsTrn(trn)) return absl::InvalidArgumentError("trn must be exactly 7 digits");
  return Send(PersonUrl(trn, ""), kInteractive, std::min(options_.timeout, budget)).answer;
}

absl::StatusOr<TrsAnswer> TrsClient::GetPersonByNino(absl::string_view trn, absl::string_view nino,
                                                     absl::Duration budget) {
  if (!IsTrn(trn)) return absl::InvalidArgumentError("trn must be exactly 7 digits");
  const std::string normalised = NormaliseNino(nino);
  if (absl::Status valid = ValidateNino(normalised); !valid.ok()) return valid;
  return Send(PersonUrl(trn, normalised), kInteractive, std::min(options_.timeout, budget)).answer;
}

absl::StatusOr<TrsAnswer> TrsClient::GetPersonForRefresh(
    absl::string_view trn, const std::function<bool(absl::Duration)>& wait) {
  if (!IsTrn(trn)) return absl::InvalidArgumentError("trn must be exactly 7 digits");
  const std::string url = PersonUrl(trn, "");
  absl::Duration backoff = options_.background_backoff;
  for (int attempt = 1;; ++attempt) {
    Attempt result = Send(url, kBackground, options_.timeout);
    if (!result.retryable || attempt >= options_.background_attempts) return result.answer;
    if (!wait(std::max(backoff, result.retry_after))) return result.answer;
    backoff *= 2;
  }
}

void TrsClient::Record(const char* mode, TrsRequestOutcome outcome, absl::Duration latency) {
  if (metrics_ != nullptr) metrics_->RecordRequest(mode, outcome, latency);
}

TrsClient::Attempt TrsClient::Send(const std::string& url, const char* mode,
                                   absl::Duration timeout) {
  if (timeout <= absl::ZeroDuration()) {
    return {absl::DeadlineExceededError("no time left to ask TRS"), false, {}};
  }
  if (!circuit_.Allow()) {
    Record(mode, TrsRequestOutcome::kCircuitOpen, absl::ZeroDuration());
    return {Unavailable("it failed repeatedly just now (circuit open)"), false, {}};
  }

  HttpClientRequest request;
  request.url = url;
  request.timeout = timeout;
  request.headers = {{"Authorization", absl::StrCat("Bearer ", options_.api_key)},
                     {"X-Api-Version", options_.api_version},
                     {"Accept", "application/json"},
                     {"Content-Type", "application/json"}};
  const auto started = std::chrono::steady_clock::now();
  absl::StatusOr<HttpClientResponse> response = http_.Send(request);
  const absl::Duration latency = absl::FromChrono(std::chrono::steady_clock::now() - started);

  // Each branch reports the circuit and the metrics once. Failures that say TRS is down or
  // overloaded open the circuit; any other answer shows TRS is up.
  auto fail = [&](TrsRequestOutcome outcome, absl::Status status, bool retryable,
                  absl::Duration retry_after = absl::ZeroDuration()) -> Attempt {
    circuit_.RecordFailure();
    Record(mode, outcome, latency);
    log::Warning("TRS request failed", {{"mode", mode},
                                        {"outcome", OutcomeName(outcome)},
                                        {"duration_ms", absl::ToDoubleMilliseconds(latency)}});
    return {std::move(status), retryable, retry_after};
  };
  auto answered = [&](TrsRequestOutcome outcome, absl::StatusOr<TrsAnswer> answer) -> Attempt {
    circuit_.RecordSuccess();
    Record(mode, outcome, latency);
    if (!answer.ok()) {
      log::Error("unexpected answer from TRS",
                 {{"mode", mode},
                  {"outcome", OutcomeName(outcome)},
                  {"http_status", response.ok() ? response->status : 0}});
    }
    return {std::move(answer), false, {}};
  };

  if (!response.ok()) {
    if (absl::IsDeadlineExceeded(response.status())) {
      return fail(TrsRequestOutcome::kTimeout,
                  Unavailable(absl::StrCat("no answer within ", absl::FormatDuration(timeout))),
                  true);
    }
    if (absl::IsInvalidArgument(response.status())) {  // the URL: its text may hold a NINO
      return fail(TrsRequestOutcome::kUnreachable, absl::InternalError("bad TRS request URL"),
                  false);
    }
    return fail(TrsRequestOutcome::kUnreachable, Unavailable(response.status().message()), true);
  }

  const int status = response->status;
  TrsAnswer answer;
  switch (status) {
    case 200: {
      absl::StatusOr<TrsPerson> person = ParseTrsPerson(response->body);
      if (!person.ok()) {
        return answered(TrsRequestOutcome::kBadResponse,
                        absl::InternalError("unexpected answer from TRS: unreadable person"));
      }
      answer.kind = TrsAnswer::Kind::kFound;
      answer.person = *std::move(person);
      return answered(TrsRequestOutcome::kFound, std::move(answer));
    }
    case 404:
      answer.kind = TrsAnswer::Kind::kNotFound;
      return answered(TrsRequestOutcome::kNotFound, std::move(answer));
    case 410:
      answer.kind = TrsAnswer::Kind::kDeactivated;
      return answered(TrsRequestOutcome::kDeactivated, std::move(answer));
    case 308: {
      absl::StatusOr<std::string> trn = MergedTrnFromLocation(response->Header("Location"));
      if (!trn.ok()) {
        return answered(TrsRequestOutcome::kBadResponse,
                        absl::InternalError("unexpected answer from TRS: redirect to no person"));
      }
      answer.kind = TrsAnswer::Kind::kMerged;
      answer.merged_into_trn = *std::move(trn);
      return answered(TrsRequestOutcome::kMerged, std::move(answer));
    }
    case 429:
      return fail(TrsRequestOutcome::kRateLimited, Unavailable("too many requests (HTTP 429)"),
                  true, RetryAfter(*response, options_.max_retry_after));
    default:
      break;
  }
  if (status >= 500) {
    return fail(TrsRequestOutcome::kServerError,
                Unavailable(absl::StrCat("server error (HTTP ", status, ")")), true);
  }
  return answered(TrsRequestOutcome::kRejected,
                  absl::InternalError(absl::StrCat("TRS refused the request (HTTP ", status, ")")));
}

}  // namespace rect::teachers
