#include "services/registration/wizard_store.h"

#include <pqxx/pqxx>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace rect::registration {
namespace {

using wizard::AppropriateBodyType;
using wizard::TrainingProgramme;

pqxx::binarystring Bytes(const std::string& bytes) { return pqxx::binarystring(bytes); }

std::string DayText(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

absl::CivilDay ParseDay(const std::string& text) {
  absl::CivilDay day;
  absl::ParseCivilTime(text, &day);
  return day;
}

std::optional<absl::CivilDay> OptionalDay(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return ParseDay(field.as<std::string>());
}

std::string Seconds(absl::Duration lifetime) {
  return absl::StrCat(absl::ToInt64Seconds(lifetime));
}

}  // namespace

absl::Status WizardStore::CreateSession(const WizardKey& key, const std::string& answers,
                                        absl::Duration lifetime) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::Status {
    txn.exec_params(
        "INSERT INTO wizard_sessions (id_digest, wizard, school_urn, user_id, answers, "
        "expires_at) VALUES ($1, $2, $3, $4, $5::jsonb, now() + make_interval(secs => $6))",
        Bytes(key.id_digest), key.wizard, key.school_urn, key.user_id, answers,
        Seconds(lifetime));
    return absl::OkStatus();
  });
}

absl::StatusOr<std::string> WizardStore::LoadSession(const WizardKey& key) {
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<std::string> {
    pqxx::read_transaction txn(c);
    pqxx::result rows = txn.exec_params(
        "SELECT answers::text FROM wizard_sessions WHERE id_digest = $1 AND wizard = $2 "
        "AND school_urn = $3 AND user_id = $4 AND expires_at > now()",
        Bytes(key.id_digest), key.wizard, key.school_urn, key.user_id);
    if (rows.empty()) return absl::NotFoundError("no such registration in progress");
    return rows[0][0].as<std::string>();
  });
}

absl::Status WizardStore::UpdateSession(const WizardKey& key, const std::string& answers,
                                        absl::Duration lifetime) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::Status {
    pqxx::result rows = txn.exec_params(
        "UPDATE wizard_sessions SET answers = $5::jsonb, updated_at = now(), "
        "expires_at = now() + make_interval(secs => $6) WHERE id_digest = $1 AND wizard = $2 "
        "AND school_urn = $3 AND user_id = $4 AND expires_at > now() RETURNING 1",
        Bytes(key.id_digest), key.wizard, key.school_urn, key.user_id, answers,
        Seconds(lifetime));
    if (rows.empty()) return absl::NotFoundError("no such registration in progress");
    return absl::OkStatus();
  });
}

absl::StatusOr<int> WizardStore::DeleteExpiredSessions() {
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<int> {
    pqxx::result rows = txn.exec("DELETE FROM wizard_sessions WHERE expires_at <= now()");
    return static_cast<int>(rows.affected_rows());
  });
}

absl::StatusOr<std::vector<ContractPeriod>> WizardStore::ContractPeriods() {
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<std::vector<ContractPeriod>> {
    pqxx::read_transaction txn(c);
    std::vector<ContractPeriod> periods;
    for (const pqxx::row& row :
         txn.exec("SELECT year, started_on::text, finished_on::text, enabled, payments_frozen, "
                  "mentor_funding_enabled FROM contract_periods ORDER BY year")) {
      ContractPeriod p;
      p.year = row[0].as<int>();
      p.started_on = ParseDay(row[1].as<std::string>());
      p.finished_on = ParseDay(row[2].as<std::string>());
      p.enabled = row[3].as<bool>();
      p.payments_frozen = row[4].as<bool>();
      p.mentor_funding_enabled = row[5].as<bool>();
      periods.push_back(p);
    }
    return periods;
  });
}

absl::StatusOr<std::vector<wizard::AppropriateBodyOption>> WizardStore::AppropriateBodies() {
  return pool_.Run(
      [&](pqxx::connection& c) -> absl::StatusOr<std::vector<wizard::AppropriateBodyOption>> {
        pqxx::read_transaction txn(c);
        std::vector<wizard::AppropriateBodyOption> bodies;
        for (const pqxx::row& row :
             txn.exec("SELECT id, name, body_type::text, dfe_sign_in_organisation_id IS NOT NULL "
                      "FROM appropriate_bodies ORDER BY name")) {
          wizard::AppropriateBodyOption body;
          body.id = row[0].as<std::string>();
          body.name = row[1].as<std::string>();
          const std::string type = row[2].as<std::string>();
          body.type = type == "national"          ? AppropriateBodyType::kNational
                      : type == "local_authority" ? AppropriateBodyType::kLocalAuthority
                                                  : AppropriateBodyType::kTeachingSchoolHub;
          body.active = row[3].as<bool>();
          bodies.push_back(body);
        }
        return bodies;
      });
}

absl::StatusOr<std::vector<wizard::LeadProviderOption>> WizardStore::LeadProvidersIn(int year) {
  return pool_.Run(
      [&](pqxx::connection& c) -> absl::StatusOr<std::vector<wizard::LeadProviderOption>> {
        pqxx::read_transaction txn(c);
        std::vector<wizard::LeadProviderOption> providers;
        for (const pqxx::row& row : txn.exec_params(
                 "SELECT lead_provider_id, lead_provider_name FROM active_lead_providers "
                 "WHERE contract_period_year = $1 ORDER BY lead_provider_name",
                 year)) {
          providers.push_back({row[0].as<std::string>(), row[1].as<std::string>()});
        }
        return providers;
      });
}

absl::StatusOr<wizard::SchoolLastChoices> WizardStore::LastChoices(const std::string& school_urn) {
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<wizard::SchoolLastChoices> {
    pqxx::read_transaction txn(c);
    pqxx::result rows = txn.exec_params(
        "SELECT last_chosen_appropriate_body_id, last_chosen_training_programme::text, "
        "last_chosen_lead_provider_id FROM schools WHERE school_urn = $1",
        school_urn);
    wizard::SchoolLastChoices last;
    if (rows.empty()) return last;
    if (!rows[0][0].is_null()) last.appropriate_body_id = rows[0][0].as<std::string>();
    if (!rows[0][1].is_null()) {
      last.training_programme = wizard::ParseTrainingProgramme(rows[0][1].as<std::string>());
    }
    if (!rows[0][2].is_null()) last.lead_provider_id = rows[0][2].as<std::string>();
    return last;
  });
}

absl::StatusOr<std::optional<wizard::ExpressionOfInterestFact>>
WizardStore::LatestExpressionOfInterest(const std::string& school_urn) {
  return pool_.Run([&](pqxx::connection& c)
                       -> absl::StatusOr<std::optional<wizard::ExpressionOfInterestFact>> {
    pqxx::read_transaction txn(c);
    pqxx::result rows = txn.exec_params(
        "SELECT t.lead_provider_id, t.started_on::text FROM training_periods t "
        "JOIN ect_at_school_periods e ON e.id = t.ect_at_school_period_id "
        "WHERE e.school_urn = $1 AND t.training_programme = 'provider_led' "
        "AND t.expression_of_interest_id IS NOT NULL ORDER BY t.started_on DESC, t.created_at DESC "
        "LIMIT 1",
        school_urn);
    if (rows.empty()) return std::nullopt;
    return wizard::ExpressionOfInterestFact{rows[0][0].as<std::string>(),
                                            ParseDay(rows[0][1].as<std::string>())};
  });
}

absl::StatusOr<EctHistory> WizardStore::EctHistoryOf(const std::string& trn,
                                                     const std::string& school_urn) {
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<EctHistory> {
    pqxx::read_transaction txn(c);
    EctHistory history;
    pqxx::result open_here = txn.exec_params(
        "SELECT 1 FROM ect_at_school_periods e JOIN teachers t ON t.id = e.teacher_id "
        "WHERE t.trn = $1 AND e.school_urn = $2 "
        "AND (e.finished_on IS NULL OR e.finished_on >= current_date)",
        trn, school_urn);
    history.facts.open_ect_period_at_this_school = !open_here.empty();
    pqxx::result latest = txn.exec_params(
        "SELECT e.school_urn, e.started_on::text, e.finished_on::text, "
        "  (SELECT max(tp.started_on)::text FROM training_periods tp "
        "    WHERE tp.ect_at_school_period_id = e.id AND tp.started_on <= current_date), "
        "  (SELECT tp.training_programme::text FROM training_periods tp "
        "    WHERE tp.ect_at_school_period_id = e.id ORDER BY tp.started_on DESC LIMIT 1), "
        "  (SELECT a.lead_provider_name FROM training_periods tp JOIN active_lead_providers a "
        "     ON a.lead_provider_id = tp.lead_provider_id "
        "    AND a.contract_period_year = tp.contract_period_year "
        "    WHERE tp.ect_at_school_period_id = e.id ORDER BY tp.started_on DESC LIMIT 1) "
        "FROM ect_at_school_periods e JOIN teachers t ON t.id = e.teacher_id "
        "WHERE t.trn = $1 ORDER BY e.started_on DESC LIMIT 1",
        trn);
    if (!latest.empty()) {
      const pqxx::row& row = latest[0];
      history.facts.has_earlier_ect_period = true;
      history.previous_school_urn = row[0].as<std::string>();
      wizard::PreviousEctPeriod previous;
      previous.started_on = ParseDay(row[1].as<std::string>());
      previous.finished_on = OptionalDay(row[2]);
      previous.latest_training_started_on = OptionalDay(row[3]);
      history.previous = previous;
      history.previous_training_programme = row[4].is_null() ? "" : row[4].as<std::string>();
      history.previous_lead_provider_name = row[5].is_null() ? "" : row[5].as<std::string>();
    }
    pqxx::result training = txn.exec_params(
        "SELECT tp.contract_period_year, coalesce(cp.payments_frozen, false) "
        "FROM training_periods tp JOIN ect_at_school_periods e ON e.id = tp.ect_at_school_period_id "
        "JOIN teachers t ON t.id = e.teacher_id "
        "LEFT JOIN contract_periods cp ON cp.year = tp.contract_period_year "
        "WHERE t.trn = $1 AND tp.training_programme = 'provider_led' "
        "ORDER BY tp.started_on DESC LIMIT 1",
        trn);
    if (!training.empty()) {
      history.previous_training =
          PreviousProviderLedTraining{training[0][0].as<int>(), training[0][1].as<bool>()};
    }
    return history;
  });
}

absl::StatusOr<std::vector<wizard::EmailHolder>> WizardStore::EmailHolders(
    const std::string& email) {
  return pool_.Run([&](pqxx::connection& c) -> absl::StatusOr<std::vector<wizard::EmailHolder>> {
    pqxx::read_transaction txn(c);
    std::vector<wizard::EmailHolder> holders;
    for (const pqxx::row& row : txn.exec_params(
             "SELECT p.email::text, t.trn, p.finished_on::text FROM ect_at_school_periods p "
             "JOIN teachers t ON t.id = p.teacher_id WHERE p.email = $1::citext "
             "UNION ALL "
             "SELECT p.email::text, t.trn, p.finished_on::text FROM mentor_at_school_periods p "
             "JOIN teachers t ON t.id = p.teacher_id WHERE p.email = $1::citext",
             email)) {
      holders.push_back(
          {row[0].as<std::string>(), row[1].as<std::string>(), OptionalDay(row[2])});
    }
    return holders;
  });
}

absl::StatusOr<std::string> WizardStore::SaveEct(const EctSavePlan& plan, const WizardKey& key,
                                                 const std::string& saved_answers) {
  return pool_.Transact([&](pqxx::work& txn) -> absl::StatusOr<std::string> {
    // The session is taken first so that two submits of one registration save it once.
    pqxx::result session = txn.exec_params(
        "SELECT answers->>'saved' FROM wizard_sessions WHERE id_digest = $1 AND wizard = $2 "
        "AND school_urn = $3 AND user_id = $4 AND expires_at > now() FOR UPDATE",
        Bytes(key.id_digest), key.wizard, key.school_urn, key.user_id);
    if (session.empty()) return absl::NotFoundError("no such registration in progress");
    if (!session[0][0].is_null() && session[0][0].as<std::string>() == "true") {
      return absl::FailedPreconditionError("this registration is already saved");
    }
    const std::string start = DayText(plan.started_on);
    const std::string teacher_id =
        txn.exec_params1(
               "INSERT INTO teachers (trn, trs_first_name, trs_last_name, corrected_name, "
               "trs_induction_status, trs_data_last_refreshed_at) "
               "VALUES ($1, $2, $3, NULLIF($4, ''), NULLIF($5, '')::trs_induction_status, now()) "
               "ON CONFLICT (trn) DO UPDATE SET "
               "corrected_name = coalesce(EXCLUDED.corrected_name, teachers.corrected_name), "
               "trs_induction_status = coalesce(EXCLUDED.trs_induction_status, "
               "teachers.trs_induction_status), updated_at = now() RETURNING id",
               plan.trn, plan.trs_first_name, plan.trs_last_name, plan.corrected_name,
               plan.induction_status_name)[0]
            .as<std::string>();
    if (!txn.exec_params("SELECT 1 FROM ect_at_school_periods WHERE teacher_id = $1 "
                         "AND school_urn = $2 AND (finished_on IS NULL OR finished_on >= $3::date)",
                         teacher_id, plan.school_urn, start)
             .empty()) {
      return absl::FailedPreconditionError("this teacher is already registered at your school");
    }
    txn.exec_params(
        "INSERT INTO schools (school_urn, last_chosen_appropriate_body_id, "
        "last_chosen_training_programme, last_chosen_lead_provider_id) "
        "VALUES ($1, $2::uuid, $3::training_programme, NULLIF($4, '')::uuid) "
        "ON CONFLICT (school_urn) DO UPDATE SET "
        "last_chosen_appropriate_body_id = EXCLUDED.last_chosen_appropriate_body_id, "
        "last_chosen_training_programme = EXCLUDED.last_chosen_training_programme, "
        "last_chosen_lead_provider_id = EXCLUDED.last_chosen_lead_provider_id, updated_at = now()",
        plan.school_urn, plan.appropriate_body_id, plan.training_programme,
        plan.lead_provider_id.value_or(""));
    // The teacher's period elsewhere that is open on the new start ends the day before, with its
    // mentorships and training; those not started by then are deleted.
    pqxx::result others = txn.exec_params(
        "SELECT id FROM ect_at_school_periods WHERE teacher_id = $1 "
        "AND (finished_on IS NULL OR finished_on >= $2::date) FOR UPDATE",
        teacher_id, start);
    for (const pqxx::row& other : others) {
      const std::string id = other[0].as<std::string>();
      txn.exec_params(
          "DELETE FROM mentorship_periods WHERE ect_at_school_period_id = $1 "
          "AND started_on >= $2::date",
          id, start);
      txn.exec_params(
          "UPDATE mentorship_periods SET finished_on = $2::date - 1, updated_at = now() "
          "WHERE ect_at_school_period_id = $1 AND (finished_on IS NULL OR finished_on >= $2::date)",
          id, start);
      txn.exec_params(
          "DELETE FROM training_periods WHERE ect_at_school_period_id = $1 "
          "AND started_on >= $2::date",
          id, start);
      txn.exec_params(
          "UPDATE training_periods SET finished_on = $2::date - 1, updated_at = now() "
          "WHERE ect_at_school_period_id = $1 AND (finished_on IS NULL OR finished_on >= $2::date)",
          id, start);
      txn.exec_params(
          "UPDATE ect_at_school_periods SET finished_on = $2::date - 1, updated_at = now() "
          "WHERE id = $1",
          id, start);
    }
    const std::string period_id =
        txn.exec_params1(
               "INSERT INTO ect_at_school_periods (teacher_id, school_urn, started_on, email, "
               "working_pattern, school_reported_appropriate_body_id) "
               "VALUES ($1, $2, $3::date, $4, $5::working_pattern, $6::uuid) RETURNING id",
               teacher_id, plan.school_urn, start, plan.email, plan.working_pattern,
               plan.appropriate_body_id)[0]
            .as<std::string>();
    std::string training_id;
    if (plan.training_programme == "provider_led") {
      txn.exec_params(
          "INSERT INTO schedules (contract_period_year, identifier) VALUES ($1, $2) "
          "ON CONFLICT DO NOTHING",
          plan.contract_period_year, plan.schedule_identifier);
      pqxx::result eoi = txn.exec_params(
          "SELECT id FROM active_lead_providers WHERE lead_provider_id = $1::uuid "
          "AND contract_period_year = $2",
          *plan.lead_provider_id, plan.contract_period_year);
      if (eoi.empty()) {
        return absl::FailedPreconditionError(
            "the lead provider is not active in the registration year");
      }
      training_id =
          txn.exec_params1(
                 "INSERT INTO training_periods (ect_at_school_period_id, started_on, "
                 "training_programme, lead_provider_id, contract_period_year, "
                 "expression_of_interest_id, schedule_id) "
                 "SELECT $1, $2::date, 'provider_led', $3::uuid, $4, $5::uuid, s.id "
                 "FROM schedules s WHERE s.contract_period_year = $4 AND s.identifier = $6 "
                 "RETURNING id",
                 period_id, DayText(plan.training_started_on), *plan.lead_provider_id,
                 plan.contract_period_year, eoi[0][0].as<std::string>(),
                 plan.schedule_identifier)[0]
              .as<std::string>();
    } else {
      training_id = txn.exec_params1(
                           "INSERT INTO training_periods (ect_at_school_period_id, started_on, "
                           "training_programme) VALUES ($1, $2::date, 'school_led') RETURNING id",
                           period_id, DayText(plan.training_started_on))[0]
                        .as<std::string>();
    }
    const std::string name =
        plan.corrected_name.empty()
            ? absl::StrCat(plan.trs_first_name, " ", plan.trs_last_name)
            : plan.corrected_name;
    txn.exec_params(
        "INSERT INTO events (event_type, heading, author_type, author_name, author_email, "
        "teacher_id, school_urn, ect_at_school_period_id, training_period_id, lead_provider_id) "
        "VALUES ('teacher_registered_as_ect', $1, 'school_user', NULLIF($2, ''), "
        "NULLIF($3, '')::citext, $4, $5, $6, $7, NULLIF($8, '')::uuid)",
        absl::StrCat(name, " was registered as an ECT at ", plan.school_name), plan.author_name,
        plan.author_email, teacher_id, plan.school_urn, period_id, training_id,
        plan.lead_provider_id.value_or(""));
    nlohmann::json personalisation = {{"ect_name", name}, {"school_name", plan.school_name}};
    txn.exec_params(
        "INSERT INTO pending_emails (idempotency_key, template, recipient, personalisation) "
        "VALUES ($1, $2, $3, $4::jsonb)",
        absl::StrCat("ect-registered:", period_id), plan.email_template, plan.email,
        personalisation.dump());
    txn.exec_params(
        "UPDATE wizard_sessions SET answers = $2::jsonb || "
        "jsonb_build_object('ect_at_school_period_id', $3::text), updated_at = now() "
        "WHERE id_digest = $1",
        Bytes(key.id_digest), saved_answers, period_id);
    return period_id;
  });
}

}  // namespace rect::registration
