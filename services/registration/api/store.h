// PostgreSQL access for the Lead Provider API: participants, declarations and statements as one
// lead provider sees them, and the declaration writes with their locks. The rules themselves
// are in declaration_rules.h and participant_status.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "protos/registration/v1/lead_provider_api.pb.h"
#include "services/common/pg_pool.h"
#include "services/registration/api/declaration_rules.h"
#include "services/registration/api/participant_actions.h"
#include "services/registration/api/school_partnerships.h"

namespace rect::registration::api {

struct Sort {
  bool by_updated_at = false;
  bool descending = false;
};

struct Page {
  int64_t limit = 100;
  int64_t offset = 0;
};

struct ParticipantQuery {
  std::string lead_provider_id;
  std::optional<std::vector<int>> cohorts;
  std::optional<absl::Time> updated_since;
  std::string training_status;  // empty = any
  std::vector<Sort> sort;
  Page page;
};

struct DeclarationQuery {
  std::string lead_provider_id;
  std::optional<std::vector<int>> cohorts;
  std::optional<std::vector<std::string>> participant_ids;       // UUIDs only
  std::optional<std::vector<std::string>> delivery_partner_ids;  // UUIDs only
  std::optional<absl::Time> updated_since;
  Page page;
};

struct UnfundedMentorQuery {
  std::string lead_provider_id;
  std::optional<absl::Time> updated_since;
  std::vector<Sort> sort;
  Page page;
};

struct StatementQuery {
  std::string lead_provider_id;
  std::optional<std::vector<int>> cohorts;
  std::optional<absl::Time> updated_since;
  Page page;
};

// A participant action refused by the rules (the API's 422) or done.
struct ParticipantWrite {
  std::vector<FieldError> errors;
  v1::Participant participant;
};

// A write refused by the rules (the API's 422) or done.
struct DeclarationWrite {
  std::vector<FieldError> errors;
  v1::Declaration declaration;
};

class LeadProviderApiStore {
 public:
  explicit LeadProviderApiStore(PgPool& pool) : pool_(pool) {}

  absl::StatusOr<std::vector<v1::Participant>> ListParticipants(const ParticipantQuery& query,
                                                                absl::Time now);
  // NOT_FOUND outside the provider's scope.
  absl::StatusOr<v1::Participant> GetParticipant(const std::string& lead_provider_id,
                                                 const std::string& id, absl::Time now);

  // Withdraws, defers or resumes the caller's latest training in the role; NOT_FOUND when the
  // participant is not the caller's.
  absl::StatusOr<ParticipantWrite> ChangeParticipant(const std::string& lead_provider_id,
                                                     const std::string& id,
                                                     ParticipantAction action,
                                                     const ActionAttributes& attributes,
                                                     absl::Time now);

  // Moves the caller's latest partnership training in the role to another schedule (and
  // cohort): a period started before today ends yesterday and a new one starts today, else it
  // changes in place. `partnerships` answers for a change of cohort. NOT_FOUND when the
  // participant is not the caller's.
  absl::StatusOr<ParticipantWrite> ChangeSchedule(const std::string& lead_provider_id,
                                                  const std::string& id,
                                                  const ScheduleChangeAttributes& attributes,
                                                  SchoolPartnerships* partnerships, absl::Time now);

  // The provider's training periods ongoing on `now`'s day on each partnership (in the order
  // asked), and the induction tutors of those of `school_urns` that have one.
  absl::StatusOr<v1::DescribePartnershipsResponse> DescribePartnerships(
      const std::string& lead_provider_id, const std::vector<std::string>& partnership_ids,
      const std::vector<std::string>& school_urns, absl::Time now);

  // Per school (in the order asked): whether anyone trains with the provider there in
  // `cohort` (any training period, an expression of interest included), and its induction
  // tutor.
  absl::StatusOr<v1::DescribeSchoolsResponse> DescribeSchools(
      const std::string& lead_provider_id, int cohort, const std::vector<std::string>& school_urns);

  absl::StatusOr<std::vector<v1::Declaration>> ListDeclarations(const DeclarationQuery& query);
  absl::StatusOr<v1::Declaration> GetDeclaration(const std::string& lead_provider_id,
                                                 const std::string& id);
  // Evaluates the rules under a per-(person, role) lock and records an accepted declaration.
  // An exact repeat of a live declaration's request by the same provider returns it.
  absl::StatusOr<DeclarationWrite> CreateDeclaration(const std::string& lead_provider_id,
                                                     const DeclarationAttributes& attributes,
                                                     absl::Time now);
  // NOT_FOUND unless the declaration is the provider's own.
  absl::StatusOr<DeclarationWrite> VoidDeclaration(const std::string& lead_provider_id,
                                                   const std::string& id, absl::Time now);

  absl::StatusOr<std::vector<v1::Statement>> ListStatements(const StatementQuery& query);
  absl::StatusOr<v1::Statement> GetStatement(const std::string& lead_provider_id,
                                             const std::string& id);

  absl::StatusOr<std::vector<v1::UnfundedMentor>> ListUnfundedMentors(
      const UnfundedMentorQuery& query, absl::Time now);
  absl::StatusOr<v1::UnfundedMentor> GetUnfundedMentor(const std::string& lead_provider_id,
                                                       const std::string& id, absl::Time now);

 private:
  PgPool& pool_;
};

// The digest stored with a declaration: the provider and the request's canonical attributes.
std::string RequestDigest(const std::string& lead_provider_id,
                          const DeclarationAttributes& attributes);

}  // namespace rect::registration::api
