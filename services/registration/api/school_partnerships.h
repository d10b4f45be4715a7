// The partnerships service as the Lead Provider API's participant actions ask it: which
// partnership a lead provider has with a school in a contract period. An interface so tests
// can substitute it.
#pragma once

#include <grpcpp/channel.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "protos/partnerships/v1/partnerships.grpc.pb.h"

namespace rect::registration::api {

struct SchoolPartnership {
  std::string id;
  std::string delivery_partner_id;
};

// One of a lead provider's partnerships in a year.
struct YearPartnership {
  std::string id;
  std::string school_urn;
  std::string delivery_partner_id;
};

class SchoolPartnerships {
 public:
  virtual ~SchoolPartnerships() = default;
  // The lead provider's partnership with the school (URN) in `year`, preferring one with
  // `preferred_delivery_partner_id`; nullopt when there is none. UNAVAILABLE (or the peer's
  // error) when the partnerships service cannot answer.
  virtual absl::StatusOr<std::optional<SchoolPartnership>> Find(
      const std::string& lead_provider_id, const std::string& school_urn, int year,
      const std::string& preferred_delivery_partner_id) = 0;
  // Every partnership of the lead provider in `year`.
  virtual absl::StatusOr<std::vector<YearPartnership>> ListOfYear(
      const std::string& lead_provider_id, int year) = 0;
};

// Over the partnerships service's ListPartnerships (the provider's partnerships of the year,
// page by page), each call with `deadline`.
class PartnershipsServiceSchoolPartnerships : public SchoolPartnerships {
 public:
  PartnershipsServiceSchoolPartnerships(std::shared_ptr<grpc::Channel> channel,
                                        absl::Duration deadline);
  absl::StatusOr<std::optional<SchoolPartnership>> Find(
      const std::string& lead_provider_id, const std::string& school_urn, int year,
      const std::string& preferred_delivery_partner_id) override;
  absl::StatusOr<std::vector<YearPartnership>> ListOfYear(const std::string& lead_provider_id,
                                                          int year) override;

 private:
  std::unique_ptr<partnerships::v1::PartnershipsService::Stub> stub_;
  absl::Duration deadline_;
};

}  // namespace rect::registration::api
