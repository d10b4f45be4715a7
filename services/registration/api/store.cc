#include "services/registration/api/store.h"

#include <map>
#include <pqxx/pqxx>
#include <set>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/status.h"
#include "services/common/tokens.h"
#include "services/registration/api/participant_status.h"
#include "services/registration/api/store_sql.h"

namespace rect::registration::api {

using namespace store_sql;  // NOLINT(build/namespaces): the SQL vocabulary of this file

namespace {

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

// Declarations the provider ($1) sees (§5.9) that meet `condition` (on d), as the FROM item d
// joined to its provider's name n: its own, and other providers' billable ones for people it
// trains in a role another provider trains them in too (shared_trainees, migration 014), dated
// before the end of its latest period in that role. `tail` (ORDER BY and LIMIT) ends each
// half: its own come in order from an index on (lead_provider_id, created_at, id), and the
// shared people are few.
std::string VisibleDeclarationsFrom(absl::string_view condition, absl::string_view tail) {
  return absl::StrCat(
      "((SELECT d.* FROM declarations d WHERE d.lead_provider_id = $1 AND ", condition, tail,
      ") UNION ALL (SELECT d.* FROM shared_trainees s JOIN declarations d "
      "ON d.teacher_id = s.teacher_id AND d.course = s.course "
      "WHERE s.lead_provider_id = $1 AND d.lead_provider_id <> $1 AND d.",
      kBillable,
      " AND (s.finished_on IS NULL OR d.declaration_date < "
      "((s.finished_on + 1)::timestamp AT TIME ZONE 'Europe/London')) AND ",
      condition, tail, ")) d LEFT JOIN lead_provider_names n ON n.id = d.lead_provider_id");
}

absl::StatusOr<v1::Declaration> ReadDeclaration(pqxx::transaction_base& txn,
                                                const std::string& lead_provider_id,
                                                const std::string& id) {
  static const std::string* const sql = new std::string(absl::StrCat(
      "SELECT ", DeclarationColumns(), " FROM ", VisibleDeclarationsFrom("d.id = $2::uuid", "")));
  pqxx::result rows = ExecPrepared(txn, *sql, lead_provider_id, id);
  if (rows.empty()) return absl::NotFoundError("no such declaration");
  return DeclarationFromRow(rows[0]);
}

// One of the provider's own declarations (always visible to it): by its key, without the
// visibility rules' look at the provider's periods.
absl::StatusOr<v1::Declaration> ReadOwnDeclaration(pqxx::transaction_base& txn,
                                                   const std::string& lead_provider_id,
                                                   const std::string& id) {
  pqxx::result rows = ExecPrepared(
      txn,
      absl::StrCat("SELECT ", DeclarationColumns(),
                   " FROM declarations d LEFT JOIN lead_provider_names n ON n.id = "
                   "d.lead_provider_id WHERE d.id = $2::uuid AND d.lead_provider_id = $1::uuid"),
      lead_provider_id, id);
  if (rows.empty()) return absl::NotFoundError("no such declaration");
  return DeclarationFromRow(rows[0]);
}

// The provider's open output statement for `cohort` with the earliest deadline from `today`.
std::optional<std::string> NextStatement(pqxx::transaction_base& txn,
                                         const std::string& lead_provider_id, int cohort,
                                         absl::CivilDay today) {
  pqxx::result rows =
      ExecPrepared(txn,
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
  SELECT t.id, coalesce(t.ect_at_school_period_id, t.mentor_at_school_period_id)
           AS school_period_id, t.delivery_partner_id, t.schedule_id, t.started_on::text,
         t.finished_on::text,
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
  static const std::string* const sql = new std::string(absl::StrCat(
      "SELECT ", DeclarationColumns(), " FROM ",
      VisibleDeclarationsFrom("(NOT $2::boolean OR d.contract_period_year = ANY($3::int[])) "
                              "AND (NOT $4::boolean OR d.teacher_id = ANY($5::uuid[])) "
                              "AND (NOT $6::boolean OR d.delivery_partner_id = ANY($7::uuid[])) "
                              "AND (NOT $8::boolean OR d.updated_at >= to_timestamp($9::bigint))",
                              " ORDER BY d.created_at, d.id LIMIT $10::bigint + $11::bigint"),
      " ORDER BY d.created_at, d.id LIMIT $10 OFFSET $11"));
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<std::vector<v1::Declaration>> {
    pqxx::read_transaction txn(c);
    pqxx::result rows = ExecPrepared(
        txn, *sql, query.lead_provider_id, query.cohorts.has_value(),
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
    bool ect_funding_eligible = false;
    const std::string role = course.has_value() ? std::string(CourseName(*course)) : "";
    if (IsUuid(participant_id) && course.has_value()) {
      // One writer per person and role at a time: the rules read what concurrent writes
      // would change, and twins of one request must find each other. The lock is taken in
      // the statement that looks the person up; what it guards is read after it.
      pqxx::result teacher = ExecPrepared(
          txn,
          "SELECT t.eligible FROM (SELECT pg_advisory_xact_lock(hashtextextended($2, 0))) l "
          "LEFT JOIN (SELECT ect_first_became_eligible_for_training_at IS NOT NULL AS eligible "
          "FROM teachers WHERE id = $1::uuid) t ON true",
          participant_id, absl::StrCat("declaration:", participant_id, ":", role));
      facts.participant_known = !teacher[0][0].is_null();
      if (facts.participant_known) ect_funding_eligible = teacher[0][0].as<bool>();
    } else if (IsUuid(participant_id)) {
      facts.participant_known =
          !ExecPrepared(txn, "SELECT 1 FROM teachers WHERE id = $1::uuid", participant_id).empty();
    }
    std::optional<TrainingRow> training_row;
    std::optional<std::string> next_statement;  // with training_row
    std::optional<std::string> mentor_id;       // an ECT's, on the requested date
    if (facts.participant_known && course.has_value()) {
      const bool ect = *course == Course::kEct;
      const std::string school_periods_table =
          ect ? "ect_at_school_periods" : "mentor_at_school_periods";
      const std::string school_period_column =
          ect ? "ect_at_school_period_id" : "mentor_at_school_period_id";
      // Every fact the rules need, in one statement of text rows tagged by kind: an exact
      // repeat of this request ('r'), the person's billable declarations in the role ('b'), the
      // cohort of a provider-led training of theirs covering today ('c'), the latest training
      // with us in the role with the open statement its declarations would go on and, for an
      // ECT, their mentor on the requested date ('p'), and that training's milestones ('m').
      const std::string mentor_on_date =
          ect ? "(SELECT mp.mentor_teacher_id::text FROM mentorship_periods mp "
                "WHERE mp.ect_at_school_period_id = r.school_period_id ORDER BY CASE "
                "WHEN mp.started_on <= $6::date AND (mp.finished_on IS NULL "
                "OR mp.finished_on >= $6::date) THEN 0 "
                "WHEN mp.started_on > $6::date THEN mp.started_on - $6::date "
                "ELSE $6::date - mp.finished_on END, mp.started_on DESC LIMIT 1)"
              : "NULL";
      const std::optional<absl::Time> requested_date =
          ParseDeclarationDate(attributes.declaration_date);
      const std::string sql = absl::StrCat(
          "WITH r AS (", kRolePeriodsSql, Epoch("t.withdrawn_at"),
          " AS withdrawn_at, (SELECT s.id FROM statements s "
          "WHERE s.lead_provider_id = $1::uuid "
          "AND s.contract_period_year = t.contract_period_year AND s.output_fee "
          "AND s.status = 'open' AND s.deadline_date >= $5::date "
          "ORDER BY s.deadline_date, s.id LIMIT 1) AS next_statement_id "
          "FROM training_periods t JOIN ",
          school_periods_table, " p ON p.id = t.", school_period_column,
          " WHERE p.teacher_id = $3::uuid AND t.lead_provider_id = $1::uuid "
          "ORDER BY t.started_on DESC, t.created_at DESC LIMIT 1) "
          "SELECT 'r', id::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL "
          "FROM declarations WHERE lead_provider_id = $1::uuid AND request_digest = $2 AND ",
          kBillable, " UNION ALL SELECT 'b', declaration_type, ", Epoch("declaration_date"),
          "::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL "
          "FROM declarations WHERE teacher_id = $3::uuid AND course = $4 AND ",
          kBillable,
          " UNION ALL (SELECT 'c', t.contract_period_year::text, NULL, NULL, NULL, NULL, "
          "NULL, NULL, NULL, NULL, NULL FROM training_periods t JOIN ",
          school_periods_table, " p ON p.id = t.", school_period_column,
          " WHERE p.teacher_id = $3::uuid AND t.training_programme = 'provider_led' "
          "AND t.started_on <= $5::date "
          "AND (t.finished_on IS NULL OR t.finished_on >= $5::date) LIMIT 1) "
          "UNION ALL SELECT 'p', r.id::text, r.school_period_id::text, "
          "r.delivery_partner_id::text, r.schedule_id::text, r.started_on, r.finished_on, "
          "r.contract_period_year::text, r.withdrawn_at::text, r.next_statement_id::text, ",
          mentor_on_date,
          " FROM r UNION ALL SELECT 'm', m.declaration_type, m.start_date::text, "
          "m.milestone_date::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL "
          "FROM r JOIN milestones m ON m.schedule_id = r.schedule_id");
      // $6, the day the mentor is looked up on, only in the ECT's statement.
      pqxx::result found =
          ect ? ExecPrepared(
                    txn, sql, lead_provider_id, digest, participant_id, role, DayText(today),
                    DayText(requested_date.has_value() ? LondonDay(*requested_date) : today))
              : ExecPrepared(txn, sql, lead_provider_id, digest, participant_id, role,
                             DayText(today));
      std::map<std::string, Milestone> milestones;
      for (const pqxx::row& row : found) {
        const std::string kind = row[0].as<std::string>();
        if (kind == "r") {
          DeclarationWrite write;
          ASSIGN_OR_RETURN(write.declaration,
                           ReadOwnDeclaration(txn, lead_provider_id, row[1].as<std::string>()));
          return write;
        }
        if (kind == "b") {
          facts.billable.push_back(
              {row[1].as<std::string>(), absl::FromUnixSeconds(row[2].as<int64_t>())});
        } else if (kind == "c") {
          facts.cohort_covering_today = row[1].as<int>();
        } else if (kind == "p") {
          TrainingRow tr{row[1].as<std::string>(), row[2].as<std::string>(),
                         TextOf(row[3]),           std::nullopt,
                         *DayOf(row[5]),           DayOf(row[6])};
          if (!row[4].is_null()) tr.schedule_id = row[4].as<std::string>();
          ProviderTraining training;
          training.cohort = row[7].as<int>();
          training.withdrawn_at = TimeOf(row[8]);
          if (!row[9].is_null()) next_statement = row[9].as<std::string>();
          if (!row[10].is_null()) mentor_id = row[10].as<std::string>();
          facts.training = std::move(training);
          training_row = std::move(tr);
        } else {
          milestones[row[1].as<std::string>()] = Milestone{*DayOf(row[2]), DayOf(row[3])};
        }
      }
      if (facts.training.has_value()) facts.training->milestones = std::move(milestones);
      facts.trains_with_provider =
          training_row.has_value() ||
          !ExecPrepared(
               txn,
               "SELECT 1 FROM training_periods t "
               "LEFT JOIN ect_at_school_periods e ON e.id = t.ect_at_school_period_id "
               "LEFT JOIN mentor_at_school_periods m ON m.id = t.mentor_at_school_period_id "
               "WHERE t.lead_provider_id = $2::uuid "
               "AND coalesce(e.teacher_id, m.teacher_id) = $1::uuid LIMIT 1",
               participant_id, lead_provider_id)
               .empty();
      if (ect) facts.funding_eligible = ect_funding_eligible;
    } else if (facts.participant_known) {
      facts.trains_with_provider = true;  // rule 17 waits for a valid course
    }
    std::optional<std::string> statement_id;
    if (facts.training.has_value()) {
      statement_id = next_statement;
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
    const std::optional<std::string> payment_statement =
        accepted.eligible ? statement_id : std::nullopt;
    // The new row comes back as the API shows it, in the same statement.
    pqxx::result inserted = ExecPrepared(
        txn,
        "WITH d AS (INSERT INTO declarations (teacher_id, training_period_id, lead_provider_id, "
        "delivery_partner_id, contract_period_year, course, declaration_type, declaration_date, "
        "evidence_type, payment_status, payment_statement_id, mentor_teacher_id, "
        "request_digest, created_at, updated_at) VALUES ($1::uuid, $2::uuid, $3::uuid, "
        "NULLIF($4, '')::uuid, $5, $6, $7, to_timestamp($8::bigint), NULLIF($9, ''), $10, "
        "$11::uuid, $12::uuid, $13, to_timestamp($14::bigint), to_timestamp($14::bigint)) "
        "RETURNING *) SELECT " +
            DeclarationColumns() +
            " FROM d LEFT JOIN lead_provider_names n ON n.id = d.lead_provider_id",
        participant_id, training_row->id, lead_provider_id, training_row->delivery_partner_id,
        facts.training->cohort, std::string(CourseName(accepted.course)), accepted.declaration_type,
        declared_at, accepted.evidence_held, accepted.eligible ? "eligible" : "no_payment",
        payment_statement, mentor_id, digest, absl::ToUnixSeconds(now));
    write.declaration = DeclarationFromRow(inserted[0]);
    // A mentor's completed declaration ends their funding and their open training with us.
    if (accepted.course == Course::kMentor && accepted.declaration_type == "completed") {
      const std::string day = DayText(LondonDay(accepted.declaration_date));
      ExecPrepared(
          txn,
          "UPDATE teachers SET mentor_became_ineligible_for_funding_on = $2::date, "
          "mentor_became_ineligible_for_funding_reason = 'completed_declaration_received', "
          "updated_at = to_timestamp($3::bigint) "
          "WHERE id = $1::uuid AND mentor_became_ineligible_for_funding_on IS NULL",
          participant_id, day, absl::ToUnixSeconds(now));
      ExecPrepared(
          txn,
          "UPDATE training_periods SET finished_on = greatest(started_on, $2::date), "
          "updated_at = to_timestamp($3::bigint) WHERE id = $1::uuid AND finished_on IS NULL",
          training_row->id, day, absl::ToUnixSeconds(now));
    }
    return write;
  });
}

absl::StatusOr<DeclarationWrite> LeadProviderApiStore::VoidDeclaration(
    const std::string& lead_provider_id, const std::string& id, absl::Time now) {
  const absl::CivilDay today = LondonDay(now);
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<DeclarationWrite> {
    pqxx::result rows = ExecPrepared(
        txn,
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
      ExecPrepared(txn,
                   "UPDATE declarations SET clawback_status = 'awaiting_clawback', "
                   "clawback_statement_id = $2::uuid, updated_at = to_timestamp($3::bigint) "
                   "WHERE id = $1::uuid",
                   id, *clawback_statement, at);
    } else {
      ExecPrepared(txn,
                   "UPDATE declarations SET payment_status = 'voided', voided_at = "
                   "to_timestamp($2::bigint), "
                   "updated_at = to_timestamp($2::bigint) WHERE id = $1::uuid",
                   id, at);
    }
    // Voiding a mentor's only completed declaration restores their funding and training.
    if (row[3].as<std::string>() == "mentor" && row[4].as<std::string>() == "completed") {
      const bool another =
          !ExecPrepared(txn,
                        absl::StrCat("SELECT 1 FROM declarations WHERE teacher_id = "
                                     "$1::uuid AND course = 'mentor' AND "
                                     "declaration_type = 'completed' AND ",
                                     kBillable),
                        row[5].as<std::string>())
               .empty();
      if (!another) {
        ExecPrepared(
            txn,
            "UPDATE teachers SET mentor_became_ineligible_for_funding_on = NULL, "
            "mentor_became_ineligible_for_funding_reason = NULL, "
            "updated_at = to_timestamp($2::bigint) WHERE id = $1::uuid "
            "AND mentor_became_ineligible_for_funding_reason = 'completed_declaration_received'",
            row[5].as<std::string>(), at);
        ExecPrepared(
            txn,
            "UPDATE training_periods SET finished_on = NULL, updated_at = to_timestamp($3::bigint) "
            "WHERE id = $1::uuid AND finished_on = greatest(started_on, $2::date) "
            "AND withdrawn_at IS NULL",
            row[6].as<std::string>(), row[7].as<std::string>(), at);
      }
    }
    ASSIGN_OR_RETURN(write.declaration, ReadOwnDeclaration(txn, lead_provider_id, id));
    return write;
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
