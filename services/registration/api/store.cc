#include "services/registration/api/store.h"

#include <map>
#include <set>
#include <pqxx/pqxx>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/status.h"
#include "services/common/tokens.h"
#include "services/registration/api/participant_status.h"

namespace rect::registration::api {
namespace {

// Every training period of the provider ($1) with its person, role and school period; `latest`
// keeps the latest-started partnership period per person and role (the API's enrolment).
constexpr char kProviderPeriods[] = R"sql(
provider_periods AS (
  SELECT t.id, e.teacher_id, 'ect'::text AS course, e.school_urn, e.email::text AS email,
         e.working_pattern::text AS working_pattern, e.id AS school_period_id, t.started_on,
         t.finished_on, t.contract_period_year, t.schedule_id, t.delivery_partner_id,
         t.school_partnership_id, t.withdrawn_at, t.withdrawal_reason::text AS withdrawal_reason,
         t.deferred_at, t.deferral_reason::text AS deferral_reason, t.created_at
    FROM training_periods t JOIN ect_at_school_periods e ON e.id = t.ect_at_school_period_id
   WHERE t.lead_provider_id = $1
  UNION ALL
  SELECT t.id, m.teacher_id, 'mentor'::text, m.school_urn, m.email::text, NULL::text, m.id,
         t.started_on, t.finished_on, t.contract_period_year, t.schedule_id,
         t.delivery_partner_id, t.school_partnership_id, t.withdrawn_at,
         t.withdrawal_reason::text, t.deferred_at, t.deferral_reason::text, t.created_at
    FROM training_periods t JOIN mentor_at_school_periods m ON m.id = t.mentor_at_school_period_id
   WHERE t.lead_provider_id = $1),
latest AS (
  SELECT DISTINCT ON (teacher_id, course) * FROM provider_periods
   WHERE school_partnership_id IS NOT NULL
   ORDER BY teacher_id, course, started_on DESC, created_at DESC)
)sql";

constexpr char kTrainingStatusSql[] =
    "CASE WHEN l.withdrawn_at IS NOT NULL AND (l.deferred_at IS NULL "
    "OR l.withdrawn_at >= l.deferred_at) THEN 'withdrawn' "
    "WHEN l.deferred_at IS NOT NULL THEN 'deferred' ELSE 'active' END";

constexpr char kBillable[] =
    "payment_status IN ('no_payment', 'eligible', 'payable', 'paid') "
    "AND clawback_status = 'no_clawback'";

std::string Epoch(absl::string_view column) {
  return absl::StrCat("floor(extract(epoch FROM ", column, "))::bigint");
}

std::string IntArray(const std::vector<int>& values) {
  return absl::StrCat("{", absl::StrJoin(values, ","), "}");
}
// Callers pass only UUIDs, so the literal needs no quoting.
std::string UuidArray(const std::vector<std::string>& values) {
  return absl::StrCat("{", absl::StrJoin(values, ","), "}");
}

std::string OrderBy(const std::vector<Sort>& sort, absl::string_view table) {
  std::vector<std::string> terms;
  for (const Sort& s : sort) {
    terms.push_back(absl::StrCat(table, s.by_updated_at ? ".updated_at" : ".created_at",
                                 s.descending ? " DESC" : " ASC"));
  }
  if (terms.empty()) terms.push_back(absl::StrCat(table, ".created_at ASC"));
  terms.push_back(absl::StrCat(table, ".id ASC"));
  return absl::StrCat(" ORDER BY ", absl::StrJoin(terms, ", "));
}

absl::CivilDay LondonDay(absl::Time time) { return absl::ToCivilDay(time, LondonTimeZone()); }

std::string DayText(absl::CivilDay day) { return absl::FormatCivilTime(day); }

std::optional<absl::CivilDay> DayOf(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  absl::CivilDay day;
  if (!absl::ParseCivilTime(field.as<std::string>(), &day)) return std::nullopt;
  return day;
}

std::optional<absl::Time> TimeOf(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return absl::FromUnixSeconds(field.as<int64_t>());
}

std::string TextOf(const pqxx::field& field) {
  return field.is_null() ? std::string() : field.as<std::string>();
}

void SetTime(common::v1::Timestamp* out, absl::Time time) {
  out->set_seconds(absl::ToUnixSeconds(time));
}

void SetDay(common::v1::Date* out, absl::CivilDay day) {
  out->set_year(static_cast<int32_t>(day.year()));
  out->set_month(day.month());
  out->set_day(day.day());
}

// ---------------------------------------------------------------------------------------------
// Declarations

std::string DeclarationColumns() {
  return absl::StrCat(
      "d.id, d.teacher_id, d.declaration_type, ", Epoch("d.declaration_date"), ", d.course, ",
      "d.payment_status, d.clawback_status, ", Epoch("d.updated_at"), ", ", Epoch("d.created_at"),
      ", d.delivery_partner_id, d.payment_statement_id, d.clawback_statement_id, "
      "d.mentor_teacher_id, (d.payment_status = 'paid' OR d.clawback_status <> 'no_clawback') "
      "AND (d.pupil_premium_uplift OR d.sparsity_uplift), d.evidence_type, d.lead_provider_id, "
      "d.contract_period_year, coalesce(n.name, '')");
}

v1::Declaration DeclarationFromRow(const pqxx::row& row) {
  v1::Declaration d;
  d.set_id(row[0].as<std::string>());
  d.set_participant_id(row[1].as<std::string>());
  d.set_declaration_type(row[2].as<std::string>());
  SetTime(d.mutable_declaration_date(), absl::FromUnixSeconds(row[3].as<int64_t>()));
  d.set_course_identifier(std::string(
      CourseIdentifier(row[4].as<std::string>() == "ect" ? Course::kEct : Course::kMentor)));
  const std::string payment = row[5].as<std::string>();
  d.set_state(DeclarationState(payment, row[6].as<std::string>()));
  SetTime(d.mutable_updated_at(), absl::FromUnixSeconds(row[7].as<int64_t>()));
  SetTime(d.mutable_created_at(), absl::FromUnixSeconds(row[8].as<int64_t>()));
  d.set_delivery_partner_id(TextOf(row[9]));
  if (payment != "voided") d.set_statement_id(TextOf(row[10]));
  d.set_clawback_statement_id(TextOf(row[11]));
  d.set_mentor_id(TextOf(row[12]));
  d.set_uplift_paid(row[13].as<bool>());
  d.set_evidence_held(TextOf(row[14]));
  d.set_lead_provider_id(row[15].as<std::string>());
  d.set_cohort(row[16].as<int>());
  d.set_lead_provider_name(row[17].as<std::string>());
  return d;
}

// Declarations the provider ($1) sees (§5.9): its own, and other providers' billable ones for
// people it trains, dated no later than the end of its latest period in that role.
std::string VisibleDeclarationsSql() {
  return absl::StrCat(
      "WITH ", kProviderPeriods,
      ", latest_any AS (SELECT DISTINCT ON (teacher_id, course) teacher_id, course, finished_on "
      "FROM provider_periods ORDER BY teacher_id, course, started_on DESC, created_at DESC) "
      "SELECT ",
      DeclarationColumns(),
      " FROM declarations d LEFT JOIN lead_provider_names n ON n.id = d.lead_provider_id "
      // At most one latest period per person and course: a join (hashed once), not a
      // subquery run again for every other provider's declaration.
      "LEFT JOIN latest_any l ON l.teacher_id = d.teacher_id AND l.course = d.course "
      "WHERE (d.lead_provider_id = $1 OR (d.",
      kBillable,
      " AND l.teacher_id IS NOT NULL AND (l.finished_on IS NULL OR d.declaration_date < "
      "((l.finished_on + 1)::timestamp AT TIME ZONE 'Europe/London')))) ");
}

absl::StatusOr<v1::Declaration> ReadDeclaration(pqxx::transaction_base& txn,
                                                const std::string& lead_provider_id,
                                                const std::string& id) {
  pqxx::result rows = txn.exec_params(absl::StrCat(VisibleDeclarationsSql(), "AND d.id = $2::uuid"),
                                      lead_provider_id, id);
  if (rows.empty()) return absl::NotFoundError("no such declaration");
  return DeclarationFromRow(rows[0]);
}

// The provider's open output statement for `cohort` with the earliest deadline from `today`.
std::optional<std::string> NextStatement(pqxx::transaction_base& txn,
                                         const std::string& lead_provider_id, int cohort,
                                         absl::CivilDay today) {
  pqxx::result rows = txn.exec_params(
      "SELECT id FROM statements WHERE lead_provider_id = $1::uuid "
      "AND contract_period_year = $2 AND output_fee AND status = 'open' "
      "AND deadline_date >= $3::date ORDER BY deadline_date, id LIMIT 1",
      lead_provider_id, cohort, DayText(today));
  if (rows.empty()) return std::nullopt;
  return rows[0][0].as<std::string>();
}

// The caller's latest-started training period in a role, with what the insert needs.
struct TrainingRow {
  std::string id;
  std::string school_period_id;
  std::string delivery_partner_id;
  std::optional<std::string> schedule_id;
  absl::CivilDay started_on;
  std::optional<absl::CivilDay> finished_on;
};

constexpr char kRolePeriodsSql[] = R"sql(
  SELECT t.id, coalesce(t.ect_at_school_period_id, t.mentor_at_school_period_id),
         t.delivery_partner_id, t.schedule_id, t.started_on::text, t.finished_on::text,
         t.contract_period_year, )sql";

}  // namespace

std::string RequestDigest(const std::string& lead_provider_id, const DeclarationAttributes& a) {
  // Length-prefixed fields, so no two bodies share a digest by shifting text between fields.
  std::string canonical;
  for (const std::string* field : {&lead_provider_id, &a.participant_id, &a.course_identifier,
                                   &a.declaration_type, &a.declaration_date, &a.evidence_held}) {
    absl::StrAppend(&canonical, field->size(), ":", *field, ";");
  }
  return absl::BytesToHexString(Sha256(canonical));
}

absl::StatusOr<std::vector<v1::Declaration>> LeadProviderApiStore::ListDeclarations(
    const DeclarationQuery& query) {
  const std::string sql =
      absl::StrCat(VisibleDeclarationsSql(),
                   "AND (NOT $2::boolean OR d.contract_period_year = ANY($3::int[])) "
                   "AND (NOT $4::boolean OR d.teacher_id = ANY($5::uuid[])) "
                   "AND (NOT $6::boolean OR d.delivery_partner_id = ANY($7::uuid[])) "
                   "AND (NOT $8::boolean OR d.updated_at >= to_timestamp($9::bigint)) "
                   "ORDER BY d.created_at, d.id LIMIT $10 OFFSET $11");
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<std::vector<v1::Declaration>> {
    pqxx::read_transaction txn(c);
    pqxx::result rows = txn.exec_params(
        sql, query.lead_provider_id, query.cohorts.has_value(),
        IntArray(query.cohorts.value_or(std::vector<int>())), query.participant_ids.has_value(),
        UuidArray(query.participant_ids.value_or(std::vector<std::string>())),
        query.delivery_partner_ids.has_value(),
        UuidArray(query.delivery_partner_ids.value_or(std::vector<std::string>())),
        query.updated_since.has_value(),
        query.updated_since.has_value() ? absl::ToUnixSeconds(*query.updated_since) : 0,
        query.page.limit, query.page.offset);
    std::vector<v1::Declaration> declarations;
    declarations.reserve(rows.size());
    for (const pqxx::row& row : rows) declarations.push_back(DeclarationFromRow(row));
    return declarations;
  });
}

absl::StatusOr<v1::Declaration> LeadProviderApiStore::GetDeclaration(
    const std::string& lead_provider_id, const std::string& id) {
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<v1::Declaration> {
    pqxx::read_transaction txn(c);
    return ReadDeclaration(txn, lead_provider_id, id);
  });
}

absl::StatusOr<DeclarationWrite> LeadProviderApiStore::CreateDeclaration(
    const std::string& lead_provider_id, const DeclarationAttributes& attributes, absl::Time now) {
  const std::string digest = RequestDigest(lead_provider_id, attributes);
  const absl::CivilDay today = LondonDay(now);
  const std::optional<Course> course = CourseFromIdentifier(attributes.course_identifier);
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<DeclarationWrite> {
    DeclarationFacts facts;
    const std::string& participant_id = attributes.participant_id;
    if (IsUuid(participant_id)) {
      facts.participant_known =
          !txn.exec_params("SELECT 1 FROM teachers WHERE id = $1::uuid", participant_id).empty();
    }
    std::optional<TrainingRow> training_row;
    if (facts.participant_known && course.has_value()) {
      const std::string role = std::string(CourseName(*course));
      // One writer per person and role at a time: the rules read what concurrent writes
      // would change, and twins of one request must find each other.
      txn.exec_params("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                      absl::StrCat("declaration:", participant_id, ":", role));
      pqxx::result repeat = txn.exec_params(
          absl::StrCat("SELECT id FROM declarations WHERE lead_provider_id = $1::uuid "
                       "AND request_digest = $2 AND ",
                       kBillable),
          lead_provider_id, digest);
      if (!repeat.empty()) {
        DeclarationWrite write;
        ASSIGN_OR_RETURN(write.declaration,
                         ReadDeclaration(txn, lead_provider_id, repeat[0][0].as<std::string>()));
        return write;
      }
      const std::string school_period_column =
          *course == Course::kEct ? "ect_at_school_period_id" : "mentor_at_school_period_id";
      const std::string school_periods_table =
          *course == Course::kEct ? "ect_at_school_periods" : "mentor_at_school_periods";
      pqxx::result periods = txn.exec_params(
          absl::StrCat(kRolePeriodsSql, Epoch("t.withdrawn_at"), " FROM training_periods t JOIN ",
                       school_periods_table, " p ON p.id = t.", school_period_column,
                       " WHERE p.teacher_id = $1::uuid AND t.lead_provider_id = $2::uuid "
                       "ORDER BY t.started_on DESC, t.created_at DESC LIMIT 1"),
          participant_id, lead_provider_id);
      if (!periods.empty()) {
        const pqxx::row& row = periods[0];
        TrainingRow tr{row[0].as<std::string>(), row[1].as<std::string>(),
                       TextOf(row[2]),           std::nullopt,
                       *DayOf(row[4]),           DayOf(row[5])};
        if (!row[3].is_null()) tr.schedule_id = row[3].as<std::string>();
        ProviderTraining training;
        training.cohort = row[6].as<int>();
        training.withdrawn_at = TimeOf(row[7]);
        if (tr.schedule_id.has_value()) {
          for (const pqxx::row& m :
               txn.exec_params("SELECT declaration_type, start_date::text, milestone_date::text "
                               "FROM milestones WHERE schedule_id = $1::uuid",
                               *tr.schedule_id)) {
            training.milestones[m[0].as<std::string>()] = Milestone{*DayOf(m[1]), DayOf(m[2])};
          }
        }
        facts.training = std::move(training);
        training_row = std::move(tr);
      }
      facts.trains_with_provider =
          training_row.has_value() ||
          !txn.exec_params(
                  "SELECT 1 FROM training_periods t "
                  "LEFT JOIN ect_at_school_periods e ON e.id = t.ect_at_school_period_id "
                  "LEFT JOIN mentor_at_school_periods m ON m.id = t.mentor_at_school_period_id "
                  "WHERE t.lead_provider_id = $2::uuid "
                  "AND coalesce(e.teacher_id, m.teacher_id) = $1::uuid LIMIT 1",
                  participant_id, lead_provider_id)
               .empty();
      for (const pqxx::row& row : txn.exec_params(
               absl::StrCat("SELECT declaration_type, ", Epoch("declaration_date"),
                            " FROM declarations WHERE teacher_id = $1::uuid AND course = $2 AND ",
                            kBillable),
               participant_id, role)) {
        facts.billable.push_back(
            {row[0].as<std::string>(), absl::FromUnixSeconds(row[1].as<int64_t>())});
      }
      pqxx::result covering = txn.exec_params(
          absl::StrCat("SELECT t.contract_period_year FROM training_periods t JOIN ",
                       school_periods_table, " p ON p.id = t.", school_period_column,
                       " WHERE p.teacher_id = $1::uuid AND t.training_programme = 'provider_led' "
                       "AND t.started_on <= $2::date "
                       "AND (t.finished_on IS NULL OR t.finished_on >= $2::date) LIMIT 1"),
          participant_id, DayText(today));
      if (!covering.empty()) facts.cohort_covering_today = covering[0][0].as<int>();
      if (*course == Course::kEct) {
        facts.funding_eligible =
            txn.exec_params(
                   "SELECT ect_first_became_eligible_for_training_at IS NOT NULL "
                   "FROM teachers WHERE id = $1::uuid",
                   participant_id)[0][0]
                .as<bool>();
      }
    } else if (facts.participant_known) {
      facts.trains_with_provider = true;  // rule 17 waits for a valid course
    }
    std::optional<std::string> statement_id;
    if (facts.training.has_value()) {
      statement_id = NextStatement(txn, lead_provider_id, facts.training->cohort, today);
      facts.open_statement_available = statement_id.has_value();
    }

    DeclarationDecision decision = EvaluateDeclaration(attributes, facts, now);
    DeclarationWrite write;
    if (!decision.accepted.has_value()) {
      write.errors = std::move(decision.errors);
      return write;
    }
    const AcceptedDeclaration& accepted = *decision.accepted;
    const int64_t declared_at = absl::ToUnixSeconds(accepted.declaration_date);
    // The ECT's mentor: the mentorship closest to the declaration date.
    std::optional<std::string> mentor_id;
    if (accepted.course == Course::kEct) {
      pqxx::result mentor = txn.exec_params(
          "SELECT mentor_teacher_id FROM mentorship_periods "
          "WHERE ect_at_school_period_id = $1::uuid ORDER BY CASE "
          "WHEN started_on <= $2::date AND (finished_on IS NULL OR finished_on >= $2::date) "
          "THEN 0 WHEN started_on > $2::date THEN started_on - $2::date "
          "ELSE $2::date - finished_on END, started_on DESC LIMIT 1",
          training_row->school_period_id, DayText(LondonDay(accepted.declaration_date)));
      if (!mentor.empty()) mentor_id = mentor[0][0].as<std::string>();
    }
    const std::optional<std::string> payment_statement =
        accepted.eligible ? statement_id : std::nullopt;
    pqxx::result inserted = txn.exec_params(
        "INSERT INTO declarations (teacher_id, training_period_id, lead_provider_id, "
        "delivery_partner_id, contract_period_year, course, declaration_type, declaration_date, "
        "evidence_type, payment_status, payment_statement_id, mentor_teacher_id, "
        "request_digest, created_at, updated_at) VALUES ($1::uuid, $2::uuid, $3::uuid, "
        "NULLIF($4, '')::uuid, $5, $6, $7, to_timestamp($8::bigint), NULLIF($9, ''), $10, "
        "$11::uuid, $12::uuid, $13, to_timestamp($14::bigint), to_timestamp($14::bigint)) "
        "RETURNING id",
        participant_id, training_row->id, lead_provider_id, training_row->delivery_partner_id,
        facts.training->cohort, std::string(CourseName(accepted.course)), accepted.declaration_type,
        declared_at, accepted.evidence_held, accepted.eligible ? "eligible" : "no_payment",
        payment_statement, mentor_id, digest, absl::ToUnixSeconds(now));
    const std::string id = inserted[0][0].as<std::string>();
    // A mentor's completed declaration ends their funding and their open training with us.
    if (accepted.course == Course::kMentor && accepted.declaration_type == "completed") {
      const std::string day = DayText(LondonDay(accepted.declaration_date));
      txn.exec_params(
          "UPDATE teachers SET mentor_became_ineligible_for_funding_on = $2::date, "
          "mentor_became_ineligible_for_funding_reason = 'completed_declaration_received', "
          "updated_at = to_timestamp($3::bigint) "
          "WHERE id = $1::uuid AND mentor_became_ineligible_for_funding_on IS NULL",
          participant_id, day, absl::ToUnixSeconds(now));
      txn.exec_params(
          "UPDATE training_periods SET finished_on = greatest(started_on, $2::date), "
          "updated_at = to_timestamp($3::bigint) WHERE id = $1::uuid AND finished_on IS NULL",
          training_row->id, day, absl::ToUnixSeconds(now));
    }
    ASSIGN_OR_RETURN(write.declaration, ReadDeclaration(txn, lead_provider_id, id));
    return write;
  });
}

absl::StatusOr<DeclarationWrite> LeadProviderApiStore::VoidDeclaration(
    const std::string& lead_provider_id, const std::string& id, absl::Time now) {
  const absl::CivilDay today = LondonDay(now);
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<DeclarationWrite> {
    pqxx::result rows = txn.exec_params(
        "SELECT payment_status, clawback_status, contract_period_year, course, declaration_type, "
        "teacher_id, training_period_id, "
        "(declaration_date AT TIME ZONE 'Europe/London')::date::text "
        "FROM declarations WHERE id = $1::uuid AND lead_provider_id = $2::uuid FOR UPDATE",
        id, lead_provider_id);
    if (rows.empty()) return absl::NotFoundError("no such declaration");
    const pqxx::row& row = rows[0];
    VoidFacts facts{row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<int>(), false};
    std::optional<std::string> clawback_statement;
    if (facts.payment_status == "paid") {
      clawback_statement = NextStatement(txn, lead_provider_id, facts.cohort, today);
      facts.clawback_statement_available = clawback_statement.has_value();
    }
    VoidDecision decision = EvaluateVoid(facts);
    DeclarationWrite write;
    if (!decision.errors.empty()) {
      write.errors = std::move(decision.errors);
      return write;
    }
    const int64_t at = absl::ToUnixSeconds(now);
    if (decision.outcome == VoidOutcome::kAwaitClawback) {
      txn.exec_params(
          "UPDATE declarations SET clawback_status = 'awaiting_clawback', "
          "clawback_statement_id = $2::uuid, updated_at = to_timestamp($3::bigint) "
          "WHERE id = $1::uuid",
          id, *clawback_statement, at);
    } else {
      txn.exec_params(
          "UPDATE declarations SET payment_status = 'voided', voided_at = "
          "to_timestamp($2::bigint), "
          "updated_at = to_timestamp($2::bigint) WHERE id = $1::uuid",
          id, at);
    }
    // Voiding a mentor's only completed declaration restores their funding and training.
    if (row[3].as<std::string>() == "mentor" && row[4].as<std::string>() == "completed") {
      const bool another =
          !txn.exec_params(absl::StrCat("SELECT 1 FROM declarations WHERE teacher_id = "
                                        "$1::uuid AND course = 'mentor' AND "
                                        "declaration_type = 'completed' AND ",
                                        kBillable),
                           row[5].as<std::string>())
               .empty();
      if (!another) {
        txn.exec_params(
            "UPDATE teachers SET mentor_became_ineligible_for_funding_on = NULL, "
            "mentor_became_ineligible_for_funding_reason = NULL, "
            "updated_at = to_timestamp($2::bigint) WHERE id = $1::uuid "
            "AND mentor_became_ineligible_for_funding_reason = 'completed_declaration_received'",
            row[5].as<std::string>(), at);
        txn.exec_params(
            "UPDATE training_periods SET finished_on = NULL, updated_at = to_timestamp($3::bigint) "
            "WHERE id = $1::uuid AND finished_on = greatest(started_on, $2::date) "
            "AND withdrawn_at IS NULL",
            row[6].as<std::string>(), row[7].as<std::string>(), at);
      }
    }
    ASSIGN_OR_RETURN(write.declaration, ReadDeclaration(txn, lead_provider_id, id));
    return write;
  });
}

// ---------------------------------------------------------------------------------------------
// Participants

namespace {

std::string ParticipantColumns() {
  return absl::StrCat(
      "tc.id, coalesce(tc.corrected_name, tc.trs_first_name || ' ' || tc.trs_last_name), "
      "tc.trn, ",
      Epoch("tc.created_at"), ", ", Epoch("tc.updated_at"),
      ", tc.api_ect_training_record_id, tc.api_mentor_training_record_id, ",
      Epoch("tc.ect_first_became_eligible_for_training_at"),
      ", tc.trs_induction_start_date::text, tc.trs_induction_completed_date::text, "
      "tc.mentor_became_ineligible_for_funding_on::text, "
      "tc.mentor_became_ineligible_for_funding_reason::text, "
      "l.course, l.email, l.school_urn, l.working_pattern, l.contract_period_year, "
      "s.identifier, l.delivery_partner_id, ",
      Epoch("l.withdrawn_at"), ", l.withdrawal_reason, ", Epoch("l.deferred_at"),
      ", l.deferral_reason, ", Epoch("l.created_at"),
      ", l.started_on::text, l.finished_on::text, "
      "CASE WHEN l.course = 'ect' THEN (SELECT mp.mentor_teacher_id FROM mentorship_periods mp "
      "WHERE mp.ect_at_school_period_id = l.school_period_id AND mp.started_on <= $3::date "
      "AND (mp.finished_on IS NULL OR mp.finished_on >= $3::date) "
      "ORDER BY mp.started_on DESC LIMIT 1) END, "
      "CASE WHEN l.course = 'ect' THEN tc.ect_payments_frozen_year "
      "ELSE tc.mentor_payments_frozen_year END IS NOT NULL");
}

v1::Enrolment EnrolmentFromRow(const pqxx::row& row, absl::CivilDay today) {
  v1::Enrolment e;
  const bool ect = row[12].as<std::string>() == "ect";
  e.set_training_record_id(ect ? row[5].as<std::string>() : row[6].as<std::string>());
  e.set_email(TextOf(row[13]));
  e.set_school_urn(row[14].as<std::string>());
  e.set_participant_type(ect ? "ect" : "mentor");
  e.set_working_pattern(TextOf(row[15]));
  e.set_cohort(row[16].as<int>());
  e.set_schedule_identifier(TextOf(row[17]));
  e.set_delivery_partner_id(TextOf(row[18]));
  const std::optional<absl::Time> withdrawn_at = TimeOf(row[19]);
  const std::optional<absl::Time> deferred_at = TimeOf(row[21]);
  const std::string status = TrainingStatus(withdrawn_at, deferred_at);
  e.set_training_status(status);
  if (status == "withdrawn") {
    e.mutable_withdrawal()->set_reason(TextOf(row[20]));
    SetTime(e.mutable_withdrawal()->mutable_date(), *withdrawn_at);
  } else if (status == "deferred") {
    e.mutable_deferral()->set_reason(TextOf(row[22]));
    SetTime(e.mutable_deferral()->mutable_date(), *deferred_at);
  }
  SetTime(e.mutable_created_at(), absl::FromUnixSeconds(row[23].as<int64_t>()));
  const absl::CivilDay started_on = *DayOf(row[24]);
  const std::optional<absl::CivilDay> finished_on = DayOf(row[25]);
  const std::optional<absl::CivilDay> induction_completed = DayOf(row[9]);
  const std::optional<absl::CivilDay> mentor_funding_end = DayOf(row[10]);
  const std::string mentor_reason = TextOf(row[11]);
  bool completed = false;
  if (ect) {
    completed = induction_completed.has_value() &&
                (!finished_on.has_value() || *induction_completed <= *finished_on);
    e.set_mentor_id(TextOf(row[26]));
    if (induction_completed.has_value())
      SetDay(e.mutable_induction_end_date(), *induction_completed);
    if (std::optional<absl::CivilDay> start = DayOf(row[8]); start.has_value()) {
      SetDay(e.mutable_overall_induction_start_date(), *start);
    }
    const std::optional<bool> eligible = EligibleForFunding(TimeOf(row[7]), std::nullopt);
    if (eligible.has_value()) e.set_eligible_for_funding(*eligible);
  } else {
    completed = mentor_reason == "completed_declaration_received" &&
                mentor_funding_end.has_value() &&
                (!finished_on.has_value() || *mentor_funding_end <= *finished_on);
    if (mentor_funding_end.has_value())
      SetDay(e.mutable_mentor_funding_end_date(), *mentor_funding_end);
    e.set_mentor_ineligible_for_funding_reason(mentor_reason);
    if (mentor_funding_end.has_value()) e.set_eligible_for_funding(false);
  }
  e.set_participant_status(
      ParticipantStatus(EnrolmentDates{status, started_on, finished_on, completed}, today));
  e.set_cohort_changed_after_payments_frozen(row[27].as<bool>());
  return e;
}

// Loads the participants `ids` (visible to $1) in the given order. The condition on
// l.teacher_id (a DISTINCT ON column of `latest`) lets PostgreSQL narrow the provider's periods
// to those people before choosing each one's latest, instead of choosing for everyone.
std::vector<v1::Participant> LoadParticipants(pqxx::transaction_base& txn,
                                              const std::string& lead_provider_id,
                                              const std::vector<std::string>& ids,
                                              absl::CivilDay today) {
  std::vector<v1::Participant> participants;
  if (ids.empty()) return participants;
  const std::string sql = absl::StrCat("WITH ", kProviderPeriods, " SELECT ", ParticipantColumns(),
                                       " FROM teachers tc JOIN latest l ON l.teacher_id = tc.id "
                                       "LEFT JOIN schedules s ON s.id = l.schedule_id "
                                       "WHERE tc.id = ANY($2::uuid[]) AND l.teacher_id = ANY($2::uuid[]) "
                                       "ORDER BY tc.id, l.course");
  std::map<std::string, v1::Participant> by_id;
  for (const pqxx::row& row :
       txn.exec_params(sql, lead_provider_id, UuidArray(ids), DayText(today))) {
    v1::Participant& p = by_id[row[0].as<std::string>()];
    if (p.id().empty()) {
      p.set_id(row[0].as<std::string>());
      p.set_full_name(row[1].as<std::string>());
      p.set_teacher_reference_number(row[2].as<std::string>());
      SetTime(p.mutable_created_at(), absl::FromUnixSeconds(row[3].as<int64_t>()));
      SetTime(p.mutable_updated_at(), absl::FromUnixSeconds(row[4].as<int64_t>()));
    }
    *p.add_enrolments() = EnrolmentFromRow(row, today);
  }
  for (const std::string& id : ids) {
    auto it = by_id.find(id);
    if (it != by_id.end()) participants.push_back(std::move(it->second));
  }
  return participants;
}

}  // namespace

absl::StatusOr<std::vector<v1::Participant>> LeadProviderApiStore::ListParticipants(
    const ParticipantQuery& query, absl::Time now) {
  const std::string sql = absl::StrCat(
      "WITH ", kProviderPeriods,
      " SELECT tc.id FROM teachers tc "
      "WHERE EXISTS (SELECT 1 FROM latest l WHERE l.teacher_id = tc.id) "
      "AND (NOT $2::boolean OR EXISTS (SELECT 1 FROM latest l WHERE l.teacher_id = tc.id "
      "AND l.contract_period_year = ANY($3::int[]))) "
      "AND (NOT $4::boolean OR tc.updated_at >= to_timestamp($5::bigint)) "
      "AND ($6 = '' OR EXISTS (SELECT 1 FROM latest l WHERE l.teacher_id = tc.id AND ",
      kTrainingStatusSql, " = $6))", OrderBy(query.sort, "tc"), " LIMIT $7 OFFSET $8");
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<std::vector<v1::Participant>> {
    pqxx::read_transaction txn(c);
    std::vector<std::string> ids;
    for (const pqxx::row& row : txn.exec_params(
             sql, query.lead_provider_id, query.cohorts.has_value(),
             IntArray(query.cohorts.value_or(std::vector<int>())), query.updated_since.has_value(),
             query.updated_since.has_value() ? absl::ToUnixSeconds(*query.updated_since) : 0,
             query.training_status, query.page.limit, query.page.offset)) {
      ids.push_back(row[0].as<std::string>());
    }
    return LoadParticipants(txn, query.lead_provider_id, ids, LondonDay(now));
  });
}

absl::StatusOr<v1::Participant> LeadProviderApiStore::GetParticipant(
    const std::string& lead_provider_id, const std::string& id, absl::Time now) {
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<v1::Participant> {
    pqxx::read_transaction txn(c);
    std::vector<v1::Participant> found =
        LoadParticipants(txn, lead_provider_id, {id}, LondonDay(now));
    if (found.empty()) return absl::NotFoundError("no such participant");
    return std::move(found[0]);
  });
}

absl::StatusOr<ParticipantWrite> LeadProviderApiStore::ChangeParticipant(
    const std::string& lead_provider_id, const std::string& id, ParticipantAction action,
    const ActionAttributes& attributes, absl::Time now) {
  const absl::CivilDay today = LondonDay(now);
  const std::optional<Course> course = CourseFromIdentifier(attributes.course_identifier);
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<ParticipantWrite> {
    pqxx::result visible =
        txn.exec_params(absl::StrCat("WITH ", kProviderPeriods,
                                     " SELECT 1 FROM latest WHERE teacher_id = $2::uuid"),
                        lead_provider_id, id);
    if (visible.empty()) return absl::NotFoundError("no such participant");
    ActionFacts facts;
    std::optional<std::string> training_id;
    if (course.has_value()) {
      // The latest partnership training with the caller in the role, locked for the change.
      const bool ect = *course == Course::kEct;
      const std::string column = ect ? "ect_at_school_period_id" : "mentor_at_school_period_id";
      const std::string table = ect ? "ect_at_school_periods" : "mentor_at_school_periods";
      pqxx::result rows = txn.exec_params(
          absl::StrCat("SELECT t.id, t.started_on::text, t.finished_on::text, ",
                       Epoch("t.withdrawn_at"), ", ", Epoch("t.deferred_at"), ", t.", column,
                       ", p.started_on <= $3::date AND (p.finished_on IS NULL OR p.finished_on "
                       ">= $3::date) FROM training_periods t JOIN ",
                       table, " p ON p.id = t.", column,
                       " WHERE p.teacher_id = $1::uuid AND t.lead_provider_id = $2::uuid "
                       "AND t.school_partnership_id IS NOT NULL "
                       "ORDER BY t.started_on DESC, t.created_at DESC LIMIT 1 FOR UPDATE OF t"),
          id, lead_provider_id, DayText(today));
      if (!rows.empty()) {
        const pqxx::row& row = rows[0];
        training_id = row[0].as<std::string>();
        facts.training =
            ActionTraining{*DayOf(row[1]), DayOf(row[2]), TimeOf(row[3]), TimeOf(row[4])};
        facts.at_school_today = row[6].as<bool>();
        facts.other_training_covers_today =
            !txn.exec_params(absl::StrCat("SELECT 1 FROM training_periods WHERE ", column,
                                          " = $1::uuid AND id <> $2::uuid "
                                          "AND started_on <= $3::date AND (finished_on IS NULL "
                                          "OR finished_on >= $3::date)"),
                             row[5].as<std::string>(), *training_id, DayText(today))
                 .empty();
      }
    }
    ParticipantWrite write;
    write.errors = EvaluateParticipantAction(action, attributes, facts, today);
    if (!write.errors.empty()) return write;
    const int64_t at = absl::ToUnixSeconds(now);
    switch (action) {
      case ParticipantAction::kWithdraw:
        txn.exec_params(
            "UPDATE training_periods SET withdrawn_at = to_timestamp($2::bigint), "
            "withdrawal_reason = $3::withdrawal_reason, "
            "finished_on = least(coalesce(finished_on, $4::date), $4::date), "
            "updated_at = to_timestamp($2::bigint) WHERE id = $1::uuid",
            *training_id, at, attributes.reason, DayText(today));
        break;
      case ParticipantAction::kDefer:
        txn.exec_params(
            "UPDATE training_periods SET deferred_at = to_timestamp($2::bigint), "
            "deferral_reason = $3::deferral_reason, "
            "finished_on = least(coalesce(finished_on, $4::date), $4::date), "
            "updated_at = to_timestamp($2::bigint) WHERE id = $1::uuid",
            *training_id, at, attributes.reason, DayText(today));
        break;
      case ParticipantAction::kResume:
        // A new period from today with the same provider, partnership and schedule, lasting
        // as long as the person stays at the school.
        txn.exec_params(
            "INSERT INTO training_periods (ect_at_school_period_id, mentor_at_school_period_id, "
            "started_on, finished_on, training_programme, lead_provider_id, contract_period_year, "
            "school_partnership_id, expression_of_interest_id, schedule_id, delivery_partner_id, "
            "created_at, updated_at) "
            "SELECT t.ect_at_school_period_id, t.mentor_at_school_period_id, $2::date, "
            "coalesce(e.finished_on, m.finished_on), t.training_programme, t.lead_provider_id, "
            "t.contract_period_year, t.school_partnership_id, t.expression_of_interest_id, "
            "t.schedule_id, t.delivery_partner_id, to_timestamp($3::bigint), "
            "to_timestamp($3::bigint) FROM training_periods t "
            "LEFT JOIN ect_at_school_periods e ON e.id = t.ect_at_school_period_id "
            "LEFT JOIN mentor_at_school_periods m ON m.id = t.mentor_at_school_period_id "
            "WHERE t.id = $1::uuid",
            *training_id, DayText(today), at);
        break;
    }
    txn.exec_params("UPDATE teachers SET updated_at = to_timestamp($2::bigint) WHERE id = $1::uuid",
                    id, at);
    std::vector<v1::Participant> participants =
        LoadParticipants(txn, lead_provider_id, {id}, today);
    if (participants.empty()) return absl::NotFoundError("no such participant");
    write.participant = std::move(participants[0]);
    return write;
  });
}

absl::StatusOr<ParticipantWrite> LeadProviderApiStore::ChangeSchedule(
    const std::string& lead_provider_id, const std::string& id,
    const ScheduleChangeAttributes& attributes, SchoolPartnerships* partnerships,
    absl::Time now) {
  const absl::CivilDay today = LondonDay(now);
  const std::optional<Course> course = CourseFromIdentifier(attributes.course_identifier);
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<ParticipantWrite> {
    pqxx::result visible =
        txn.exec_params(absl::StrCat("WITH ", kProviderPeriods,
                                     " SELECT 1 FROM latest WHERE teacher_id = $2::uuid"),
                        lead_provider_id, id);
    if (visible.empty()) return absl::NotFoundError("no such participant");
    std::map<int, bool> frozen_by_year;
    for (const pqxx::row& row : txn.exec("SELECT year, payments_frozen FROM contract_periods")) {
      frozen_by_year[row[0].as<int>()] = row[1].as<bool>();
    }
    const auto known_year = [&](int year) { return frozen_by_year.count(year) > 0; };

    ScheduleChangeFacts facts;
    struct Current {
      std::string id;
      std::string school_period_id;
      std::string school_urn;
      std::string delivery_partner_id;
      std::string school_partnership_id;
    };
    std::optional<Current> current;
    const bool ect = course == Course::kEct;
    const std::string column = ect ? "ect_at_school_period_id" : "mentor_at_school_period_id";
    const std::string table = ect ? "ect_at_school_periods" : "mentor_at_school_periods";
    if (course.has_value()) {
      // Declarations of the person in the role wait (CreateDeclaration takes the same lock),
      // so the ones checked against the new schedule are all there are.
      txn.exec_params("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                      absl::StrCat("declaration:", id, ":", CourseName(*course)));
      // The latest partnership training with the caller in the role, locked for the change.
      const std::string completed =
          ect ? "tc.trs_induction_completed_date IS NOT NULL AND (t.finished_on IS NULL OR "
                "tc.trs_induction_completed_date <= t.finished_on)"
              : "tc.mentor_became_ineligible_for_funding_reason = "
                "'completed_declaration_received' AND (t.finished_on IS NULL OR "
                "tc.mentor_became_ineligible_for_funding_on <= t.finished_on)";
      pqxx::result rows = txn.exec_params(
          absl::StrCat("SELECT t.id, t.started_on::text, t.finished_on::text, ",
                       Epoch("t.withdrawn_at"), ", ", Epoch("t.deferred_at"), ", t.", column,
                       ", t.contract_period_year, s.identifier, t.delivery_partner_id, "
                       "t.school_partnership_id, p.school_urn, ",
                       completed, ", tc.", ect ? "ect" : "mentor",
                       "_payments_frozen_year FROM training_periods t JOIN ", table,
                       " p ON p.id = t.", column,
                       " JOIN teachers tc ON tc.id = p.teacher_id "
                       "JOIN schedules s ON s.id = t.schedule_id "
                       "WHERE p.teacher_id = $1::uuid AND t.lead_provider_id = $2::uuid "
                       "AND t.school_partnership_id IS NOT NULL "
                       "ORDER BY t.started_on DESC, t.created_at DESC LIMIT 1 FOR UPDATE OF t"),
          id, lead_provider_id);
      if (!rows.empty()) {
        const pqxx::row& row = rows[0];
        current = Current{row[0].as<std::string>(), row[5].as<std::string>(),
                          row[10].as<std::string>(), TextOf(row[8]), row[9].as<std::string>()};
        facts.training = ScheduleTraining{*DayOf(row[1]),       DayOf(row[2]),
                                          TimeOf(row[3]),       TimeOf(row[4]),
                                          row[6].as<int>(),     row[7].as<std::string>(),
                                          row[11].as<bool>()};
        if (!row[12].is_null()) facts.payments_frozen_year = row[12].as<int>();
        facts.later_training_exists =
            !txn.exec_params(absl::StrCat("SELECT 1 FROM training_periods t JOIN ", table,
                                          " p ON p.id = t.", column,
                                          " WHERE p.teacher_id = $1::uuid "
                                          "AND t.started_on > $2::date LIMIT 1"),
                             id, DayText(facts.training->started_on))
                 .empty();
      }
    }
    const int current_cohort = facts.training.has_value() ? facts.training->cohort : 0;
    facts.target_cohort = TargetCohort(attributes.cohort, current_cohort, known_year);
    facts.target_cohort_frozen =
        known_year(facts.target_cohort) && frozen_by_year[facts.target_cohort];
    std::optional<std::string> schedule_id;
    if (IsScheduleIdentifier(attributes.schedule_identifier)) {
      pqxx::result schedule = txn.exec_params(
          "SELECT id FROM schedules WHERE contract_period_year = $1 AND identifier = $2",
          facts.target_cohort, attributes.schedule_identifier);
      if (!schedule.empty()) schedule_id = schedule[0][0].as<std::string>();
    }
    facts.target_schedule_exists = schedule_id.has_value();
    if (facts.training.has_value() && schedule_id.has_value() &&
        facts.training->started_on >= today) {
      std::map<std::string, Milestone> milestones;
      for (const pqxx::row& m :
           txn.exec_params("SELECT declaration_type, start_date::text, milestone_date::text "
                           "FROM milestones WHERE schedule_id = $1::uuid",
                           *schedule_id)) {
        milestones[m[0].as<std::string>()] = Milestone{*DayOf(m[1]), DayOf(m[2])};
      }
      std::vector<PeriodDeclaration> declarations;
      for (const pqxx::row& d : txn.exec_params(
               absl::StrCat("SELECT declaration_type, ", Epoch("declaration_date"),
                            " FROM declarations WHERE training_period_id = $1::uuid AND ",
                            kBillable),
               current->id)) {
        declarations.push_back(
            {d[0].as<std::string>(), absl::FromUnixSeconds(d[1].as<int64_t>())});
      }
      facts.declarations_fit_target_schedule = DeclarationsFitSchedule(declarations, milestones);
    }
    std::optional<SchoolPartnership> partnership;
    const bool changing_cohort =
        facts.training.has_value() && facts.target_cohort != facts.training->cohort;
    if (changing_cohort) {
      if (partnerships == nullptr) {
        return absl::UnavailableError("the partnerships service is not configured");
      }
      absl::StatusOr<std::optional<SchoolPartnership>> found = partnerships->Find(
          lead_provider_id, current->school_urn, facts.target_cohort, current->delivery_partner_id);
      if (!found.ok()) return found.status();
      partnership = *found;
      facts.partnership_in_target_cohort = partnership.has_value();
    }

    ParticipantWrite write;
    write.errors = EvaluateScheduleChange(attributes, facts, today);
    if (!write.errors.empty()) return write;

    const int64_t at = absl::ToUnixSeconds(now);
    const std::string partnership_id =
        partnership.has_value() ? partnership->id : current->school_partnership_id;
    const std::string delivery_partner_id =
        partnership.has_value() ? partnership->delivery_partner_id : current->delivery_partner_id;
    if (changing_cohort) {
      // Leaving a frozen cohort records it (the only frozen cohort they may return to);
      // entering one clears it.
      const std::string frozen_column =
          ect ? "ect_payments_frozen_year" : "mentor_payments_frozen_year";
      if (frozen_by_year[facts.training->cohort]) {
        txn.exec_params(absl::StrCat("UPDATE teachers SET ", frozen_column,
                                     " = $2 WHERE id = $1::uuid"),
                        id, facts.training->cohort);
      } else if (facts.target_cohort_frozen) {
        txn.exec_params(absl::StrCat("UPDATE teachers SET ", frozen_column,
                                     " = NULL WHERE id = $1::uuid"),
                        id);
      }
    }
    std::string changed_period = current->id;
    if (facts.training->started_on < today) {
      // The period so far ends yesterday; the new one runs from today to the old end.
      txn.exec_params(
          "UPDATE training_periods SET finished_on = $2::date, updated_at = "
          "to_timestamp($3::bigint) WHERE id = $1::uuid",
          current->id, DayText(today - 1), at);
      changed_period = txn.exec_params(
          "INSERT INTO training_periods (ect_at_school_period_id, mentor_at_school_period_id, "
          "started_on, finished_on, training_programme, lead_provider_id, contract_period_year, "
          "school_partnership_id, schedule_id, delivery_partner_id, created_at, updated_at) "
          "SELECT ect_at_school_period_id, mentor_at_school_period_id, $2::date, $7::date, "
          "training_programme, lead_provider_id, $3, $4::uuid, $5::uuid, NULLIF($6, '')::uuid, "
          "to_timestamp($8::bigint), to_timestamp($8::bigint) FROM training_periods "
          "WHERE id = $1::uuid RETURNING id",
          current->id, DayText(today), facts.target_cohort, partnership_id, *schedule_id,
          delivery_partner_id,
          facts.training->finished_on.has_value()
              ? std::optional<std::string>(DayText(*facts.training->finished_on))
              : std::nullopt,
          at)[0][0]
                           .as<std::string>();
    } else {
      txn.exec_params(
          "UPDATE training_periods SET contract_period_year = $2, schedule_id = $3::uuid, "
          "school_partnership_id = $4::uuid, delivery_partner_id = NULLIF($5, '')::uuid, "
          "expression_of_interest_id = CASE WHEN expression_of_interest_id IS NULL THEN NULL "
          "ELSE (SELECT a.id FROM active_lead_providers a WHERE a.lead_provider_id = "
          "$6::uuid AND a.contract_period_year = $2) END, "
          "updated_at = to_timestamp($7::bigint) WHERE id = $1::uuid",
          current->id, facts.target_cohort, *schedule_id, partnership_id, delivery_partner_id,
          lead_provider_id, at);
    }
    txn.exec_params(
        "INSERT INTO events (event_type, heading, happened_at, author_type, teacher_id, "
        "school_urn, training_period_id, lead_provider_id, school_partnership_id, metadata) "
        "VALUES ('teacher_schedule_changed', $1, to_timestamp($2::bigint), 'lead_provider_api', "
        "$3::uuid, $4, $5::uuid, $6::uuid, $7::uuid, jsonb_build_object('from_schedule', "
        "$8::text, 'from_cohort', $9::int, 'to_schedule', $10::text, 'to_cohort', $11::int))",
        absl::StrCat("Schedule changed to ", attributes.schedule_identifier, " (",
                     facts.target_cohort, ")"),
        at, id, current->school_urn, changed_period, lead_provider_id, partnership_id,
        facts.training->schedule_identifier, facts.training->cohort,
        attributes.schedule_identifier, facts.target_cohort);
    txn.exec_params("UPDATE teachers SET updated_at = to_timestamp($2::bigint) WHERE id = $1::uuid",
                    id, at);
    std::vector<v1::Participant> participants =
        LoadParticipants(txn, lead_provider_id, {id}, today);
    if (participants.empty()) return absl::NotFoundError("no such participant");
    write.participant = std::move(participants[0]);
    return write;
  });
}

absl::StatusOr<v1::DescribePartnershipsResponse> LeadProviderApiStore::DescribePartnerships(
    const std::string& lead_provider_id, const std::vector<std::string>& partnership_ids,
    const std::vector<std::string>& school_urns, absl::Time now) {
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<v1::DescribePartnershipsResponse> {
    pqxx::read_transaction txn(c);
    std::map<std::string, int> counts;
    if (!partnership_ids.empty()) {
      for (const pqxx::row& row : txn.exec_params(
               "SELECT school_partnership_id, count(*) FROM training_periods "
               "WHERE school_partnership_id = ANY($1::uuid[]) AND lead_provider_id = $2::uuid "
               "AND started_on <= $3::date AND (finished_on IS NULL OR finished_on >= $3::date) "
               "GROUP BY 1",
               UuidArray(partnership_ids), lead_provider_id, DayText(LondonDay(now)))) {
        counts[row[0].as<std::string>()] = row[1].as<int>();
      }
    }
    v1::DescribePartnershipsResponse response;
    for (const std::string& id : partnership_ids) {
      v1::PartnershipTraining* out = response.add_partnerships();
      out->set_partnership_id(id);
      auto found = counts.find(id);
      out->set_participants_currently_training(found == counts.end() ? 0 : found->second);
    }
    if (!school_urns.empty()) {
      // URNs are digits only (checked by the caller), so the literal needs no quoting.
      for (const pqxx::row& row : txn.exec_params(
               "SELECT school_urn, induction_tutor_name, induction_tutor_email::text FROM schools "
               "WHERE school_urn = ANY($1::text[]) AND induction_tutor_email IS NOT NULL "
               "ORDER BY school_urn",
               absl::StrCat("{", absl::StrJoin(school_urns, ","), "}"))) {
        v1::SchoolInductionTutor* tutor = response.add_induction_tutors();
        tutor->set_school_urn(row[0].as<std::string>());
        tutor->set_name(row[1].as<std::string>());
        tutor->set_email(row[2].as<std::string>());
      }
    }
    return response;
  });
}

absl::StatusOr<v1::DescribeSchoolsResponse> LeadProviderApiStore::DescribeSchools(
    const std::string& lead_provider_id, int cohort, const std::vector<std::string>& school_urns) {
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<v1::DescribeSchoolsResponse> {
    pqxx::read_transaction txn(c);
    v1::DescribeSchoolsResponse response;
    if (school_urns.empty()) return response;
    // URNs are digits only (checked by the caller), so the literal needs no quoting.
    const std::string urns = absl::StrCat("{", absl::StrJoin(school_urns, ","), "}");
    std::set<std::string> registered;
    for (const pqxx::row& row : txn.exec_params(
             "SELECT DISTINCT s.school_urn FROM training_periods t "
             "JOIN (SELECT id, school_urn FROM ect_at_school_periods UNION ALL "
             "SELECT id, school_urn FROM mentor_at_school_periods) s "
             "ON s.id = coalesce(t.ect_at_school_period_id, t.mentor_at_school_period_id) "
             "WHERE t.lead_provider_id = $1::uuid AND t.contract_period_year = $2 "
             "AND s.school_urn = ANY($3::text[])",
             lead_provider_id, cohort, urns)) {
      registered.insert(row[0].as<std::string>());
    }
    std::map<std::string, std::pair<std::string, std::string>> tutors;
    for (const pqxx::row& row : txn.exec_params(
             "SELECT school_urn, induction_tutor_name, induction_tutor_email::text FROM schools "
             "WHERE school_urn = ANY($1::text[]) AND induction_tutor_email IS NOT NULL",
             urns)) {
      tutors[row[0].as<std::string>()] = {row[1].as<std::string>(), row[2].as<std::string>()};
    }
    for (const std::string& urn : school_urns) {
      v1::SchoolRegistrations* out = response.add_schools();
      out->set_school_urn(urn);
      out->set_registered_with_provider(registered.count(urn) > 0);
      if (auto tutor = tutors.find(urn); tutor != tutors.end()) {
        out->set_induction_tutor_name(tutor->second.first);
        out->set_induction_tutor_email(tutor->second.second);
      }
    }
    return response;
  });
}

// ---------------------------------------------------------------------------------------------
// Statements

namespace {

std::string StatementsSql() {
  return absl::StrCat(
      "SELECT id, month, year, contract_period_year, deadline_date::text, "
      "payment_date::text, status = 'paid', ",
      Epoch("created_at"), ", ", Epoch("updated_at"),
      " FROM statements WHERE lead_provider_id = $1::uuid AND output_fee ");
}

v1::Statement StatementFromRow(const pqxx::row& row) {
  v1::Statement s;
  s.set_id(row[0].as<std::string>());
  s.set_month(row[1].as<int>());
  s.set_year(row[2].as<int>());
  s.set_cohort(row[3].as<int>());
  SetDay(s.mutable_cut_off_date(), *DayOf(row[4]));
  SetDay(s.mutable_payment_date(), *DayOf(row[5]));
  s.set_paid(row[6].as<bool>());
  SetTime(s.mutable_created_at(), absl::FromUnixSeconds(row[7].as<int64_t>()));
  SetTime(s.mutable_updated_at(), absl::FromUnixSeconds(row[8].as<int64_t>()));
  return s;
}

}  // namespace

absl::StatusOr<std::vector<v1::Statement>> LeadProviderApiStore::ListStatements(
    const StatementQuery& query) {
  const std::string sql =
      absl::StrCat(StatementsSql(),
                   "AND (NOT $2::boolean OR contract_period_year = ANY($3::int[])) "
                   "AND (NOT $4::boolean OR updated_at >= to_timestamp($5::bigint)) "
                   "ORDER BY payment_date, id LIMIT $6 OFFSET $7");
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<std::vector<v1::Statement>> {
    pqxx::read_transaction txn(c);
    std::vector<v1::Statement> statements;
    for (const pqxx::row& row : txn.exec_params(
             sql, query.lead_provider_id, query.cohorts.has_value(),
             IntArray(query.cohorts.value_or(std::vector<int>())), query.updated_since.has_value(),
             query.updated_since.has_value() ? absl::ToUnixSeconds(*query.updated_since) : 0,
             query.page.limit, query.page.offset)) {
      statements.push_back(StatementFromRow(row));
    }
    return statements;
  });
}

absl::StatusOr<v1::Statement> LeadProviderApiStore::GetStatement(
    const std::string& lead_provider_id, const std::string& id) {
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<v1::Statement> {
    pqxx::read_transaction txn(c);
    pqxx::result rows =
        txn.exec_params(absl::StrCat(StatementsSql(), "AND id = $2::uuid"), lead_provider_id, id);
    if (rows.empty()) return absl::NotFoundError("no such statement");
    return StatementFromRow(rows[0]);
  });
}

// ---------------------------------------------------------------------------------------------
// Unfunded mentors

namespace {

// Mentors ($1 = provider, $2 = today) assigned today to ECTs whose latest training is with the
// provider, who have no training with it; each with the email of their latest such assignment.
constexpr char kUnfundedMentorsSql[] = R"sql(
WITH ect_latest AS (
  SELECT DISTINCT ON (e.teacher_id) e.teacher_id, t.lead_provider_id
    FROM training_periods t JOIN ect_at_school_periods e ON e.id = t.ect_at_school_period_id
   ORDER BY e.teacher_id, t.started_on DESC, t.created_at DESC),
assignments AS (
  SELECT DISTINCT ON (mp.mentor_teacher_id) mp.mentor_teacher_id, m.email::text AS email
    FROM mentorship_periods mp
    JOIN ect_latest l ON l.teacher_id = mp.mentee_teacher_id AND l.lead_provider_id = $1::uuid
    JOIN mentor_at_school_periods m ON m.id = mp.mentor_at_school_period_id
   WHERE mp.started_on <= $2::date AND (mp.finished_on IS NULL OR mp.finished_on >= $2::date)
   ORDER BY mp.mentor_teacher_id, mp.started_on DESC, mp.created_at DESC),
provider_trainees AS (
  SELECT coalesce(e.teacher_id, m.teacher_id) AS teacher_id
    FROM training_periods t
    LEFT JOIN ect_at_school_periods e ON e.id = t.ect_at_school_period_id
    LEFT JOIN mentor_at_school_periods m ON m.id = t.mentor_at_school_period_id
   WHERE t.lead_provider_id = $1::uuid)
SELECT tc.id, coalesce(tc.corrected_name, tc.trs_first_name || ' ' || tc.trs_last_name), a.email,
       tc.trn, floor(extract(epoch FROM tc.created_at))::bigint,
       floor(extract(epoch FROM tc.updated_at))::bigint
  FROM teachers tc JOIN assignments a ON a.mentor_teacher_id = tc.id
 WHERE NOT EXISTS (SELECT 1 FROM provider_trainees p WHERE p.teacher_id = tc.id)
)sql";

v1::UnfundedMentor UnfundedMentorFromRow(const pqxx::row& row) {
  v1::UnfundedMentor m;
  m.set_id(row[0].as<std::string>());
  m.set_full_name(row[1].as<std::string>());
  m.set_email(TextOf(row[2]));
  m.set_teacher_reference_number(row[3].as<std::string>());
  SetTime(m.mutable_created_at(), absl::FromUnixSeconds(row[4].as<int64_t>()));
  SetTime(m.mutable_updated_at(), absl::FromUnixSeconds(row[5].as<int64_t>()));
  return m;
}

}  // namespace

absl::StatusOr<std::vector<v1::UnfundedMentor>> LeadProviderApiStore::ListUnfundedMentors(
    const UnfundedMentorQuery& query, absl::Time now) {
  const std::string sql = absl::StrCat(
      kUnfundedMentorsSql, " AND (NOT $3::boolean OR tc.updated_at >= to_timestamp($4::bigint))",
      OrderBy(query.sort, "tc"), " LIMIT $5 OFFSET $6");
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<std::vector<v1::UnfundedMentor>> {
    pqxx::read_transaction txn(c);
    std::vector<v1::UnfundedMentor> mentors;
    for (const pqxx::row& row : txn.exec_params(
             sql, query.lead_provider_id, DayText(LondonDay(now)), query.updated_since.has_value(),
             query.updated_since.has_value() ? absl::ToUnixSeconds(*query.updated_since) : 0,
             query.page.limit, query.page.offset)) {
      mentors.push_back(UnfundedMentorFromRow(row));
    }
    return mentors;
  });
}

absl::StatusOr<v1::UnfundedMentor> LeadProviderApiStore::GetUnfundedMentor(
    const std::string& lead_provider_id, const std::string& id, absl::Time now) {
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<v1::UnfundedMentor> {
    pqxx::read_transaction txn(c);
    pqxx::result rows = txn.exec_params(absl::StrCat(kUnfundedMentorsSql, " AND tc.id = $3::uuid"),
                                        lead_provider_id, DayText(LondonDay(now)), id);
    if (rows.empty()) return absl::NotFoundError("no such unfunded mentor");
    return UnfundedMentorFromRow(rows[0]);
  });
}

}  // namespace rect::registration::api
