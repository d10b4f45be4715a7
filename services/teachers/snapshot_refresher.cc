#include "services/teachers/snapshot_refresher.h"

#include <chrono>
#include <utility>

#include "services/common/log.h"
#include "services/teachers/trs_rules.h"

namespace rect::teachers {

SnapshotRefresher::SnapshotRefresher(TeacherStore& store, TrsClient& trs, Options options,
                                     std::function<absl::Time()> now)
    : store_(store), trs_(trs), options_(options), now_(std::move(now)) {}

SnapshotRefresher::~SnapshotRefresher() { Stop(); }

void SnapshotRefresher::Start() {
  if (options_.batch_size <= 0 || thread_.joinable()) return;
  thread_ = std::thread([this] {
    while (Wait(options_.interval)) {
      absl::StatusOr<int> refreshed = RefreshBatch();
      if (!refreshed.ok()) {
        log::Warning("TRS snapshot refresh failed",
                     {{"error", std::string(refreshed.status().message())}});
      } else if (*refreshed > 0) {
        log::Info("TRS snapshots refreshed", {{"count", *refreshed}});
      }
    }
  });
}

void SnapshotRefresher::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool SnapshotRefresher::Wait(absl::Duration delay) {
  std::unique_lock<std::mutex> lock(mu_);
  if (delay <= absl::ZeroDuration()) return !stopping_;
  return !wake_.wait_for(lock, absl::ToChronoNanoseconds(delay), [this] { return stopping_; });
}

absl::StatusOr<int> SnapshotRefresher::RefreshBatch() {
  int asked = 0;
  while (asked < options_.batch_size) {
    if (trs_.circuit().state() == CircuitBreaker::State::kOpen) break;  // TRS is known down
    if (asked > 0 && !Wait(options_.spacing)) break;
    // One at a time, so a batch cut short leaves nothing claimed and waiting for its lease.
    absl::StatusOr<std::vector<std::string>> claimed = store_.ClaimSnapshotsDue(1, options_.lease);
    if (!claimed.ok()) return claimed.status();
    if (claimed->empty()) break;
    ++asked;
    bool trs_failed = false;
    if (absl::Status s = RefreshOne(claimed->front(), &trs_failed); !s.ok()) return s;
    if (trs_failed && trs_.circuit().state() != CircuitBreaker::State::kClosed) break;
  }
  return asked;
}

absl::Status SnapshotRefresher::RefreshOne(const std::string& trn, bool* trs_failed) {
  using Outcome = LookupRecord::Outcome;
  const auto start = std::chrono::steady_clock::now();
  const absl::StatusOr<TrsAnswer> answer =
      trs_.GetPersonForRefresh(trn, [this](absl::Duration delay) { return Wait(delay); });
  LookupRecord lookup{trn, LookupRecord::Purpose::kRefresh, Outcome::kError,
                      absl::FromChrono(std::chrono::steady_clock::now() - start)};

  absl::Status saved;
  if (answer.ok() && answer->kind == TrsAnswer::Kind::kMerged && answer->merged_into_trn == trn) {
    *trs_failed = true;  // not an outage, but nothing to record as merged
    saved = store_.SaveRefreshFailed(trn, "TRS redirected the TRN to itself",
                                     options_.max_backoff_exponent);
  } else if (!answer.ok()) {
    *trs_failed = true;
    lookup.outcome = absl::IsUnavailable(answer.status()) ? Outcome::kUnavailable : Outcome::kError;
    saved = store_.SaveRefreshFailed(trn, answer.status().message(), options_.max_backoff_exponent);
  } else if (answer->kind == TrsAnswer::Kind::kFound && IsInTrs(answer->person)) {
    lookup.outcome = Outcome::kFound;
    TeacherFacts facts = InterpretPerson(answer->person, TodayInEngland(now_()));
    facts.trn = trn;
    saved = store_.SaveRefreshFound(facts, options_.refresh_after);
  } else {
    TrsResponse response = TrsResponse::kNotFound;
    lookup.outcome = Outcome::kNotFound;
    if (answer->kind == TrsAnswer::Kind::kDeactivated) {
      response = TrsResponse::kDeactivated;
      lookup.outcome = Outcome::kDeactivated;
    } else if (answer->kind == TrsAnswer::Kind::kMerged) {
      response = TrsResponse::kMerged;
      lookup.outcome = Outcome::kMerged;
    }
    saved = store_.SaveRefreshGone(trn, response,
                                   response == TrsResponse::kMerged ? answer->merged_into_trn : "");
  }
  if (!saved.ok()) return saved;
  return store_.RecordLookup(lookup);
}

}  // namespace rect::teachers
