#include "services/partnerships/store.h"

#include <pqxx/pqxx>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/common/pg_status.h"

namespace rect::partnerships {
namespace {

// The columns SchoolFromRow reads, in order; blank text as '', times in microseconds.
constexpr char kSchoolColumns[] =
    "id, urn, name, type_code, coalesce(type_name, ''), status_code, coalesce(status_name, ''), "
    "coalesce(administrative_district_code, ''), coalesce(administrative_district_name, ''), "
    "section_41_approved, coalesce(local_authority_code, ''), "
    "coalesce(local_authority_name, ''), coalesce(ukprn, ''), phase_of_education_code, "
    "coalesce(phase_of_education_name, ''), coalesce(address_line1, ''), "
    "coalesce(address_line2, ''), coalesce(address_line3, ''), coalesce(postcode, ''), "
    "coalesce(school_website, ''), coalesce(primary_contact_email, ''), "
    "coalesce(secondary_contact_email, ''), open, in_england, eligible, cip_only, "
    "(extract(epoch FROM created_at) * 1000000)::bigint, "
    "(extract(epoch FROM updated_at) * 1000000)::bigint";

SchoolRecord SchoolFromRow(const pqxx::row& row) {
  SchoolRecord record;
  record.id = row[0].as<std::string>();
  GiasSchool& gias = record.gias;
  gias.urn = row[1].as<std::string>();
  gias.name = row[2].as<std::string>();
  gias.type_code = row[3].as<int>();
  gias.type_name = row[4].as<std::string>();
  gias.status_code = row[5].as<int>();
  gias.status_name = row[6].as<std::string>();
  gias.administrative_district_code = row[7].as<std::string>();
  gias.administrative_district_name = row[8].as<std::string>();
  gias.section_41_approved = row[9].as<bool>();
  gias.local_authority_code = row[10].as<std::string>();
  gias.local_authority_name = row[11].as<std::string>();
  gias.ukprn = row[12].as<std::string>();
  gias.phase_of_education_code = row[13].as<int>();
  gias.phase_of_education_name = row[14].as<std::string>();
  gias.address_line1 = row[15].as<std::string>();
  gias.address_line2 = row[16].as<std::string>();
  gias.address_line3 = row[17].as<std::string>();
  gias.postcode = row[18].as<std::string>();
  gias.school_website = row[19].as<std::string>();
  gias.primary_contact_email = row[20].as<std::string>();
  gias.secondary_contact_email = row[21].as<std::string>();
  record.eligibility = {row[22].as<bool>(), row[23].as<bool>(), row[24].as<bool>(),
                        row[25].as<bool>()};
  record.created_at = absl::FromUnixMicros(row[26].as<int64_t>());
  record.updated_at = absl::FromUnixMicros(row[27].as<int64_t>());
  return record;
}

// Every column a GIAS row sets, in the order of UpsertGiasSchool's parameters. Blank text is
// stored as NULL.
struct Column {
  const char* name;
  bool text;
};
constexpr Column kGiasColumns[] = {
    {"urn", true},
    {"name", true},
    {"type_code", false},
    {"type_name", true},
    {"status_code", false},
    {"status_name", true},
    {"administrative_district_code", true},
    {"administrative_district_name", true},
    {"section_41_approved", false},
    {"local_authority_code", true},
    {"local_authority_name", true},
    {"ukprn", true},
    {"phase_of_education_code", false},
    {"phase_of_education_name", true},
    {"address_line1", true},
    {"address_line2", true},
    {"address_line3", true},
    {"postcode", true},
    {"school_website", true},
    {"primary_contact_email", true},
    {"secondary_contact_email", true},
    {"open", false},
    {"in_england", false},
    {"eligible", false},
    {"cip_only", false},
};

// Inserts a school or updates the row with its URN. The update runs only when some value
// differs, so repeating an import leaves updated_at alone and returns no row (an email that
// differs only in case counts as the same).
std::string UpsertSchoolSql(absl::string_view returning) {
  std::vector<std::string> names, values, current, excluded;
  for (const Column& column : kGiasColumns) {
    const std::string param = absl::StrCat("$", names.size() + 1);
    names.push_back(column.name);
    values.push_back(column.text ? absl::StrCat("NULLIF(", param, ", '')") : param);
    current.push_back(absl::StrCat("gias_schools.", column.name));
    excluded.push_back(absl::StrCat("EXCLUDED.", column.name));
  }
  return absl::StrCat("INSERT INTO gias_schools (", absl::StrJoin(names, ", "), ") VALUES (",
                      absl::StrJoin(values, ", "), ") ON CONFLICT (urn) DO UPDATE SET (",
                      absl::StrJoin(names, ", "), ", updated_at) = (",
                      absl::StrJoin(excluded, ", "), ", now()) WHERE (",
                      absl::StrJoin(current, ", "), ") IS DISTINCT FROM (",
                      absl::StrJoin(excluded, ", "), ") RETURNING ", returning);
}

// Runs the upsert `sql` for one school with UpsertSchoolSql's parameters.
pqxx::result ExecUpsert(pqxx::transaction_base& txn, const std::string& sql,
                        const GiasSchool& school, const Eligibility& e) {
  return txn.exec_params(
      sql, school.urn, school.name, school.type_code, school.type_name, school.status_code,
      school.status_name, school.administrative_district_code, school.administrative_district_name,
      school.section_41_approved, school.local_authority_code, school.local_authority_name,
      school.ukprn, school.phase_of_education_code, school.phase_of_education_name,
      school.address_line1, school.address_line2, school.address_line3, school.postcode,
      school.school_website, school.primary_contact_email, school.secondary_contact_email, e.open,
      e.in_england, e.eligible, e.cip_only);
}

// A lead provider's live delivery partners with its live relationship years, one row each:
// id, name, years as "2021,2022", created_at and updated_at in microseconds. $1 is the lead
// provider; callers add further AND conditions, then GROUP BY dp.id.
constexpr char kDeliveryPartnersSql[] =
    "SELECT dp.id, dp.name, "
    "array_to_string(array_agg(DISTINCT pr.contract_period_year "
    "ORDER BY pr.contract_period_year), ','), "
    "(extract(epoch FROM dp.created_at) * 1000000)::bigint, "
    "(extract(epoch FROM dp.updated_at) * 1000000)::bigint "
    "FROM delivery_partners dp "
    "JOIN provider_relationships pr ON pr.delivery_partner_id = dp.id "
    "WHERE pr.lead_provider_id = $1::uuid AND pr.discarded_at IS NULL "
    "AND dp.discarded_at IS NULL ";

DeliveryPartnerRecord DeliveryPartnerFromRow(const pqxx::row& row) {
  DeliveryPartnerRecord record;
  record.id = row[0].as<std::string>();
  record.name = row[1].as<std::string>();
  for (absl::string_view year : absl::StrSplit(row[2].as<std::string>(), ',', absl::SkipEmpty())) {
    int value = 0;
    if (absl::SimpleAtoi(year, &value)) record.cohorts.push_back(value);
  }
  record.created_at = absl::FromUnixMicros(row[3].as<int64_t>());
  record.updated_at = absl::FromUnixMicros(row[4].as<int64_t>());
  return record;
}

// The ORDER BY clause for `sort`, from a fixed set of column names (never from input text).
std::string DeliveryPartnerOrder(const std::vector<DeliveryPartnerSort>& sort) {
  std::vector<std::string> terms;
  for (const DeliveryPartnerSort& term : sort) {
    terms.push_back(absl::StrCat(
        term.key == DeliveryPartnerSortKey::kUpdatedAt ? "dp.updated_at" : "dp.created_at",
        term.descending ? " DESC" : " ASC"));
  }
  if (terms.empty()) terms.push_back("dp.created_at ASC");
  terms.push_back("dp.id ASC");
  return absl::StrCat(" ORDER BY ", absl::StrJoin(terms, ", "));
}

// A lead provider's partnerships (never relationship rows), one row each: id, year, urn,
// school id, DP id, DP name, challenge reason ('' unless challenged), challenged_at in
// microseconds (NULL unless challenged), the school's GIAS email, created_at and updated_at in
// microseconds. $1 is the lead provider; callers add further AND conditions.
constexpr char kPartnershipsSql[] =
    "SELECT p.id, p.contract_period_year, s.urn, s.id, dp.id, dp.name, "
    "coalesce(p.challenge_reason::text, ''), "
    "(extract(epoch FROM p.challenged_at) * 1000000)::bigint, "
    "coalesce(s.primary_contact_email::text, s.secondary_contact_email::text, ''), "
    "(extract(epoch FROM p.created_at) * 1000000)::bigint, "
    "(extract(epoch FROM p.updated_at) * 1000000)::bigint "
    "FROM partnerships p JOIN gias_schools s ON s.id = p.school_id "
    "JOIN delivery_partners dp ON dp.id = p.delivery_partner_id "
    "WHERE p.lead_provider_id = $1::uuid AND NOT p.relationship ";

PartnershipRecord PartnershipFromRow(const pqxx::row& row) {
  PartnershipRecord record;
  record.id = row[0].as<std::string>();
  record.cohort = row[1].as<int>();
  record.urn = row[2].as<std::string>();
  record.school_id = row[3].as<std::string>();
  record.delivery_partner_id = row[4].as<std::string>();
  record.delivery_partner_name = row[5].as<std::string>();
  record.challenge_reason = row[6].as<std::string>();
  if (!row[7].is_null()) record.challenged_at = absl::FromUnixMicros(row[7].as<int64_t>());
  record.school_email = row[8].as<std::string>();
  record.created_at = absl::FromUnixMicros(row[9].as<int64_t>());
  record.updated_at = absl::FromUnixMicros(row[10].as<int64_t>());
  return record;
}

// The ORDER BY clause over `table`'s created_at/updated_at (fixed names, never input text).
std::string OrderBy(const std::vector<DeliveryPartnerSort>& sort, absl::string_view table) {
  std::vector<std::string> terms;
  for (const DeliveryPartnerSort& term : sort) {
    terms.push_back(absl::StrCat(
        table, term.key == DeliveryPartnerSortKey::kUpdatedAt ? ".updated_at" : ".created_at",
        term.descending ? " DESC" : " ASC"));
  }
  if (terms.empty()) terms.push_back(absl::StrCat(table, ".created_at ASC"));
  terms.push_back(absl::StrCat(table, ".id ASC"));
  return absl::StrCat(" ORDER BY ", absl::StrJoin(terms, ", "));
}

// The lead provider API's schools of one year ($2) as lead provider $1 sees them: funding-
// eligible schools plus ineligible ones with any (non-relationship) partnership that year.
// Columns: id, name, urn, year, in_partnership, programme choice label ('' without a
// school_cohorts row), expression_of_interest, GIAS email, created_at and updated_at in
// microseconds. Callers add AND conditions on `x`.
// A school's partnerships that year are read once, through partnerships_by_school, and only for
// the schools a page needs: in the default order the schools come from gias_schools_by_created_at
// and the scan stops at the page's end. updated_at counts relationship rows too.
constexpr char kApiSchoolsSql[] =
    "SELECT x.id, x.name, x.urn, x.year, x.in_partnership, x.choice, x.interest, x.email, "
    "(extract(epoch FROM x.created_at) * 1000000)::bigint, "
    "(extract(epoch FROM x.updated_at) * 1000000)::bigint FROM ("
    "SELECT s.id, s.name, s.urn, cp.year, s.eligible, "
    "coalesce(pa.in_partnership, false) AS in_partnership, "
    "coalesce(pa.partnered, false) AS partnered, "
    "coalesce(sc.induction_programme_choice::text, '') AS choice, "
    "coalesce(pa.interest, false) AS interest, "
    "coalesce(s.primary_contact_email::text, s.secondary_contact_email::text, '') AS email, "
    "s.created_at, GREATEST(s.updated_at, sc.updated_at, pa.updated_at) AS updated_at "
    "FROM contract_periods cp CROSS JOIN gias_schools s "
    "LEFT JOIN school_cohorts sc ON sc.school_id = s.id AND sc.contract_period_year = cp.year "
    "CROSS JOIN LATERAL (SELECT bool_or(NOT p.relationship) AS partnered, "
    "bool_or(NOT p.relationship AND p.challenged_at IS NULL) AS in_partnership, "
    "bool_or(NOT p.relationship AND p.lead_provider_id = $1::uuid) AS interest, "
    "max(p.updated_at) AS updated_at FROM partnerships p "
    "WHERE p.school_id = s.id AND p.contract_period_year = cp.year) pa "
    "WHERE cp.year = $2::integer) x WHERE (x.eligible OR x.partnered) ";

ProgrammeChoice ChoiceFromLabel(absl::string_view label) {
  if (label == "full_induction_programme" || label == "school_funded_fip") {
    return ProgrammeChoice::kProviderLed;
  }
  if (label == "core_induction_programme" || label == "design_our_own") {
    return ProgrammeChoice::kSchoolLed;
  }
  return ProgrammeChoice::kNotYetKnown;
}

ApiSchoolRecord ApiSchoolFromRow(const pqxx::row& row) {
  ApiSchoolRecord record;
  record.id = row[0].as<std::string>();
  record.name = row[1].as<std::string>();
  record.urn = row[2].as<std::string>();
  record.cohort = row[3].as<int>();
  record.in_partnership = row[4].as<bool>();
  record.induction_programme_choice = ChoiceFromLabel(row[5].as<std::string>());
  record.expression_of_interest = row[6].as<bool>();
  record.school_email = row[7].as<std::string>();
  record.created_at = absl::FromUnixMicros(row[8].as<int64_t>());
  record.updated_at = absl::FromUnixMicros(row[9].as<int64_t>());
  return record;
}

}  // namespace

absl::StatusOr<SchoolRecord> PgPartnershipsStore::UpsertGiasSchool(const GiasSchool& school,
                                                                   const Eligibility& e) {
  static const std::string* const kUpsert = new std::string(UpsertSchoolSql(kSchoolColumns));
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<SchoolRecord> {
    pqxx::result rows = ExecUpsert(txn, *kUpsert, school, e);
    if (!rows.empty()) return SchoolFromRow(rows[0]);
    // The school exists unchanged; the conflict check has locked the row.
    pqxx::row row = txn.exec_params1(
        std::string("SELECT ") + kSchoolColumns + " FROM gias_schools WHERE urn = $1", school.urn);
    return SchoolFromRow(row);
  });
}

absl::StatusOr<std::vector<UpsertResult>> PgPartnershipsStore::UpsertGiasSchools(
    const std::vector<GiasSchoolWrite>& schools) {
  // xmax is 0 only on a freshly inserted row version; no row back means nothing changed.
  static const std::string* const kUpsert =
      new std::string(UpsertSchoolSql("(xmax = 0) AS inserted"));
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<std::vector<UpsertResult>> {
    std::vector<UpsertResult> results;
    results.reserve(schools.size());
    for (const GiasSchoolWrite& write : schools) {
      UpsertResult result;
      // A plain savepoint, so a rejected row rolls back alone and the batch goes on.
      txn.exec0("SAVEPOINT gias_row");
      try {
        pqxx::result rows = ExecUpsert(txn, *kUpsert, write.school, write.eligibility);
        txn.exec0("RELEASE SAVEPOINT gias_row");
        if (rows.empty()) {
          result.outcome = UpsertOutcome::kUnchanged;
        } else {
          result.outcome =
              rows[0][0].as<bool>() ? UpsertOutcome::kInserted : UpsertOutcome::kUpdated;
        }
      } catch (const pqxx::sql_error& e) {
        txn.exec0("ROLLBACK TO SAVEPOINT gias_row");
        result.outcome = UpsertOutcome::kRejected;
        result.error = std::string(StatusFromException(e).message());
      }
      results.push_back(std::move(result));
    }
    return results;
  });
}

absl::StatusOr<SchoolRecord> PgPartnershipsStore::GetSchoolByUrn(const std::string& urn) {
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<SchoolRecord> {
    pqxx::read_transaction txn(c);
    pqxx::result rows = txn.exec_params(
        std::string("SELECT ") + kSchoolColumns + " FROM gias_schools WHERE urn = $1", urn);
    if (rows.empty()) return absl::NotFoundError("no school with that URN");
    return SchoolFromRow(rows[0]);
  });
}

absl::StatusOr<std::vector<DeliveryPartnerRecord>> PgPartnershipsStore::ListDeliveryPartners(
    const DeliveryPartnerQuery& query) {
  // $2 (bool) turns the year filter on; $3 is the years as an int[] literal.
  const std::string sql = absl::StrCat(kDeliveryPartnersSql,
                                       "GROUP BY dp.id HAVING NOT $2::boolean "
                                       "OR bool_or(pr.contract_period_year = ANY($3::int[]))",
                                       DeliveryPartnerOrder(query.sort), " LIMIT $4 OFFSET $5");
  const std::string years = absl::StrCat("{", absl::StrJoin(query.cohorts, ","), "}");
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<std::vector<DeliveryPartnerRecord>> {
    pqxx::read_transaction txn(c);
    pqxx::result rows = txn.exec_params(sql, query.lead_provider_id, query.filter_cohorts, years,
                                        query.limit, query.offset);
    std::vector<DeliveryPartnerRecord> records;
    records.reserve(rows.size());
    for (const pqxx::row& row : rows) records.push_back(DeliveryPartnerFromRow(row));
    return records;
  });
}

absl::StatusOr<DeliveryPartnerRecord> PgPartnershipsStore::GetDeliveryPartner(
    const std::string& lead_provider_id, const std::string& id) {
  static const std::string* const kSql =
      new std::string(absl::StrCat(kDeliveryPartnersSql, "AND dp.id = $2::uuid GROUP BY dp.id"));
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<DeliveryPartnerRecord> {
    pqxx::read_transaction txn(c);
    pqxx::result rows = txn.exec_params(*kSql, lead_provider_id, id);
    if (rows.empty()) return absl::NotFoundError("no such delivery partner");
    return DeliveryPartnerFromRow(rows[0]);
  });
}

absl::StatusOr<std::vector<PartnershipRecord>> PgPartnershipsStore::ListPartnerships(
    const PartnershipQuery& query) {
  // $2/$4/$6 (bool) turn the year, delivery partner and updated_since filters on.
  const std::string sql = absl::StrCat(
      kPartnershipsSql,
      "AND (NOT $2::boolean OR p.contract_period_year = ANY($3::int[])) "
      "AND (NOT $4::boolean OR p.delivery_partner_id = ANY($5::uuid[])) "
      "AND (NOT $6::boolean OR p.updated_at >= to_timestamp($7::bigint))",
      OrderBy(query.sort, "p"), " LIMIT $8 OFFSET $9");
  const std::string years = absl::StrCat("{", absl::StrJoin(query.cohorts, ","), "}");
  // The service passes only UUIDs, so the array literal needs no quoting.
  const std::string partner_ids =
      absl::StrCat("{", absl::StrJoin(query.delivery_partner_ids, ","), "}");
  const int64_t since =
      query.updated_since.has_value() ? absl::ToUnixSeconds(*query.updated_since) : 0;
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<std::vector<PartnershipRecord>> {
    pqxx::read_transaction txn(c);
    pqxx::result rows = txn.exec_params(sql, query.lead_provider_id, query.filter_cohorts, years,
                                        query.filter_delivery_partner_ids, partner_ids,
                                        query.updated_since.has_value(), since, query.limit,
                                        query.offset);
    std::vector<PartnershipRecord> records;
    records.reserve(rows.size());
    for (const pqxx::row& row : rows) records.push_back(PartnershipFromRow(row));
    return records;
  });
}

absl::StatusOr<PartnershipRecord> PgPartnershipsStore::GetPartnership(
    const std::string& lead_provider_id, const std::string& id) {
  static const std::string* const kSql =
      new std::string(absl::StrCat(kPartnershipsSql, "AND p.id = $2::uuid"));
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<PartnershipRecord> {
    pqxx::read_transaction txn(c);
    pqxx::result rows = txn.exec_params(*kSql, lead_provider_id, id);
    if (rows.empty()) return absl::NotFoundError("no such partnership");
    return PartnershipFromRow(rows[0]);
  });
}

absl::StatusOr<std::vector<ApiSchoolRecord>> PgPartnershipsStore::ListApiSchools(
    const ApiSchoolQuery& query) {
  const std::string sql = absl::StrCat(
      kApiSchoolsSql,
      "AND ($3::text = '' OR x.urn = $3::text) "
      "AND (NOT $4::boolean OR x.updated_at >= to_timestamp($5::bigint))",
      OrderBy(query.sort, "x"), " LIMIT $6 OFFSET $7");
  const int64_t since =
      query.updated_since.has_value() ? absl::ToUnixSeconds(*query.updated_since) : 0;
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<std::vector<ApiSchoolRecord>> {
    pqxx::read_transaction txn(c);
    pqxx::result rows =
        txn.exec_params(sql, query.lead_provider_id, query.cohort, query.urn,
                        query.updated_since.has_value(), since, query.limit, query.offset);
    std::vector<ApiSchoolRecord> records;
    records.reserve(rows.size());
    for (const pqxx::row& row : rows) records.push_back(ApiSchoolFromRow(row));
    return records;
  });
}

absl::StatusOr<ApiSchoolRecord> PgPartnershipsStore::GetApiSchool(
    const std::string& lead_provider_id, int cohort, const std::string& id) {
  static const std::string* const kSql =
      new std::string(absl::StrCat(kApiSchoolsSql, "AND x.id = $3::uuid"));
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<ApiSchoolRecord> {
    pqxx::read_transaction txn(c);
    pqxx::result rows = txn.exec_params(*kSql, lead_provider_id, cohort, id);
    if (rows.empty()) return absl::NotFoundError("no such school in that cohort");
    return ApiSchoolFromRow(rows[0]);
  });
}

}  // namespace rect::partnerships
