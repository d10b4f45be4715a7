// Registration's calls to its peers, blocking with deadlines: TRS look-ups through the teachers
// service, school facts from the partnerships service. Interfaces so tests can substitute them.
#pragma once

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "protos/partnerships/v1/partnerships.grpc.pb.h"
#include "protos/teachers/v1/teachers.grpc.pb.h"
#include "services/registration/wizard/trs_result.h"

namespace rect::registration {

struct TrsFindResult {
  wizard::TrsLookup outcome = wizard::TrsLookup::kNotFound;
  wizard::TrsTeacher teacher;  // when kFound
  std::string induction_status_name;  // TRS's value, e.g. "InProgress"; empty when none
};

class TrsLookups {
 public:
  virtual ~TrsLookups() = default;
  // By TRN, the date of birth compared by the teachers service; the date is not kept.
  virtual absl::StatusOr<TrsFindResult> Find(const std::string& trn,
                                             absl::CivilDay date_of_birth) = 0;
  // By TRN and National Insurance number (normalised); the number is not kept.
  virtual absl::StatusOr<TrsFindResult> FindByNino(const std::string& trn,
                                                   const std::string& nino) = 0;
};

struct SchoolInfo {
  std::string name;
  bool independent = false;  // GIAS "Other independent (special) school"
};

class SchoolDirectory {
 public:
  virtual ~SchoolDirectory() = default;
  // NOT_FOUND for an unknown URN; UNAVAILABLE when the directory cannot answer.
  virtual absl::StatusOr<SchoolInfo> GetSchool(const std::string& urn) = 0;
};

class TeachersServiceLookups : public TrsLookups {
 public:
  TeachersServiceLookups(std::shared_ptr<grpc::Channel> channel, absl::Duration deadline);
  absl::StatusOr<TrsFindResult> Find(const std::string& trn, absl::CivilDay date_of_birth) override;
  absl::StatusOr<TrsFindResult> FindByNino(const std::string& trn,
                                           const std::string& nino) override;

 private:
  std::unique_ptr<teachers::v1::TeachersService::Stub> stub_;
  absl::Duration deadline_;
};

class PartnershipsSchoolDirectory : public SchoolDirectory {
 public:
  PartnershipsSchoolDirectory(std::shared_ptr<grpc::Channel> channel, absl::Duration deadline);
  absl::StatusOr<SchoolInfo> GetSchool(const std::string& urn) override;

 private:
  std::unique_ptr<partnerships::v1::PartnershipsService::Stub> stub_;
  absl::Duration deadline_;
};

// The wizard's view of a FindTeacher/FindTeacherByNino answer.
TrsFindResult TrsFindResultFrom(const teachers::v1::FindTeacherResponse& response);

}  // namespace rect::registration
