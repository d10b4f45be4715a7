// The time source of the identity service's expiry rules (sessions, sign-in links, sign-in
// attempts, ID tokens), injected so tests can move time without sleeping.
#pragma once

#include <atomic>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace rect::identity {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
};

class SystemClock : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
};

// A clock tests set and advance; thread-safe. Whole microseconds, as PostgreSQL stores them.
class FakeClock : public Clock {
 public:
  explicit FakeClock(absl::Time start = absl::FromUnixSeconds(1767225600))  // 2026-01-01
      : micros_(absl::ToUnixMicros(start)) {}
  absl::Time Now() const override { return absl::FromUnixMicros(micros_.load()); }
  void Advance(absl::Duration d) { micros_ += absl::ToInt64Microseconds(d); }
  void Set(absl::Time t) { micros_ = absl::ToUnixMicros(t); }

 private:
  std::atomic<int64_t> micros_;
};

}  // namespace rect::identity
