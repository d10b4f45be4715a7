// A school's induction tutor (school-journeys.md §1): the tutor on record and whether they were
// named or confirmed for the current contract period (schools.induction_tutor_last_nominated_in),
// which the register-an-ECT and assign-a-mentor journeys require first. The answer rules are
// pure (CheckInductionTutorAnswers); InductionTutors reads and writes the school's row and hands
// the email to a newly named tutor to the pending-email outbox in the same transaction.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "protos/registration/v1/induction_tutor.grpc.pb.h"
#include "services/common/pg_pool.h"

namespace rect::registration {

struct InductionTutorAnswers {
  std::string are_these_details_correct;  // "yes", "no" or "" (nothing on record)
  std::string name;
  std::string email;
};

struct TutorOnRecord {
  std::string name;
  std::string email;
};

struct InductionTutorDecision {
  std::vector<std::pair<std::string, std::string>> errors;  // field, message
  bool confirm_existing = false;  // keep the tutor on record
  std::string name;               // else the tutor to record (trimmed)
  std::string email;
};

// Yes keeps the tutor on record; otherwise a full name (at most 70 characters) and a valid
// email address are needed, and with a tutor on record they must differ from it.
InductionTutorDecision CheckInductionTutorAnswers(const InductionTutorAnswers& answers,
                                                  const std::optional<TutorOnRecord>& on_record);

class InductionTutors {
 public:
  using Today = std::function<absl::CivilDay()>;
  InductionTutors(PgPool& pool, Today today) : pool_(pool), today_(std::move(today)) {}

  absl::StatusOr<v1::InductionTutorPage> Get(const v1::InductionTutorRequest& request);
  absl::StatusOr<v1::InductionTutorPage> Save(const v1::InductionTutorRequest& request);

 private:
  PgPool& pool_;
  Today today_;
};

class InductionTutorServiceImpl final : public v1::InductionTutorService::Service {
 public:
  explicit InductionTutorServiceImpl(InductionTutors& tutors) : tutors_(tutors) {}
  grpc::Status GetInductionTutor(grpc::ServerContext*, const v1::InductionTutorRequest* request,
                                 v1::InductionTutorPage* response) override;
  grpc::Status SaveInductionTutor(grpc::ServerContext*, const v1::InductionTutorRequest* request,
                                  v1::InductionTutorPage* response) override;

 private:
  InductionTutors& tutors_;
};

}  // namespace rect::registration
