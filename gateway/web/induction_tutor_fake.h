// A registration InductionTutorService for page tests: the school's tutor is confirmed for the
// current contract period unless a test says otherwise.
#pragma once

#include <atomic>

#include "protos/registration/v1/induction_tutor.grpc.pb.h"

namespace rect::gateway::testing {

class FakeInductionTutor final : public registration::v1::InductionTutorService::Service {
 public:
  grpc::Status GetInductionTutor(grpc::ServerContext*,
                                 const registration::v1::InductionTutorRequest*,
                                 registration::v1::InductionTutorPage* response) override {
    response->set_name("Sam Tutor");
    response->set_email("sam.tutor@school.example");
    response->set_contract_period_year(2026);
    response->set_academic_year("2026 to 2027");
    response->set_confirmed_for_current_period(confirmed.load());
    return grpc::Status::OK;
  }

  std::atomic<bool> confirmed{true};
};

}  // namespace rect::gateway::testing
