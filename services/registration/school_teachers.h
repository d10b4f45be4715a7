// A school's teachers as its pages show them, and the changes the school makes to them (school-
// journeys.md §1, §2, §3.5): the ECT and mentor lists (searched, paged), one teacher's details,
// and each change in one transaction with its event and the participant's updated_at, which the
// lead provider API reads. Every read and write is scoped to one school URN.
#pragma once

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "protos/registration/v1/school_teachers.pb.h"
#include "services/common/pg_pool.h"
#include "services/registration/peers.h"
#include "services/registration/wizard_store.h"

namespace rect::registration {

class SchoolTeachers {
 public:
  using Today = std::function<absl::CivilDay()>;
  SchoolTeachers(PgPool& pool, SchoolDirectory& schools, Today today)
      : pool_(pool), reference_(pool), schools_(schools), today_(std::move(today)) {}

  // INVALID_ARGUMENT without a URN.
  absl::StatusOr<v1::ListEctsResponse> ListEcts(const v1::ListSchoolTeachersRequest& request);
  absl::StatusOr<v1::ListMentorsResponse> ListMentors(const v1::ListSchoolTeachersRequest& request);
  // NOT_FOUND when `id` is not a UUID, not the school's, or no longer current there.
  absl::StatusOr<v1::EctAtSchool> GetEct(const std::string& school_urn, const std::string& id,
                                         bool include_choices);
  // With `include_choices`, the lead providers a change of mentor training may choose.
  absl::StatusOr<v1::MentorAtSchool> GetMentor(const std::string& school_urn, const std::string& id,
                                               bool include_choices);

  // Field errors come back in the response (nothing written); INVALID_ARGUMENT for an unknown
  // change; FAILED_PRECONDITION (with the message to show) when the change cannot be made now.
  absl::StatusOr<v1::ChangeTeacherResponse> ChangeEct(const v1::ChangeTeacherRequest& request);
  absl::StatusOr<v1::ChangeTeacherResponse> ChangeMentor(const v1::ChangeTeacherRequest& request);

 private:
  PgPool& pool_;
  WizardStore reference_;  // contract periods, appropriate bodies, lead providers
  SchoolDirectory& schools_;
  Today today_;
};

}  // namespace rect::registration
