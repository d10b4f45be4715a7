// Partnerships' storage: the SQL behind GIAS schools (and, as they arrive, lead providers,
// delivery partners, partnerships and challenges). The interface lets service tests substitute
// a failing store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/pg_pool.h"
#include "services/partnerships/api_partnership_rules.h"
#include "services/partnerships/eligibility.h"

namespace rect::partnerships {

// One GIAS establishments row as stored: URN without leading zeros, text trimmed, and empty
// strings for blank (NULL) columns.
struct GiasSchool {
  std::string urn;
  std::string name;
  int type_code = 0;
  std::string type_name;
  int status_code = 0;
  std::string status_name;
  std::string administrative_district_code;
  std::string administrative_district_name;
  bool section_41_approved = false;
  std::string local_authority_code;
  std::string local_authority_name;
  std::string ukprn;
  int phase_of_education_code = 0;
  std::string phase_of_education_name;
  std::string address_line1;
  std::string address_line2;
  std::string address_line3;
  std::string postcode;
  std::string school_website;
  std::string primary_contact_email;
  std::string secondary_contact_email;
};

struct SchoolRecord {
  std::string id;
  GiasSchool gias;
  Eligibility eligibility;
  absl::Time created_at;
  absl::Time updated_at;
};

// What a batched GIAS upsert did with one school.
enum class UpsertOutcome { kInserted, kUpdated, kUnchanged, kRejected };

struct UpsertResult {
  UpsertOutcome outcome = UpsertOutcome::kRejected;
  std::string error;  // the database's reason, for kRejected only
};

struct GiasSchoolWrite {
  GiasSchool school;
  Eligibility eligibility;
};

// A delivery partner as one lead provider sees it: `cohorts` are that provider's years with it.
struct DeliveryPartnerRecord {
  std::string id;
  std::string name;
  std::vector<int> cohorts;  // ascending
  absl::Time created_at;
  absl::Time updated_at;
};

enum class DeliveryPartnerSortKey { kCreatedAt, kUpdatedAt };
struct DeliveryPartnerSort {
  DeliveryPartnerSortKey key = DeliveryPartnerSortKey::kCreatedAt;
  bool descending = false;
};

// Which of a lead provider's delivery partners to list, in what order, and which page.
struct DeliveryPartnerQuery {
  std::string lead_provider_id;  // UUID
  // Only partners worked with in one of `cohorts` (so none when it is empty).
  bool filter_cohorts = false;
  std::vector<int> cohorts;
  std::vector<DeliveryPartnerSort> sort;  // then id ascending
  int64_t limit = 100;
  int64_t offset = 0;
};

// A partnership as its lead provider sees it (never a relationship row).
struct PartnershipRecord {
  std::string id;
  int cohort = 0;
  std::string urn;
  std::string school_id;
  std::string delivery_partner_id;
  std::string delivery_partner_name;
  std::string challenge_reason;             // empty unless challenged
  std::optional<absl::Time> challenged_at;  // set exactly when challenged
  std::string school_email;                 // GIAS main email, else alternative, else empty
  absl::Time created_at;
  absl::Time updated_at;
};

// Which of a lead provider's partnerships to list, in what order, and which page. Sorting
// reuses DeliveryPartnerSort (created_at / updated_at of the partnership).
struct PartnershipQuery {
  std::string lead_provider_id;  // UUID
  bool filter_cohorts = false;   // only `cohorts` (none when empty)
  std::vector<int> cohorts;
  bool filter_delivery_partner_ids = false;  // only these (lower-case UUIDs; none when empty)
  std::vector<std::string> delivery_partner_ids;
  std::optional<absl::Time> updated_since;  // updated_at >= it (whole seconds)
  std::vector<DeliveryPartnerSort> sort;    // then id ascending
  int64_t limit = 100;
  int64_t offset = 0;
};

enum class ProgrammeChoice { kNotYetKnown, kProviderLed, kSchoolLed };

// A school in one contract period as one lead provider sees it (lead-provider-api.md §5.5).
struct ApiSchoolRecord {
  std::string id;
  std::string name;
  std::string urn;
  int cohort = 0;
  bool in_partnership = false;          // an unchallenged partnership by any lead provider
  ProgrammeChoice induction_programme_choice = ProgrammeChoice::kNotYetKnown;
  bool expression_of_interest = false;  // the caller has a partnership with it that year
  std::string school_email;             // GIAS main email, else alternative, else empty
  absl::Time created_at;                // the school row's
  // The latest of the school row's, its school_cohorts row's and its partnerships' that year.
  absl::Time updated_at;
};

struct ApiSchoolQuery {
  std::string lead_provider_id;  // UUID
  int cohort = 0;
  std::string urn;  // as stored (no leading zeros); empty = any
  std::optional<absl::Time> updated_since;
  std::vector<DeliveryPartnerSort> sort;  // then id ascending
  int64_t limit = 100;
  int64_t offset = 0;
};

// A lead provider API partnership write: its errors (nothing written), else the id written.
struct ApiPartnershipWrite {
  std::vector<ApiFieldError> errors;
  std::string id;
};

class PartnershipsStore {
 public:
  virtual ~PartnershipsStore() = default;
  // Inserts the school or updates the row with its URN, storing `eligibility` with it. A row
  // identical to the stored one changes nothing (updated_at included).
  virtual absl::StatusOr<SchoolRecord> UpsertGiasSchool(const GiasSchool& school,
                                                        const Eligibility& eligibility) = 0;
  // Upserts `schools` in one transaction, one result per school in order. A school the
  // database rejects is rolled back alone (savepoint) and reported; the others are kept. An
  // error status means nothing of the batch was committed.
  virtual absl::StatusOr<std::vector<UpsertResult>> UpsertGiasSchools(
      const std::vector<GiasSchoolWrite>& schools) = 0;
  // NOT_FOUND when no school has that URN (as stored, without leading zeros).
  virtual absl::StatusOr<SchoolRecord> GetSchoolByUrn(const std::string& urn) = 0;
  // The live delivery partners with a live relationship to the lead provider in any year.
  virtual absl::StatusOr<std::vector<DeliveryPartnerRecord>> ListDeliveryPartners(
      const DeliveryPartnerQuery& query) = 0;
  // One of them; NOT_FOUND when `id` is not among them. Both ids must be UUIDs.
  virtual absl::StatusOr<DeliveryPartnerRecord> GetDeliveryPartner(
      const std::string& lead_provider_id, const std::string& id) = 0;
  virtual absl::StatusOr<std::vector<PartnershipRecord>> ListPartnerships(
      const PartnershipQuery& query) = 0;
  // NOT_FOUND unless `id` is one of the lead provider's partnerships. Both ids must be UUIDs.
  virtual absl::StatusOr<PartnershipRecord> GetPartnership(const std::string& lead_provider_id,
                                                           const std::string& id) = 0;
  // Funding-eligible schools plus ineligible ones with a partnership in the year; nothing for
  // a year with no contract period.
  virtual absl::StatusOr<std::vector<ApiSchoolRecord>> ListApiSchools(
      const ApiSchoolQuery& query) = 0;
  // NOT_FOUND unless `id` (a UUID) is in that set for `cohort`.
  virtual absl::StatusOr<ApiSchoolRecord> GetApiSchool(const std::string& lead_provider_id,
                                                       int cohort, const std::string& id) = 0;
  // The lead provider API's POST and PUT partnership (api_partnership_store.cc); `now` is the
  // request's instant. Update: NOT_FOUND as GetPartnership. Unimplemented unless overridden.
  virtual absl::StatusOr<ApiPartnershipWrite> CreateApiPartnership(
      const std::string& lead_provider_id, const std::string& cohort,
      const std::string& school_id, const std::string& delivery_partner_id, absl::Time now) {
    return absl::UnimplementedError("partnership writes are not supported by this store");
  }
  virtual absl::StatusOr<ApiPartnershipWrite> UpdateApiPartnership(
      const std::string& lead_provider_id, const std::string& id,
      const std::string& delivery_partner_id, absl::Time now) {
    return absl::UnimplementedError("partnership writes are not supported by this store");
  }
};

class PgPartnershipsStore : public PartnershipsStore {
 public:
  explicit PgPartnershipsStore(PgPool& pool) : pool_(pool) {}
  absl::StatusOr<SchoolRecord> UpsertGiasSchool(const GiasSchool& school,
                                                const Eligibility& eligibility) override;
  absl::StatusOr<std::vector<UpsertResult>> UpsertGiasSchools(
      const std::vector<GiasSchoolWrite>& schools) override;
  absl::StatusOr<SchoolRecord> GetSchoolByUrn(const std::string& urn) override;
  absl::StatusOr<std::vector<DeliveryPartnerRecord>> ListDeliveryPartners(
      const DeliveryPartnerQuery& query) override;
  absl::StatusOr<DeliveryPartnerRecord> GetDeliveryPartner(const std::string& lead_provider_id,
                                                           const std::string& id) override;
  absl::StatusOr<std::vector<PartnershipRecord>> ListPartnerships(
      const PartnershipQuery& query) override;
  absl::StatusOr<PartnershipRecord> GetPartnership(const std::string& lead_provider_id,
                                                   const std::string& id) override;
  absl::StatusOr<std::vector<ApiSchoolRecord>> ListApiSchools(
      const ApiSchoolQuery& query) override;
  absl::StatusOr<ApiSchoolRecord> GetApiSchool(const std::string& lead_provider_id, int cohort,
                                               const std::string& id) override;
  absl::StatusOr<ApiPartnershipWrite> CreateApiPartnership(
      const std::string& lead_provider_id, const std::string& cohort,
      const std::string& school_id, const std::string& delivery_partner_id,
      absl::Time now) override;
  absl::StatusOr<ApiPartnershipWrite> UpdateApiPartnership(const std::string& lead_provider_id,
                                                           const std::string& id,
                                                           const std::string& delivery_partner_id,
                                                           absl::Time now) override;

 private:
  PgPool& pool_;
};

}  // namespace rect::partnerships
