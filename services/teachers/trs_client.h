// Client of the Teaching Record System API v3 (school-journeys.md §5): GET /v3/persons/{trn}
// over HTTPS with the API key and version headers, one deadline per request, a circuit breaker
// shared by every caller, and retries with back-off only for background refreshes.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/common/http_client.h"
#include "services/teachers/circuit_breaker.h"
#include "services/teachers/trs_metrics.h"
#include "services/teachers/trs_person.h"

namespace rect::teachers {

class TrsClient {
 public:
  struct Options {
    std::string base_url = "http://127.0.0.1:8091";  // http(s)://host[:port][/path prefix]
    std::string api_key;                             // secret: never logged
    std::string api_version = "20260120";            // X-Api-Version
    absl::Duration timeout = absl::Seconds(5);       // each request: connect, send, receive
    std::string ca_file;                             // extra trusted certificates (PEM)
    CircuitBreaker::Options circuit;
    int background_attempts = 4;                           // a refresh's requests in all
    absl::Duration background_backoff = absl::Seconds(1);  // before the 2nd; doubled after
    absl::Duration max_retry_after = absl::Seconds(60);    // cap on a 429's Retry-After
  };

  // INVALID_ARGUMENT naming the bad option (as its flag, e.g. "--trs_base_url ...").
  static absl::Status Validate(const Options& options);

  // `options` must be valid; `metrics` may be null; `now` drives the circuit breaker.
  TrsClient(
      Options options, TrsMetrics* metrics,
      std::function<absl::Time()> now = [] { return absl::Now(); });

  // The interactive look-up by TRN alone: one request, no retry, within the smaller of the
  // configured timeout and `budget`. Errors: UNAVAILABLE when TRS does not answer in time,
  // cannot be reached, answers 429 or 5xx, or the circuit is open; INTERNAL when TRS answers
  // something this client cannot use (e.g. 401 for a wrong key). Messages never hold the query.
  absl::StatusOr<TrsAnswer> GetPerson(absl::string_view trn,
                                      absl::Duration budget = absl::InfiniteDuration());

  // As GetPerson, with TRS also checking the National Insurance number (a mismatch is
  // kNotFound). The NINO is normalised and validated first: INVALID_ARGUMENT with the wizard's
  // message, and nothing sent, when it is not one.
  absl::StatusOr<TrsAnswer> GetPersonByNino(absl::string_view trn, absl::string_view nino,
                                            absl::Duration budget = absl::InfiniteDuration());

  // The background refresh's look-up by TRN: 429, 5xx, timeouts and unreachable TRS are retried
  // up to `background_attempts` requests in all, waiting with `wait(delay)` (the back-off, or a
  // 429's Retry-After when longer), which returns false to give up early (shutting down). No
  // retry once the circuit is open.
  absl::StatusOr<TrsAnswer> GetPersonForRefresh(absl::string_view trn,
                                                const std::function<bool(absl::Duration)>& wait);

  const CircuitBreaker& circuit() const { return circuit_; }

 private:
  struct Attempt {
    absl::StatusOr<TrsAnswer> answer;
    bool retryable = false;
    absl::Duration retry_after;  // from a 429's Retry-After (seconds), else zero
  };

  std::string PersonUrl(absl::string_view trn, absl::string_view nino) const;
  Attempt Send(const std::string& url, const char* mode, absl::Duration timeout);
  void Record(const char* mode, TrsRequestOutcome outcome, absl::Duration latency);

  const Options options_;
  TrsMetrics* const metrics_;
  HttpClient http_;
  CircuitBreaker circuit_;
};

// Reads a 200 answer's JSON (the 20250627 shape; unknown fields ignored). INVALID_ARGUMENT
// when it is not a person object; the message never quotes the body.
absl::StatusOr<TrsPerson> ParseTrsPerson(absl::string_view json);

// The new TRN from a 308's Location ("/v3/persons/{trn}", relative or absolute, query
// ignored); INVALID_ARGUMENT when it names no 7-digit TRN.
absl::StatusOr<std::string> MergedTrnFromLocation(absl::string_view location);

}  // namespace rect::teachers
