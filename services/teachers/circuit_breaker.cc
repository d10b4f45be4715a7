#include "services/teachers/circuit_breaker.h"

#include <utility>

namespace rect::teachers {

CircuitBreaker::CircuitBreaker(Options options, std::function<absl::Time()> now,
                               std::function<void(State)> on_change)
    : options_(options), now_(std::move(now)), on_change_(std::move(on_change)) {
  if (on_change_) on_change_(state_);
}

bool CircuitBreaker::Allow() {
  std::lock_guard<std::mutex> lock(mu_);
  const absl::Time now = now_();
  switch (state_) {
    case State::kClosed:
      return true;
    case State::kOpen:
      if (now - opened_at_ < options_.open_for) return false;
      SetState(State::kHalfOpen);
      probe_started_at_ = now;
      return true;
    case State::kHalfOpen:
      if (now - probe_started_at_ < options_.open_for) return false;
      probe_started_at_ = now;
      return true;
  }
  return false;
}

void CircuitBreaker::RecordSuccess() {
  std::lock_guard<std::mutex> lock(mu_);
  consecutive_failures_ = 0;
  SetState(State::kClosed);
}

void CircuitBreaker::RecordFailure() {
  std::lock_guard<std::mutex> lock(mu_);
  ++consecutive_failures_;
  if (state_ == State::kHalfOpen ||
      (state_ == State::kClosed && consecutive_failures_ >= options_.failure_threshold)) {
    opened_at_ = now_();
    SetState(State::kOpen);
  }
}

CircuitBreaker::State CircuitBreaker::state() const {
  std::lock_guard<std::mutex> lock(mu_);
  return state_;
}

void CircuitBreaker::SetState(State state) {
  if (state == state_) return;
  state_ = state;
  if (on_change_) on_change_(state_);
}

const char* StateName(CircuitBreaker::State state) {
  switch (state) {
    case CircuitBreaker::State::kClosed:
      return "closed";
    case CircuitBreaker::State::kOpen:
      return "open";
    case CircuitBreaker::State::kHalfOpen:
      return "half_open";
  }
  return "closed";
}

}  // namespace rect::teachers
