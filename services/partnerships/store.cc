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

}  // namespace rect::partnerships
