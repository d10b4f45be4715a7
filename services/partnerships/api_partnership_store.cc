// The SQL of the lead provider API's partnership writes (lead-provider-api.md §5.4): the facts
// api_partnership_rules.h decides on, then the insert or update, in one transaction.
#include <pqxx/pqxx>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "services/common/tokens.h"
#include "services/partnerships/api_partnership_rules.h"
#include "services/partnerships/store.h"

namespace rect::partnerships {
namespace {

std::string LondonDayText(absl::Time now) {
  static const absl::TimeZone* london = [] {
    auto* zone = new absl::TimeZone;
    if (!absl::LoadTimeZone("Europe/London", zone)) *zone = absl::UTCTimeZone();
    return zone;
  }();
  return absl::FormatTime("%Y-%m-%d", now, *london);
}

template <typename... Args>
bool Exists(pqxx::work& txn, const char* sql, const Args&... args) {
  return !txn.exec_params(sql, args...).empty();
}

// A live agreement between the lead provider and the delivery partner in `year`.
constexpr char kAgreementSql[] =
    "SELECT 1 FROM provider_relationships WHERE lead_provider_id = $1::uuid "
    "AND delivery_partner_id = $2::uuid AND contract_period_year = $3::integer "
    "AND discarded_at IS NULL";

}  // namespace

absl::StatusOr<ApiPartnershipWrite> PgPartnershipsStore::CreateApiPartnership(
    const std::string& lead_provider_id, const std::string& cohort, const std::string& school_id,
    const std::string& delivery_partner_id, absl::Time now) {
  const std::string today = LondonDayText(now);
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<ApiPartnershipWrite> {
    CreatePartnershipFacts facts;
    facts.cohort = cohort;
    facts.school_id = school_id;
    facts.delivery_partner_id = delivery_partner_id;
    const std::optional<int> year = CohortYear(cohort);
    const std::string year_text = year.has_value() ? absl::StrCat(*year) : "";
    if (year.has_value()) {
      pqxx::result period = txn.exec_params(
          "SELECT started_on > $2::date, NOT enabled FROM contract_periods WHERE year = $1",
          *year, today);
      if (!period.empty()) {
        facts.cohort_exists = true;
        facts.cohort_in_future = period[0][0].as<bool>();
        facts.cohort_closed = period[0][1].as<bool>();
      }
    }
    if (IsUuid(school_id)) {
      pqxx::result school =
          txn.exec_params("SELECT eligible FROM gias_schools WHERE id = $1::uuid", school_id);
      if (!school.empty()) {
        facts.school_exists = true;
        facts.school_eligible = school[0][0].as<bool>();
      }
      if (facts.school_exists && facts.cohort_exists) {
        // One writer per school and year, so two requests cannot both find it unpartnered.
        txn.exec_params("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                        absl::StrCat("api-partnership:", school_id, ":", year_text));
        facts.already_partnered = Exists(
            txn,
            "SELECT 1 FROM partnerships WHERE school_id = $1::uuid AND lead_provider_id = "
            "$2::uuid AND contract_period_year = $3::integer AND NOT relationship",
            school_id, lead_provider_id, year_text);
        facts.school_led_only = Exists(
            txn,
            "SELECT 1 FROM school_cohorts WHERE school_id = $1::uuid AND contract_period_year = "
            "$2::integer AND induction_programme_choice::text IN "
            "('core_induction_programme', 'design_our_own')",
            school_id, year_text);
      }
    }
    if (IsUuid(delivery_partner_id)) {
      facts.delivery_partner_exists = Exists(
          txn, "SELECT 1 FROM delivery_partners WHERE id = $1::uuid",
          delivery_partner_id);
      if (facts.delivery_partner_exists && facts.cohort_exists) {
        facts.provider_works_with_partner =
            Exists(txn, kAgreementSql, lead_provider_id, delivery_partner_id, year_text);
      }
    }
    ApiPartnershipWrite write;
    write.errors = EvaluateCreatePartnership(facts);
    if (!write.errors.empty()) return write;
    const int64_t at = absl::ToUnixSeconds(now);
    // A relationship row with the same partner becomes the partnership.
    pqxx::row row = txn.exec_params1(
        "INSERT INTO partnerships (school_id, lead_provider_id, delivery_partner_id, "
        "contract_period_year, created_at, updated_at) "
        "VALUES ($1::uuid, $2::uuid, $3::uuid, $4::integer, to_timestamp($5::bigint), "
        "to_timestamp($5::bigint)) "
        "ON CONFLICT (school_id, lead_provider_id, delivery_partner_id, contract_period_year) "
        "DO UPDATE SET relationship = false, updated_at = excluded.updated_at RETURNING id",
        school_id, lead_provider_id, delivery_partner_id, *year, at);
    write.id = row[0].as<std::string>();
    return write;
  });
}

absl::StatusOr<ApiPartnershipWrite> PgPartnershipsStore::UpdateApiPartnership(
    const std::string& lead_provider_id, const std::string& id,
    const std::string& delivery_partner_id, absl::Time now) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<ApiPartnershipWrite> {
    pqxx::result found = txn.exec_params(
        "SELECT school_id, contract_period_year FROM partnerships WHERE id = $1::uuid "
        "AND lead_provider_id = $2::uuid AND NOT relationship FOR UPDATE",
        id, lead_provider_id);
    if (found.empty()) return absl::NotFoundError("no such partnership");
    const std::string school_id = found[0][0].as<std::string>();
    const std::string year_text = found[0][1].as<std::string>();
    UpdatePartnershipFacts facts;
    facts.delivery_partner_id = delivery_partner_id;
    if (IsUuid(delivery_partner_id)) {
      facts.delivery_partner_exists = Exists(
          txn, "SELECT 1 FROM delivery_partners WHERE id = $1::uuid",
          delivery_partner_id);
      if (facts.delivery_partner_exists) {
        facts.provider_works_with_partner =
            Exists(txn, kAgreementSql, lead_provider_id, delivery_partner_id, year_text);
        facts.already_partnered_with_partner = Exists(
            txn,
            "SELECT 1 FROM partnerships WHERE school_id = $1::uuid AND lead_provider_id = "
            "$2::uuid AND delivery_partner_id = $3::uuid AND contract_period_year = $4::integer",
            school_id, lead_provider_id, delivery_partner_id, year_text);
      }
    }
    ApiPartnershipWrite write;
    write.errors = EvaluateUpdatePartnership(facts);
    if (!write.errors.empty()) return write;
    txn.exec_params(
        "UPDATE partnerships SET delivery_partner_id = $2::uuid, "
        "updated_at = to_timestamp($3::bigint) WHERE id = $1::uuid",
        id, delivery_partner_id, absl::ToUnixSeconds(now));
    write.id = id;
    return write;
  });
}

}  // namespace rect::partnerships
