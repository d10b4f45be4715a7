// A school reporting that an ECT or mentor has left or is leaving (school-journeys.md §7).
// The date rules are pure (LeavingDateError); Leavings reads the period and, in one transaction,
// ends it on the date with reported_leaving_by_school_urn, ends its mentorships and training on
// the same day and deletes those that would only start after it. Scoped to one school.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "protos/registration/v1/leaving.grpc.pb.h"
#include "services/common/pg_pool.h"
#include "services/registration/wizard/fields.h"

namespace rect::registration {

inline constexpr char kLeavingDateMissing[] =
    "Enter the date the teacher left or will be leaving your school";
inline constexpr char kLeavingDateFormat[] =
    "Enter the date in the correct format, for example 30 06 2001";
inline constexpr char kLeavingDateTooFar[] = "Enter a date no further than 4 months from today";

// What the leaving date is checked against.
struct LeavingFacts {
  absl::CivilDay today;
  std::string teacher_name;
  absl::CivilDay period_started_on;
  // The latest training period that has started by today (unstarted ones are deleted anyway).
  std::optional<absl::CivilDay> latest_started_training_on;
};

// The leaving date, or INVALID_ARGUMENT whose message is the text to show: missing, not a date,
// more than 4 months after today, or not later than the day after the period (or its latest
// started training) began.
absl::StatusOr<absl::CivilDay> ValidateLeavingDate(const wizard::DateInput& input,
                                                   const LeavingFacts& facts);

class Leavings {
 public:
  using Today = std::function<absl::CivilDay()>;
  Leavings(PgPool& pool, Today today) : pool_(pool), today_(std::move(today)) {}

  // NOT_FOUND unless the period (role "ect" or "mentor") is at the user's school.
  absl::StatusOr<v1::LeavingPage> Get(const v1::LeavingRequest& request);
  // Also NOT_FOUND when the period has already ended before today.
  absl::StatusOr<v1::LeavingPage> Check(const v1::LeavingRequest& request);
  // Check, then the writes; `saved` is set when they were done.
  absl::StatusOr<v1::LeavingPage> Report(const v1::LeavingRequest& request);

 private:
  absl::StatusOr<v1::LeavingPage> Validate(const v1::LeavingRequest& request, bool save);

  PgPool& pool_;
  Today today_;
};

class LeavingServiceImpl final : public v1::LeavingService::Service {
 public:
  explicit LeavingServiceImpl(Leavings& leavings) : leavings_(leavings) {}
  grpc::Status GetLeaving(grpc::ServerContext*, const v1::LeavingRequest* request,
                          v1::LeavingPage* response) override;
  grpc::Status CheckLeaving(grpc::ServerContext*, const v1::LeavingRequest* request,
                            v1::LeavingPage* response) override;
  grpc::Status ReportLeaving(grpc::ServerContext*, const v1::LeavingRequest* request,
                             v1::LeavingPage* response) override;

 private:
  Leavings& leavings_;
};

}  // namespace rect::registration
