#include "gateway/api/rate_limit.h"

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/status.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gateway/http/responses.h"
#include "services/common/log.h"
#include "services/common/tokens.h"

namespace rect::gateway::api {
namespace {

namespace http = boost::beast::http;

template <typename Name>
absl::string_view HeaderValue(const HttpRequest& request, Name name) {
  const auto value = request[name];
  return absl::string_view(value.data(), value.size());
}

}  // namespace

absl::Time WindowStart(absl::Time now, absl::Duration window) {
  const int64_t size = absl::ToInt64Seconds(window);
  int64_t seconds = absl::ToUnixSeconds(now);
  // Floor, not truncation, so instants before the epoch fall in the window that holds them.
  int64_t start = seconds / size * size;
  if (start > seconds) start -= size;
  return absl::FromUnixSeconds(start);
}

std::string RateLimitKey(absl::string_view rule_name, absl::string_view value) {
  return Sha256(absl::StrCat(rule_name, ":", value));
}

HttpResponse TooManyRequestsResponse() {
  return TextResponse(http::status::too_many_requests, "Retry later\n", "text/plain");
}

void IdentityRequestCounter::Add(std::vector<Tally> tallies, Done done) {
  identity::v1::CountApiRequestsRequest request;
  for (const Tally& tally : tallies) {
    identity::v1::ApiRequestCount* count = request.add_counts();
    count->set_key_digest(tally.key);
    count->set_bucket_start(absl::ToUnixSeconds(tally.window_start));
    count->set_requests(tally.requests);
  }
  const size_t expected = tallies.size();
  backends_.Call<identity::v1::CountApiRequestsResponse>(
      "", std::move(request),
      [this](auto* c, auto* q, auto* r, auto cb) {
        backends_.identity().async()->CountApiRequests(c, q, r, cb);
      },
      [done = std::move(done), expected](const grpc::Status& status,
                                         identity::v1::CountApiRequestsResponse&& response) {
        if (!status.ok()) {
          return done(absl::UnavailableError(
              absl::StrCat("identity CountApiRequests: ", status.error_message())));
        }
        if (static_cast<size_t>(response.totals_size()) != expected) {
          return done(absl::InternalError("identity answered a different number of totals"));
        }
        std::vector<int64_t> totals;
        totals.reserve(expected);
        for (const identity::v1::ApiRequestCount& total : response.totals()) {
          totals.push_back(total.requests());
        }
        done(std::move(totals));
      });
}

RateLimiter::RateLimiter(SharedRequestCounter* shared, Clock clock, size_t max_counters)
    : shared_(shared), clock_(std::move(clock)), max_counters_(max_counters) {}

RateLimiter::~RateLimiter() { Stop(); }

void RateLimiter::SetLimit(absl::string_view rule_name, int64_t limit) {
  std::lock_guard<std::mutex> lock(mu_);
  limits_[std::string(rule_name)] = limit;
}

bool RateLimiter::Admit(const RateLimitRule& rule, absl::string_view value) {
  const absl::Time start = WindowStart(clock_(), rule.window);
  std::string key = RateLimitKey(rule.name, value);
  std::lock_guard<std::mutex> lock(mu_);
  const auto configured = limits_.find(rule.name);
  const int64_t limit = configured != limits_.end() ? configured->second : rule.limit;
  CounterKey counter_key(std::move(key), start);
  auto found = counters_.find(counter_key);
  if (found == counters_.end() && counters_.size() >= max_counters_) {
    if (!full_) {
      full_ = true;
      log::Warning("too many distinct API rate-limit keys; new ones are not counted",
                   {{"counters", static_cast<int64_t>(counters_.size())}});
    }
    return true;
  }
  full_ = counters_.size() >= max_counters_;
  Counter& counter =
      found != counters_.end() ? found->second : counters_[std::move(counter_key)];
  counter.limit = limit;
  counter.window_end = start + rule.window;
  ++counter.pending;
  return counter.known_total + counter.sending + counter.pending <= limit;
}

void RateLimiter::Flush() {
  std::vector<CounterKey> keys;
  std::vector<SharedRequestCounter::Tally> tallies;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (flushing_) return;
    const absl::Time now = clock_();
    // Windows that are over and fully shared go; local-only counts are folded in at once.
    std::vector<decltype(counters_)::iterator> unsent, refresh;
    for (auto it = counters_.begin(); it != counters_.end();) {
      Counter& counter = it->second;
      if (shared_ == nullptr) {
        counter.known_total += counter.pending;
        counter.pending = 0;
      }
      const bool over = counter.window_end <= now;
      if (counter.pending == 0 && counter.sending == 0 && over) {
        it = counters_.erase(it);
        continue;
      }
      if (counter.pending > 0) {
        unsent.push_back(it);
      } else if (!over) {
        refresh.push_back(it);
      }
      ++it;
    }
    // Increments first; then every other live counter with nothing to add, so this replica
    // also learns what the others counted for keys it has seen in this window. At most
    // kMaxTallies per call: the rest waits for the next flush.
    constexpr size_t kMaxTallies = 1000;
    if (shared_ != nullptr) {
      for (const auto& group : {unsent, refresh}) {
        for (auto it : group) {
          if (tallies.size() == kMaxTallies) break;
          keys.push_back(it->first);
          tallies.push_back({it->first.first, it->first.second, it->second.pending});
          it->second.sending = it->second.pending;
          it->second.pending = 0;
        }
      }
    }
    if (tallies.empty()) return;
    flushing_ = true;
  }
  shared_->Add(std::move(tallies), [this, keys = std::move(keys)](
                                       absl::StatusOr<std::vector<int64_t>> totals) {
    Received(keys, totals);
  });
}

void RateLimiter::Received(const std::vector<CounterKey>& keys,
                           const absl::StatusOr<std::vector<int64_t>>& totals) {
  std::lock_guard<std::mutex> lock(mu_);
  if (totals.ok() && failing_) {
    failing_ = false;
    log::Info("API request counts are shared again", {});
  } else if (!totals.ok() && !failing_) {
    failing_ = true;
    log::Warning("cannot share API request counts; limits are this replica's own for now",
                 {{"error", std::string(totals.status().message())}});
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    auto it = counters_.find(keys[i]);
    if (it == counters_.end()) continue;
    Counter& counter = it->second;
    if (totals.ok()) {
      // The shared total includes what was just sent, and every other replica's counts.
      counter.known_total = std::max(counter.known_total + counter.sending, (*totals)[i]);
    } else {
      counter.pending += counter.sending;  // sent again with the next flush
    }
    counter.sending = 0;
  }
  flushing_ = false;
  flushed_.notify_all();
}

void RateLimiter::Start(absl::Duration interval) {
  flusher_ = std::thread([this, interval] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopping_) {
      wake_.wait_for(lock, absl::ToChronoMilliseconds(interval), [this] { return stopping_; });
      if (stopping_) break;
      lock.unlock();
      Flush();
      lock.lock();
    }
  });
}

void RateLimiter::Stop() {
  {
    std::unique_lock<std::mutex> lock(mu_);
    stopping_ = true;
    wake_.notify_all();
  }
  if (flusher_.joinable()) flusher_.join();
  // A flush still waiting for its answer calls back into this object.
  std::unique_lock<std::mutex> lock(mu_);
  flushed_.wait(lock, [this] { return !flushing_; });
}

size_t RateLimiter::size() {
  std::lock_guard<std::mutex> lock(mu_);
  return counters_.size();
}

std::string ClientAddress(const HttpRequest& request) {
  absl::string_view real_ip = absl::StripAsciiWhitespace(HeaderValue(request, "X-Real-IP"));
  if (!real_ip.empty()) return std::string(real_ip);
  absl::string_view forwarded = HeaderValue(request, "X-Forwarded-For");
  std::vector<absl::string_view> hops = absl::StrSplit(forwarded, ',');
  if (!hops.empty()) {
    absl::string_view first = absl::StripAsciiWhitespace(hops.front());
    if (!first.empty()) return std::string(first);
  }
  return "";
}

bool AdmitByAddress(RateLimiter& limiter, const HttpRequest& request) {
  const std::string address = ClientAddress(request);
  return address.empty() || limiter.Admit(kAddressBackstopLimit, address);
}

Handler LimitDocsRequests(RateLimiter& limiter, Handler handler) {
  return [&limiter, handler = std::move(handler)](std::shared_ptr<const RequestContext> context,
                                                  Responder respond) {
    const std::string address = ClientAddress(context->request);
    if (!address.empty() && !limiter.Admit(kApiDocsLimit, address)) {
      return respond(TooManyRequestsResponse());
    }
    if (!AdmitByAddress(limiter, context->request)) return respond(TooManyRequestsResponse());
    handler(std::move(context), std::move(respond));
  };
}

}  // namespace rect::gateway::api
