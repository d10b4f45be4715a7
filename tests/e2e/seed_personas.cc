// seed_personas: puts the registration state of the local TRS personas 7000006 and
// 7000018–7000024 (school-journeys.md §8, "RECT state") into the registration database, and
// takes 7000013 (registered by the happy-path test) back to none, for the schools the
// local DfE Sign-in's personas sign in for: Oakfield Primary School (URN 100001) is the test
// school, Chalk Lane Primary School (URN 100017) is "elsewhere".
//
// Each run puts the chosen personas back into exactly that state: their teacher rows are
// upserted, and every period, mentorship and training period they have (including ones made by
// earlier browser tests) is replaced by the designed ones, so it is safe to repeat and a test
// can start from the designed state whatever ran before it.
//
//   seed_personas [--trns=7000019,7000024]    (default: all of them)
//
// The database comes from --registration_database_url or RECT_E2E_REGISTRATION_DATABASE_URL;
// the registration service must have migrated it.
#include <iostream>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/common/options.h"
#include "services/common/pg_pool.h"

ABSL_FLAG(std::string, registration_database_url, "",
          "registration database (libpq URI or conninfo)");
ABSL_FLAG(std::string, trns, "", "comma-separated persona TRNs to reset (default: all)");

namespace {

constexpr const char* kPersonaTrns[] = {"7000006", "7000013", "7000018", "7000019", "7000020",
                                        "7000021", "7000022", "7000023", "7000024"};

// Runs with a temporary table persona_reset(trn) holding the TRNs to reset.
constexpr char kSeedSql[] = R"sql(
-- The teachers as TRS names them, with the mentor funding facts of §4.3.
INSERT INTO teachers (trn, trs_first_name, trs_last_name, trs_induction_status,
                      mentor_became_ineligible_for_funding_on,
                      mentor_became_ineligible_for_funding_reason, trs_data_last_refreshed_at)
SELECT p.trn, p.first_name, p.last_name, p.status::trs_induction_status, p.ineligible_on,
       p.reason::mentor_funding_ineligibility_reason, now()
FROM (VALUES
  ('7000006', 'Derek', 'Moss', 'RequiredToComplete', DATE '2021-04-19',
   'completed_during_early_roll_out'),
  ('7000018', 'Oscar', 'Hale', 'InProgress', NULL::date, NULL),
  ('7000019', 'Priya', 'Nair', 'InProgress', NULL::date, NULL),
  ('7000020', 'Quinn', 'Abbott', 'InProgress', NULL::date, NULL),
  ('7000021', 'Rosa', 'Clarke', 'None', NULL::date, NULL),
  ('7000022', 'Sam', 'Turner', 'Passed', DATE '2025-07-01', 'completed_declaration_received'),
  ('7000023', 'Tara', 'Quinn', 'Passed', DATE '2024-08-01', 'started_not_completed'),
  ('7000024', 'Uma', 'Patel', 'None', NULL::date, NULL)
) p (trn, first_name, last_name, status, ineligible_on, reason)
JOIN persona_reset r ON r.trn = p.trn
ON CONFLICT (trn) DO UPDATE SET
  trs_first_name = EXCLUDED.trs_first_name, trs_last_name = EXCLUDED.trs_last_name,
  corrected_name = NULL, trs_induction_status = EXCLUDED.trs_induction_status,
  mentor_became_ineligible_for_funding_on = EXCLUDED.mentor_became_ineligible_for_funding_on,
  mentor_became_ineligible_for_funding_reason = EXCLUDED.mentor_became_ineligible_for_funding_reason,
  trs_data_last_refreshed_at = now(), updated_at = now();

CREATE TEMPORARY TABLE persona_teachers ON COMMIT DROP AS
  SELECT t.id, t.trn FROM teachers t JOIN persona_reset r ON r.trn = t.trn;

-- Whatever they have now goes (7000013 has nothing by design: a teacher row left by an
-- earlier registration keeps only its name) (events keep their rows, without the period ids).
DELETE FROM mentorship_periods
 WHERE mentee_teacher_id IN (SELECT id FROM persona_teachers)
    OR mentor_teacher_id IN (SELECT id FROM persona_teachers);
DELETE FROM training_periods
 WHERE ect_at_school_period_id IN (SELECT e.id FROM ect_at_school_periods e
                                    WHERE e.teacher_id IN (SELECT id FROM persona_teachers))
    OR mentor_at_school_period_id IN (SELECT m.id FROM mentor_at_school_periods m
                                       WHERE m.teacher_id IN (SELECT id FROM persona_teachers));
DELETE FROM ect_at_school_periods WHERE teacher_id IN (SELECT id FROM persona_teachers);
DELETE FROM mentor_at_school_periods WHERE teacher_id IN (SELECT id FROM persona_teachers);

-- ECT periods: Oscar open at the test school; Priya open provider-led at Chalk Lane (2025);
-- Quinn finished at Chalk Lane.
INSERT INTO ect_at_school_periods (teacher_id, school_urn, started_on, finished_on, email,
                                   working_pattern)
SELECT t.id, v.urn, v.started_on, v.finished_on, v.email, 'full_time'
FROM (VALUES
  ('7000018', '100001', DATE '2025-09-01', NULL::date, 'oscar.hale@example.org'),
  ('7000019', '100017', DATE '2025-09-01', NULL::date, 'priya.nair@example.org'),
  ('7000020', '100017', DATE '2024-09-01', DATE '2025-07-31', 'quinn.abbott@example.org')
) v (trn, urn, started_on, finished_on, email)
JOIN persona_teachers t ON t.trn = v.trn;

INSERT INTO schedules (contract_period_year, identifier)
VALUES (2025, 'ecf-standard-september') ON CONFLICT DO NOTHING;

-- Oscar and Quinn school-led for their whole periods; Priya provider-led with Northern Teaching
-- Trust (an expression of interest in 2025) from 1 October 2025.
INSERT INTO training_periods (ect_at_school_period_id, started_on, finished_on,
                              training_programme)
SELECT e.id, e.started_on, e.finished_on, 'school_led'
FROM ect_at_school_periods e JOIN persona_teachers t ON t.id = e.teacher_id
WHERE t.trn IN ('7000018', '7000020');

INSERT INTO training_periods (ect_at_school_period_id, started_on, training_programme,
                              lead_provider_id, contract_period_year, expression_of_interest_id,
                              schedule_id)
SELECT e.id, DATE '2025-10-01', 'provider_led', a.lead_provider_id, 2025, a.id, s.id
FROM ect_at_school_periods e
JOIN persona_teachers t ON t.id = e.teacher_id AND t.trn = '7000019'
JOIN active_lead_providers a
  ON a.lead_provider_id = '11111111-1111-4111-8111-000000000001' AND a.contract_period_year = 2025
JOIN schedules s ON s.contract_period_year = 2025 AND s.identifier = 'ecf-standard-september';

-- Mentor periods: Rosa open at Chalk Lane; Uma open at the test school, never trained.
INSERT INTO mentor_at_school_periods (teacher_id, school_urn, started_on, email)
SELECT t.id, v.urn, v.started_on, v.email
FROM (VALUES
  ('7000021', '100017', DATE '2024-09-01', 'rosa.clarke@example.org'),
  ('7000024', '100001', DATE '2025-09-01', 'uma.patel@example.org')
) v (trn, urn, started_on, email)
JOIN persona_teachers t ON t.trn = v.trn;
)sql";

}  // namespace

int main(int argc, char** argv) {
  rect::ParseFlagsWithEnvironment(argc, argv, "RECT_E2E_", {"registration_database_url"});
  const std::string url = absl::GetFlag(FLAGS_registration_database_url);
  if (url.empty()) {
    std::cerr << "usage: seed_personas --registration_database_url=... [--trns=7000019,...]\n";
    return 2;
  }
  std::vector<std::string> trns;
  for (absl::string_view trn : absl::StrSplit(absl::GetFlag(FLAGS_trns), ',', absl::SkipEmpty())) {
    bool known = false;
    for (const char* persona : kPersonaTrns) known = known || trn == persona;
    if (!known) {
      std::cerr << "seed_personas: " << trn << " is not a persona with registration state\n";
      return 2;
    }
    trns.emplace_back(trn);
  }
  if (trns.empty()) trns.assign(std::begin(kPersonaTrns), std::end(kPersonaTrns));

  rect::PgPool pool({url, 1, absl::Seconds(10)}, nullptr);
  absl::Status seeded = pool.Transact([&](pqxx::work& txn) -> absl::Status {
    // Two runs at once would each delete and insert: the second waits for the first.
    txn.exec("SELECT pg_advisory_xact_lock(7000018)");
    txn.exec("CREATE TEMPORARY TABLE persona_reset (trn text PRIMARY KEY) ON COMMIT DROP");
    for (const std::string& trn : trns) {
      txn.exec_params("INSERT INTO persona_reset (trn) VALUES ($1)", trn);
    }
    txn.exec(kSeedSql);
    return absl::OkStatus();
  });
  if (!seeded.ok()) {
    std::cerr << "seed_personas: " << seeded.message() << "\n";
    return 3;
  }
  std::cout << "seeded personas " << absl::StrJoin(trns, ",") << "\n";
  return 0;
}
