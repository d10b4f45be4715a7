// A school's ECTs as its pages list them: the periods at the school that are open or end in
// the future, with the status derived from mentorship, induction and training (§3.5). Every
// read is scoped to one school URN.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "protos/registration/v1/registration.pb.h"
#include "services/common/pg_pool.h"

namespace rect::registration {

class SchoolEcts {
 public:
  using Today = std::function<absl::CivilDay()>;
  SchoolEcts(PgPool& pool, Today today) : pool_(pool), today_(std::move(today)) {}

  absl::StatusOr<std::vector<v1::SchoolEct>> List(const std::string& school_urn);
  // NOT_FOUND when `id` is not a UUID or not an ECT period of that school.
  absl::StatusOr<v1::SchoolEct> Get(const std::string& school_urn, const std::string& id);

 private:
  absl::StatusOr<std::vector<v1::SchoolEct>> Query(const std::string& school_urn,
                                                   const std::string& id);
  PgPool& pool_;
  Today today_;
};

}  // namespace rect::registration
