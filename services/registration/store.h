// Registration's storage: the SQL behind teachers (and, as they arrive, periods at schools,
// mentorships and training). The interface lets service tests substitute a failing store.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/pg_pool.h"
#include "services/registration/teacher.h"

namespace rect::registration {

struct TeacherRecord {
  std::string id;
  std::string trn;
  std::string trs_first_name;
  std::string trs_last_name;
  std::string corrected_name;  // empty when none
  absl::Time created_at;
  absl::Time updated_at;
};

struct UpsertedTeacher {
  TeacherRecord teacher;
  bool created = false;
};

class RegistrationStore {
 public:
  virtual ~RegistrationStore() = default;
  // Creates the teacher for `details.trn`, or returns the existing one; on an existing teacher
  // a non-empty corrected name replaces the stored one (bumping updated_at when it differs)
  // and the TRS names are left to the TRS refresh. `details` must be normalised.
  virtual absl::StatusOr<UpsertedTeacher> UpsertTeacher(const TeacherDetails& details) = 0;
  // NOT_FOUND when no teacher has that (normalised) TRN.
  virtual absl::StatusOr<TeacherRecord> GetTeacherByTrn(const std::string& trn) = 0;
};

class PgRegistrationStore : public RegistrationStore {
 public:
  explicit PgRegistrationStore(PgPool& pool) : pool_(pool) {}
  absl::StatusOr<UpsertedTeacher> UpsertTeacher(const TeacherDetails& details) override;
  absl::StatusOr<TeacherRecord> GetTeacherByTrn(const std::string& trn) override;

 private:
  PgPool& pool_;
};

}  // namespace rect::registration
