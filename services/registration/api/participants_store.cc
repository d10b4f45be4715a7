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
#include "services/registration/api/store.h"
#include "services/registration/api/store_sql.h"

namespace rect::registration::api {

using namespace store_sql;  // NOLINT(build/namespaces): the SQL vocabulary of this file

// ---------------------------------------------------------------------------------------------
// Participants

namespace {

constexpr char kIsProviderParticipantSql[] =
    "SELECT 1 FROM provider_participants WHERE lead_provider_id = $1::uuid "
    "AND teacher_id = $2::uuid";

// One row per enrolment, from provider_enrolments e (015), with $2 today for the mentor.
std::string ParticipantColumns() {
  return absl::StrCat(
      "e.teacher_id, e.full_name, e.trn, ", Epoch("e.teacher_created_at"), ", ",
      Epoch("e.teacher_updated_at"), ", e.training_record_id, ",
      Epoch("e.ect_first_became_eligible_for_training_at"),
      ", e.trs_induction_start_date::text, e.trs_induction_completed_date::text, "
      "e.mentor_became_ineligible_for_funding_on::text, "
      "e.mentor_became_ineligible_for_funding_reason, "
      "e.course, e.email, e.school_urn, e.working_pattern, e.contract_period_year, "
      "s.identifier, e.delivery_partner_id, ",
      Epoch("e.withdrawn_at"), ", e.withdrawal_reason, ", Epoch("e.deferred_at"),
      ", e.deferral_reason, ", Epoch("e.training_created_at"),
      ", e.started_on::text, e.finished_on::text, "
      "CASE WHEN e.course = 'ect' THEN (SELECT mp.mentor_teacher_id FROM mentorship_periods mp "
      "WHERE mp.ect_at_school_period_id = e.school_period_id AND mp.started_on <= $2::date "
      "AND (mp.finished_on IS NULL OR mp.finished_on >= $2::date) "
      "ORDER BY mp.started_on DESC LIMIT 1) END, "
      "e.payments_frozen");
}

v1::Enrolment EnrolmentFromRow(const pqxx::row& row, absl::CivilDay today) {
  v1::Enrolment e;
  const bool ect = row[11].as<std::string>() == "ect";
  e.set_training_record_id(row[5].as<std::string>());
  e.set_email(TextOf(row[12]));
  e.set_school_urn(row[13].as<std::string>());
  e.set_participant_type(ect ? "ect" : "mentor");
  e.set_working_pattern(TextOf(row[14]));
  e.set_cohort(row[15].as<int>());
  e.set_schedule_identifier(TextOf(row[16]));
  e.set_delivery_partner_id(TextOf(row[17]));
  const std::optional<absl::Time> withdrawn_at = TimeOf(row[18]);
  const std::optional<absl::Time> deferred_at = TimeOf(row[20]);
  const std::string status = TrainingStatus(withdrawn_at, deferred_at);
  e.set_training_status(status);
  if (status == "withdrawn") {
    e.mutable_withdrawal()->set_reason(TextOf(row[19]));
    SetTime(e.mutable_withdrawal()->mutable_date(), *withdrawn_at);
  } else if (status == "deferred") {
    e.mutable_deferral()->set_reason(TextOf(row[21]));
    SetTime(e.mutable_deferral()->mutable_date(), *deferred_at);
  }
  SetTime(e.mutable_created_at(), absl::FromUnixSeconds(row[22].as<int64_t>()));
  const absl::CivilDay started_on = *DayOf(row[23]);
  const std::optional<absl::CivilDay> finished_on = DayOf(row[24]);
  const std::optional<absl::CivilDay> induction_completed = DayOf(row[8]);
  const std::optional<absl::CivilDay> mentor_funding_end = DayOf(row[9]);
  const std::string mentor_reason = TextOf(row[10]);
  bool completed = false;
  if (ect) {
    completed = induction_completed.has_value() &&
                (!finished_on.has_value() || *induction_completed <= *finished_on);
    e.set_mentor_id(TextOf(row[25]));
    if (induction_completed.has_value())
      SetDay(e.mutable_induction_end_date(), *induction_completed);
    if (std::optional<absl::CivilDay> start = DayOf(row[7]); start.has_value()) {
      SetDay(e.mutable_overall_induction_start_date(), *start);
    }
    const std::optional<bool> eligible = EligibleForFunding(TimeOf(row[6]), std::nullopt);
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
  e.set_cohort_changed_after_payments_frozen(row[26].as<bool>());
  return e;
}

// The participants of `people` — a statement choosing provider_participants rows of the
// provider $1, with $2 today — with their enrolments, in `order` (terms on pp's columns), then
// ECT before mentor. One statement, so a page is one round trip: one walk down an index for
// the people and, for each, one provider_enrolments lookup. The lookup is a LATERAL subquery
// with a LIMIT so that the planner keeps it a lookup per person, in the people's order, rather
// than hashing the provider's every enrolment and sorting (61 → 23 ms for 3,000 people).
std::string ParticipantsSql(absl::string_view people, absl::string_view order) {
  return absl::StrCat("SELECT ", ParticipantColumns(), " FROM (", people,
                      ") pp CROSS JOIN LATERAL (SELECT * FROM provider_enrolments e "
                      "WHERE e.lead_provider_id = pp.lead_provider_id "
                      "AND e.teacher_id = pp.teacher_id ORDER BY e.course LIMIT 2) e "
                      "LEFT JOIN schedules s ON s.id = e.schedule_id",
                      order, ", e.course");
}

// Participants from ParticipantsSql's rows, in their order (a person's rows are adjacent).
std::vector<v1::Participant> ParticipantsFromRows(const pqxx::result& rows, absl::CivilDay today) {
  std::vector<v1::Participant> participants;
  for (const pqxx::row& row : rows) {
    if (participants.empty() || participants.back().id() != row[0].c_str()) {
      v1::Participant& p = participants.emplace_back();
      p.set_id(row[0].as<std::string>());
      p.set_full_name(row[1].as<std::string>());
      p.set_teacher_reference_number(row[2].as<std::string>());
      SetTime(p.mutable_created_at(), absl::FromUnixSeconds(row[3].as<int64_t>()));
      SetTime(p.mutable_updated_at(), absl::FromUnixSeconds(row[4].as<int64_t>()));
    }
    *participants.back().add_enrolments() = EnrolmentFromRow(row, today);
  }
  return participants;
}

// One participant of the provider, if it is one.
std::optional<v1::Participant> LoadParticipant(pqxx::transaction_base& txn,
                                               const std::string& lead_provider_id,
                                               const std::string& id, absl::CivilDay today) {
  static const std::string* const sql = new std::string(
      ParticipantsSql("SELECT * FROM provider_participants WHERE lead_provider_id = $1::uuid "
                      "AND teacher_id = $3::uuid",
                      " ORDER BY pp.teacher_id"));
  std::vector<v1::Participant> found =
      ParticipantsFromRows(ExecPrepared(txn, *sql, lead_provider_id, DayText(today), id), today);
  if (found.empty()) return std::nullopt;
  return std::move(found[0]);
}

}  // namespace

absl::StatusOr<std::vector<v1::Participant>> LeadProviderApiStore::ListParticipants(
    const ParticipantQuery& query, absl::Time now) {
  // The page is one walk down one of provider_participants' indexes in the sort order.
  const std::string order = OrderByColumns(query.sort, "pp.teacher_created_at",
                                           "pp.teacher_updated_at", "pp.teacher_id");
  const std::string sql = ParticipantsSql(
      absl::StrCat("SELECT * FROM provider_participants pp WHERE lead_provider_id = $1::uuid "
                   "AND (NOT $3::boolean OR cohorts && $4::int[]) "
                   "AND (NOT $5::boolean OR teacher_updated_at >= to_timestamp($6::bigint)) "
                   "AND ($7 = '' OR $7 = ANY(training_statuses))",
                   order, " LIMIT $8 OFFSET $9"),
      order);
  const absl::CivilDay today = LondonDay(now);
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<std::vector<v1::Participant>> {
    pqxx::read_transaction txn(c);
    return ParticipantsFromRows(
        ExecPrepared(
            txn, sql, query.lead_provider_id, DayText(today), query.cohorts.has_value(),
            IntArray(query.cohorts.value_or(std::vector<int>())), query.updated_since.has_value(),
            query.updated_since.has_value() ? absl::ToUnixSeconds(*query.updated_since) : 0,
            query.training_status, query.page.limit, query.page.offset),
        today);
  });
}

absl::StatusOr<v1::Participant> LeadProviderApiStore::GetParticipant(
    const std::string& lead_provider_id, const std::string& id, absl::Time now) {
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<v1::Participant> {
    pqxx::read_transaction txn(c);
    std::optional<v1::Participant> found =
        LoadParticipant(txn, lead_provider_id, id, LondonDay(now));
    if (!found.has_value()) return absl::NotFoundError("no such participant");
    return *std::move(found);
  });
}

absl::StatusOr<ParticipantWrite> LeadProviderApiStore::ChangeParticipant(
    const std::string& lead_provider_id, const std::string& id, ParticipantAction action,
    const ActionAttributes& attributes, absl::Time now) {
  const absl::CivilDay today = LondonDay(now);
  const std::optional<Course> course = CourseFromIdentifier(attributes.course_identifier);
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<ParticipantWrite> {
    pqxx::result visible = txn.exec_params(kIsProviderParticipantSql, lead_provider_id, id);
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
    std::optional<v1::Participant> participant = LoadParticipant(txn, lead_provider_id, id, today);
    if (!participant.has_value()) return absl::NotFoundError("no such participant");
    write.participant = *std::move(participant);
    return write;
  });
}

absl::StatusOr<ParticipantWrite> LeadProviderApiStore::ChangeSchedule(
    const std::string& lead_provider_id, const std::string& id,
    const ScheduleChangeAttributes& attributes, SchoolPartnerships* partnerships, absl::Time now) {
  const absl::CivilDay today = LondonDay(now);
  const std::optional<Course> course = CourseFromIdentifier(attributes.course_identifier);
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<ParticipantWrite> {
    pqxx::result visible = txn.exec_params(kIsProviderParticipantSql, lead_provider_id, id);
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
        facts.training =
            ScheduleTraining{*DayOf(row[1]),    DayOf(row[2]),    TimeOf(row[3]),
                             TimeOf(row[4]),    row[6].as<int>(), row[7].as<std::string>(),
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
        declarations.push_back({d[0].as<std::string>(), absl::FromUnixSeconds(d[1].as<int64_t>())});
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
        txn.exec_params(
            absl::StrCat("UPDATE teachers SET ", frozen_column, " = $2 WHERE id = $1::uuid"), id,
            facts.training->cohort);
      } else if (facts.target_cohort_frozen) {
        txn.exec_params(
            absl::StrCat("UPDATE teachers SET ", frozen_column, " = NULL WHERE id = $1::uuid"), id);
      }
    }
    std::string changed_period = current->id;
    if (facts.training->started_on < today) {
      // The period so far ends yesterday; the new one runs from today to the old end.
      txn.exec_params(
          "UPDATE training_periods SET finished_on = $2::date, updated_at = "
          "to_timestamp($3::bigint) WHERE id = $1::uuid",
          current->id, DayText(today - 1), at);
      changed_period =
          txn.exec_params(
                 "INSERT INTO training_periods (ect_at_school_period_id, "
                 "mentor_at_school_period_id, "
                 "started_on, finished_on, training_programme, lead_provider_id, "
                 "contract_period_year, "
                 "school_partnership_id, schedule_id, delivery_partner_id, created_at, updated_at) "
                 "SELECT ect_at_school_period_id, mentor_at_school_period_id, $2::date, $7::date, "
                 "training_programme, lead_provider_id, $3, $4::uuid, $5::uuid, NULLIF($6, "
                 "'')::uuid, "
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
        facts.training->schedule_identifier, facts.training->cohort, attributes.schedule_identifier,
        facts.target_cohort);
    txn.exec_params("UPDATE teachers SET updated_at = to_timestamp($2::bigint) WHERE id = $1::uuid",
                    id, at);
    std::optional<v1::Participant> participant = LoadParticipant(txn, lead_provider_id, id, today);
    if (!participant.has_value()) return absl::NotFoundError("no such participant");
    write.participant = *std::move(participant);
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

}  // namespace rect::registration::api
