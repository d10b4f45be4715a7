// The SQL of "Confirm your schools", challenges and "Check your schools" (partnerships.md
// §4–§7): uploads as checked, the confirm transaction, challenge links and the lead provider's
// list of schools. The rules themselves live in confirm_schools.h.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/common/pg_pool.h"
#include "services/partnerships/confirm_schools.h"

namespace rect::partnerships {

struct UploadSchoolRecord {
  std::string school_id;
  std::string urn;
  std::string name;
  std::string local_authority_name;
};

struct UploadRecord {
  std::string id;
  std::string lead_provider_id;
  std::string delivery_partner_id;
  std::string delivery_partner_name;
  int cohort = 0;
  std::vector<CheckedRow> rows;
  int rows_with_errors = 0;
  std::vector<UploadSchoolRecord> valid_schools;
  bool confirmed = false;
  absl::Time created_at;
};

// The school's induction tutor as registration knows it (empty when none).
struct InductionTutor {
  std::string name;
  std::string email;
};

// Registration's record of schools' induction tutors.
class InductionTutorDirectory {
 public:
  virtual ~InductionTutorDirectory() = default;
  // The tutors of those of `urns` that have one, by URN.
  virtual absl::StatusOr<std::map<std::string, InductionTutor>> TutorsOf(
      const std::vector<std::string>& urns) = 0;
};

struct ConfirmRequest {
  std::string lead_provider_id;
  std::string upload_id;
  std::optional<std::vector<std::string>> school_ids;  // a subset of the valid schools
  std::string service_url;
  std::map<std::string, InductionTutor> induction_tutors;  // by URN
  absl::Time now;
  absl::TimeZone zone;
};

struct ConfirmResult {
  std::vector<std::string> partnership_ids;
  std::string delivery_partner_name;
};

// A challenge link or partnership as the challenge pages show it.
struct ChallengeRecord {
  std::string partnership_id;
  std::string school_id;
  std::string school_name;
  std::string school_urn;
  std::string delivery_partner_name;
  std::string lead_provider_id;
  std::string lead_provider_name;
  int cohort = 0;
  std::string challenge_reason;  // empty unless challenged
  std::optional<absl::Time> deadline;
};

// Which partnership a challenge names: a token's digest or a partnership id.
struct ChallengeKey {
  std::string token_digest;  // raw SHA-256 of the token; empty when by id
  std::string partnership_id;
};

struct LeadProviderSchoolRecord {
  std::string partnership_id;
  std::string school_id;
  std::string urn;
  std::string school_name;
  std::string delivery_partner_name;
  std::string challenge_reason;
  std::string local_authority_name;
  int cohort = 0;
};

struct LeadProviderSchoolsQuery {
  std::string lead_provider_id;
  int cohort = 0;  // 0: any year
  std::string search;
  std::string partnership_id;  // empty = all
  int64_t limit = 10;
  int64_t offset = 0;
};

struct LeadProviderSchools {
  std::vector<LeadProviderSchoolRecord> schools;
  int total_matching = 0;
  int total = 0;
};

struct LeadProviderRecord {
  std::string id;
  std::string name;
  std::vector<int> cohorts;
};

class PgConfirmSchoolsStore {
 public:
  explicit PgConfirmSchoolsStore(PgPool& pool) : pool_(pool) {}

  // OK when the lead provider has a live relationship with the live delivery partner in
  // `cohort`; FAILED_PRECONDITION otherwise.
  absl::Status CheckRelationship(const std::string& lead_provider_id,
                                 const std::string& delivery_partner_id, int cohort);
  // The facts of every URN in `urns` (as stored) that names a school, for one upload.
  absl::StatusOr<std::map<std::string, SchoolFacts>> LookupSchoolFacts(
      const std::vector<std::string>& urns, int cohort);
  absl::StatusOr<UploadRecord> SaveUpload(const std::string& lead_provider_id,
                                          const std::string& delivery_partner_id, int cohort,
                                          const std::string& file_name,
                                          const std::vector<std::string>& uploaded_urns,
                                          const UploadCheck& check);
  // NOT_FOUND unless the upload is the lead provider's.
  absl::StatusOr<UploadRecord> GetUpload(const std::string& lead_provider_id,
                                         const std::string& id);
  // The URNs of an upload's valid schools (for the induction tutor lookup before confirming).
  absl::StatusOr<std::vector<std::string>> ValidUrns(const std::string& lead_provider_id,
                                                     const std::string& id);
  // Reports every still-valid chosen school in one transaction (partnerships.md §4 "What
  // confirming saves") and queues its email and reminder.
  absl::StatusOr<ConfirmResult> ConfirmUpload(const ConfirmRequest& request);

  absl::StatusOr<ChallengeRecord> GetChallenge(const ChallengeKey& key);
  // Records the challenge if the link is open at `now` (checked under a row lock), with its
  // event and the lead provider users' notification. FAILED_PRECONDITION with "already
  // challenged" or "expired" otherwise.
  absl::StatusOr<ChallengeRecord> Challenge(const ChallengeKey& key, ChallengeReason reason,
                                            const std::string& challenged_by, absl::Time now);

  absl::StatusOr<LeadProviderSchools> ListLeadProviderSchools(
      const LeadProviderSchoolsQuery& query);
  absl::StatusOr<LeadProviderRecord> GetLeadProvider(const std::string& id);

 private:
  PgPool& pool_;
};

}  // namespace rect::partnerships
