-- National-scale data for the registration database: schedules for 2021–2026 and 200,000
-- teachers (one in eight a mentor), each with one period at a school and one training period:
-- provider-led in the school's partnership of that year when it has one (same seed as
-- gen_partnerships.sql, so ids line up), school-led otherwise; some withdrawn or deferred.
--   psql -v seed=1 -v teachers=200000 -v ON_ERROR_STOP=1 -f gen_registration.sql
\set QUIET on
\ir gen_common.sql
-- Training periods name their delivery partner once the schema has the column (010).
SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'training_periods'
                 AND column_name = 'delivery_partner_id') AS has_dp \gset
\if :has_dp
\set dp_column ', delivery_partner_id'
\set dp_value ', CASE WHEN provider_led THEN pg_temp.id(''dp/'' || pg_temp.partnership_dp(s, y)) END'
\else
\set dp_column ''
\set dp_value ''
\endif
BEGIN;
SET LOCAL session_replication_role = replica;  -- the data is consistent by construction

INSERT INTO schedules (id, contract_period_year, identifier)
SELECT pg_temp.id('schedule/' || y), y, 'ecf-standard-september'
  FROM generate_series(2021, 2026) y
ON CONFLICT DO NOTHING;

-- n → school s (one of the 22,500 eligible ones), cohort y, start date, finished (cohorts up
-- to 2023 have finished).
CREATE TEMP TABLE load_people ON COMMIT DROP AS
SELECT n, s, y, mentor, started_on,
       CASE WHEN y <= 2023 THEN started_on + 700 END AS finished_on,
       pg_temp.partnered(s, y) AS provider_led,
       pg_temp.h('status/' || n) % 100 AS status_roll
  FROM (SELECT n, pg_temp.school_of(n) AS s, 2021 + n % 6 AS y,
               n % 8 = 0 AS mentor,
               make_date(2021 + n % 6, 9, 1) + (pg_temp.h('start/' || n) % 60)::integer AS started_on
          FROM generate_series(0, :teachers - 1) n) x;

INSERT INTO teachers (id, trn, trs_first_name, trs_last_name, trs_induction_status,
                      trs_qts_awarded_on, ect_first_became_eligible_for_training_at,
                      api_ect_training_record_id, api_mentor_training_record_id,
                      created_at, updated_at)
SELECT pg_temp.id('teacher/' || n), (3000000 + n)::text,
       (ARRAY['Amira', 'Ben', 'Chloe', 'Dev', 'Ellen', 'Femi', 'Grace', 'Hari'])[1 + n % 8],
       'Teacher' || n, CASE WHEN mentor THEN 'Passed' ELSE 'InProgress' END::trs_induction_status,
       make_date(y - 1, 7, 20), CASE WHEN NOT mentor THEN started_on::timestamptz END,
       pg_temp.id('ect-record/' || n), pg_temp.id('mentor-record/' || n),
       started_on - 10, least(started_on + (pg_temp.h('t-updated/' || n) % 900)::integer, date '2026-11-01')
  FROM load_people;

INSERT INTO ect_at_school_periods (id, teacher_id, school_urn, started_on, finished_on, email,
                                   working_pattern, created_at, updated_at)
SELECT pg_temp.id('ect-period/' || n), pg_temp.id('teacher/' || n), (400000 + s)::text,
       started_on, finished_on, 'teacher' || n || '@school' || s || '.example', 'full_time',
       started_on - 10, started_on - 10
  FROM load_people WHERE NOT mentor;

INSERT INTO mentor_at_school_periods (id, teacher_id, school_urn, started_on, finished_on, email,
                                      created_at, updated_at)
SELECT pg_temp.id('mentor-period/' || n), pg_temp.id('teacher/' || n), (400000 + s)::text,
       started_on, finished_on, 'mentor' || n || '@school' || s || '.example',
       started_on - 10, started_on - 10
  FROM load_people WHERE mentor;

INSERT INTO training_periods (id, ect_at_school_period_id, mentor_at_school_period_id, started_on,
                              finished_on, training_programme, lead_provider_id,
                              contract_period_year, school_partnership_id, schedule_id,
                              withdrawn_at, withdrawal_reason, deferred_at, deferral_reason,
                              created_at, updated_at :dp_column)
SELECT pg_temp.id('training/' || n),
       CASE WHEN NOT mentor THEN pg_temp.id('ect-period/' || n) END,
       CASE WHEN mentor THEN pg_temp.id('mentor-period/' || n) END,
       started_on, finished_on,
       CASE WHEN provider_led THEN 'provider_led' ELSE 'school_led' END::training_programme,
       CASE WHEN provider_led THEN pg_temp.id('lp/' || pg_temp.partnership_lp(s, y)) END,
       CASE WHEN provider_led THEN y END,
       CASE WHEN provider_led THEN pg_temp.id('partnership/' || s || '/' || y) END,
       CASE WHEN provider_led THEN pg_temp.id('schedule/' || y) END,
       CASE WHEN provider_led AND status_roll < 3 THEN started_on + 120 END,
       CASE WHEN provider_led AND status_roll < 3 THEN 'moved-school' END::withdrawal_reason,
       CASE WHEN provider_led AND status_roll BETWEEN 3 AND 4 THEN started_on + 90 END,
       CASE WHEN provider_led AND status_roll BETWEEN 3 AND 4 THEN 'parental-leave' END::deferral_reason,
       started_on - 10, least(started_on + (pg_temp.h('t-updated/' || n) % 900)::integer, date '2026-11-01')
       :dp_value
  FROM load_people WHERE provider_led OR NOT mentor;
COMMIT;
-- The triggers that keep each provider's participants were off for the load: derive them all
-- at once (once the schema has them, 013 and 014).
SELECT to_regproc('rebuild_training_views') IS NOT NULL AS has_training_views \gset
\if :has_training_views
SELECT rebuild_training_views();
\endif
ANALYZE;
SELECT (SELECT count(*) FROM teachers) AS teachers,
       (SELECT count(*) FROM training_periods) AS training_periods,
       (SELECT count(*) FROM training_periods WHERE training_programme = 'provider_led') AS provider_led;
