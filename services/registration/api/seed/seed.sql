-- Lead Provider API demo data in the registration database, beside the partnerships seed
-- (services/partnerships/seed): schedules and milestones for 2021-2025, participants trained
-- through the seeded 2021 partnerships (LP1 at URN 100015 with DP2, LP2 at URN 100016 with DP3),
-- their declarations and the providers' statements. Fixed ids and ON CONFLICT DO NOTHING make
-- it safe to run again.

INSERT INTO lead_provider_names (id, name) VALUES
  ('11111111-1111-4111-8111-000000000001', 'Northern Teaching Trust'),
  ('11111111-1111-4111-8111-000000000002', 'Southern Learning Partnership')
ON CONFLICT DO NOTHING;

-- The twelve schedules of each contract period.
INSERT INTO schedules (contract_period_year, identifier)
SELECT y, 'ecf-' || kind || '-' || month
FROM generate_series(2021, 2025) AS y,
     unnest(ARRAY['standard', 'extended', 'reduced', 'replacement']) AS kind,
     unnest(ARRAY['september', 'january', 'april']) AS month
ON CONFLICT DO NOTHING;

-- Milestones: up to 2024 each type opens a term (4 months) after the previous one and closes
-- when the next one closes; from 2025 each opens a quarter after the previous one, with no
-- upper bound. Extended schedules add extended-1..3.
INSERT INTO milestones (schedule_id, declaration_type, start_date, milestone_date)
SELECT s.id, t.type,
       make_date(s.contract_period_year, 6, 1)
         + (t.position * CASE WHEN s.contract_period_year <= 2024 THEN interval '4 months'
                              ELSE interval '3 months' END)::interval,
       CASE WHEN s.contract_period_year <= 2024
            THEN (make_date(s.contract_period_year, 6, 1)
                  + ((t.position + 2) * interval '4 months') - interval '1 day')::date END
FROM schedules s
CROSS JOIN LATERAL (
  SELECT type, position - 1 AS position
  FROM unnest(ARRAY['started', 'retained-1', 'retained-2', 'retained-3', 'retained-4',
                    'completed', 'extended-1', 'extended-2', 'extended-3'])
       WITH ORDINALITY AS x (type, position)) t
WHERE s.contract_period_year BETWEEN 2021 AND 2025
  AND (s.identifier LIKE 'ecf-extended-%' OR t.type NOT LIKE 'extended-%')
ON CONFLICT DO NOTHING;

-- Teachers (TRNs 3000001-3000005): at URN 100015 with LP1 an eligible ECT (1), an ECT not yet
-- eligible (2) and their mentor (3); at URN 100016 with LP2 an eligible ECT (4) and a withdrawn
-- ECT (5), who is mentored by a mentor LP2 does not train (6: an unfunded mentor for LP2).
INSERT INTO teachers (id, trn, trs_first_name, trs_last_name,
                      ect_first_became_eligible_for_training_at, trs_induction_start_date,
                      created_at, updated_at) VALUES
  ('99999999-9999-4999-8999-000000000001', '3000001', 'Amira', 'Begum', '2021-09-01 09:00Z',
   '2021-09-01', '2021-09-10 09:00Z', '2021-09-10 09:00Z'),
  ('99999999-9999-4999-8999-000000000002', '3000002', 'Ben', 'Carter', NULL, NULL,
   '2021-09-10 09:05Z', '2021-09-10 09:05Z'),
  ('99999999-9999-4999-8999-000000000003', '3000003', 'Chloe', 'Davies', NULL, NULL,
   '2021-09-10 09:10Z', '2021-09-10 09:10Z'),
  ('99999999-9999-4999-8999-000000000004', '3000004', 'Dev', 'Evans', '2021-09-01 09:00Z',
   '2021-09-01', '2021-09-11 09:00Z', '2021-09-11 09:00Z'),
  ('99999999-9999-4999-8999-000000000005', '3000005', 'Ella', 'Fraser', NULL, NULL,
   '2021-09-11 09:05Z', '2022-01-15 12:00Z'),
  ('99999999-9999-4999-8999-000000000006', '3000006', 'Farah', 'Green', NULL, NULL,
   '2021-09-11 09:10Z', '2021-09-11 09:10Z')
ON CONFLICT DO NOTHING;

INSERT INTO ect_at_school_periods (id, teacher_id, school_urn, started_on, email,
                                   working_pattern) VALUES
  ('99999999-9999-4999-8999-000000000101', '99999999-9999-4999-8999-000000000001', '100015',
   '2021-09-01', 'amira.begum@school.example', 'full_time'),
  ('99999999-9999-4999-8999-000000000102', '99999999-9999-4999-8999-000000000002', '100015',
   '2021-09-01', 'ben.carter@school.example', 'part_time'),
  ('99999999-9999-4999-8999-000000000104', '99999999-9999-4999-8999-000000000004', '100016',
   '2021-09-01', 'dev.evans@school.example', 'full_time'),
  ('99999999-9999-4999-8999-000000000105', '99999999-9999-4999-8999-000000000005', '100016',
   '2021-09-01', 'ella.fraser@school.example', 'full_time')
ON CONFLICT DO NOTHING;

INSERT INTO mentor_at_school_periods (id, teacher_id, school_urn, started_on, email) VALUES
  ('99999999-9999-4999-8999-000000000203', '99999999-9999-4999-8999-000000000003', '100015',
   '2021-09-01', 'chloe.davies@school.example'),
  ('99999999-9999-4999-8999-000000000206', '99999999-9999-4999-8999-000000000006', '100016',
   '2021-09-01', 'farah.green@school.example')
ON CONFLICT DO NOTHING;

INSERT INTO mentorship_periods (id, ect_at_school_period_id, mentor_at_school_period_id,
                                school_urn, mentee_teacher_id, mentor_teacher_id, started_on)
VALUES
  ('99999999-9999-4999-8999-000000000301', '99999999-9999-4999-8999-000000000101',
   '99999999-9999-4999-8999-000000000203', '100015', '99999999-9999-4999-8999-000000000001',
   '99999999-9999-4999-8999-000000000003', '2021-09-01'),
  ('99999999-9999-4999-8999-000000000306', '99999999-9999-4999-8999-000000000104',
   '99999999-9999-4999-8999-000000000206', '100016', '99999999-9999-4999-8999-000000000004',
   '99999999-9999-4999-8999-000000000006', '2021-09-01')
ON CONFLICT DO NOTHING;

INSERT INTO training_periods (id, ect_at_school_period_id, mentor_at_school_period_id,
                              started_on, finished_on, training_programme, lead_provider_id,
                              contract_period_year, school_partnership_id, schedule_id,
                              delivery_partner_id, withdrawn_at, withdrawal_reason, created_at,
                              updated_at)
SELECT t.id::uuid, t.ect::uuid, t.mentor::uuid, '2021-09-01', t.finished_on::date,
       'provider_led', t.lp::uuid, 2021, t.partnership::uuid, s.id, t.dp::uuid,
       t.withdrawn_at::timestamptz, t.reason::withdrawal_reason, '2021-09-10 10:00Z',
       coalesce(t.withdrawn_at::timestamptz, '2021-09-10 10:00Z')
FROM (VALUES
  ('99999999-9999-4999-8999-000000000401', '99999999-9999-4999-8999-000000000101', NULL,
   '11111111-1111-4111-8111-000000000001', '55555555-5555-4555-8555-000000100015',
   '22222222-2222-4222-8222-000000000002', NULL, NULL, NULL),
  ('99999999-9999-4999-8999-000000000402', '99999999-9999-4999-8999-000000000102', NULL,
   '11111111-1111-4111-8111-000000000001', '55555555-5555-4555-8555-000000100015',
   '22222222-2222-4222-8222-000000000002', NULL, NULL, NULL),
  ('99999999-9999-4999-8999-000000000403', NULL, '99999999-9999-4999-8999-000000000203',
   '11111111-1111-4111-8111-000000000001', '55555555-5555-4555-8555-000000100015',
   '22222222-2222-4222-8222-000000000002', NULL, NULL, NULL),
  ('99999999-9999-4999-8999-000000000404', '99999999-9999-4999-8999-000000000104', NULL,
   '11111111-1111-4111-8111-000000000002', '55555555-5555-4555-8555-000000100016',
   '22222222-2222-4222-8222-000000000003', NULL, NULL, NULL),
  ('99999999-9999-4999-8999-000000000405', '99999999-9999-4999-8999-000000000105', NULL,
   '11111111-1111-4111-8111-000000000002', '55555555-5555-4555-8555-000000100016',
   '22222222-2222-4222-8222-000000000003', '2022-01-15', '2022-01-15 12:00Z',
   'left-teaching-profession')
) AS t (id, ect, mentor, lp, partnership, dp, finished_on, withdrawn_at, reason)
JOIN schedules s ON s.contract_period_year = 2021 AND s.identifier = 'ecf-standard-september'
ON CONFLICT DO NOTHING;

-- Output statements (and one service-fee statement, never shown), ids end in provider and month.
INSERT INTO statements (id, lead_provider_id, contract_period_year, month, year, deadline_date,
                        payment_date, output_fee, status, created_at, updated_at)
SELECT s.id::uuid, s.lp::uuid, s.cohort, s.month, s.year, s.deadline::date, s.payment::date,
       s.output_fee, s.status, '2021-06-01 09:00Z', s.updated::timestamptz
FROM (VALUES
  ('88888888-8888-4888-8888-000001202111', '11111111-1111-4111-8111-000000000001', 2021, 11,
   2021, '2021-10-31', '2021-11-25', true, 'paid', '2021-11-25 12:00Z'),
  ('88888888-8888-4888-8888-000001202201', '11111111-1111-4111-8111-000000000001', 2021, 1,
   2022, '2021-12-31', '2022-01-25', true, 'payable', '2022-01-01 00:00Z'),
  ('88888888-8888-4888-8888-000001202202', '11111111-1111-4111-8111-000000000001', 2021, 2,
   2022, '2022-01-31', '2022-02-25', false, 'payable', '2022-02-01 00:00Z'),
  ('88888888-8888-4888-8888-000001202212', '11111111-1111-4111-8111-000000000001', 2022, 12,
   2022, '2022-11-30', '2022-12-25', true, 'paid', '2022-12-25 12:00Z'),
  ('88888888-8888-4888-8888-000002202111', '11111111-1111-4111-8111-000000000002', 2021, 11,
   2021, '2021-10-31', '2021-11-25', true, 'paid', '2021-11-25 12:00Z'),
  ('88888888-8888-4888-8888-000002202201', '11111111-1111-4111-8111-000000000002', 2021, 1,
   2022, '2021-12-31', '2022-01-25', true, 'payable', '2022-01-01 00:00Z')
) AS s (id, lp, cohort, month, year, deadline, payment, output_fee, status, updated)
ON CONFLICT DO NOTHING;

-- Declarations: LP1's eligible ECT has a paid started and a payable retained-1, its unfunded ECT
-- a submitted started; LP2's ECT has a paid started, its withdrawn ECT a voided started.
INSERT INTO declarations (id, teacher_id, training_period_id, lead_provider_id,
                          delivery_partner_id, contract_period_year, course, declaration_type,
                          declaration_date, evidence_type, payment_status, payment_statement_id,
                          mentor_teacher_id, request_digest, voided_at, created_at, updated_at)
SELECT d.id::uuid, d.teacher::uuid, d.period::uuid, d.lp::uuid, d.dp::uuid, 2021, 'ect', d.type,
       d.declared::timestamptz, d.evidence, d.payment_status, d.statement::uuid, d.mentor::uuid,
       encode(sha256(convert_to(d.id, 'UTF8')), 'hex'), d.voided::timestamptz,
       d.declared::timestamptz + interval '1 hour',
       coalesce(d.voided::timestamptz, d.declared::timestamptz + interval '1 hour')
FROM (VALUES
  ('77777777-7777-4777-8777-000000000001', '99999999-9999-4999-8999-000000000001',
   '99999999-9999-4999-8999-000000000401', '11111111-1111-4111-8111-000000000001',
   '22222222-2222-4222-8222-000000000002', 'started', '2021-10-01 09:00Z', NULL, 'paid',
   '88888888-8888-4888-8888-000001202111', '99999999-9999-4999-8999-000000000003', NULL),
  ('77777777-7777-4777-8777-000000000002', '99999999-9999-4999-8999-000000000001',
   '99999999-9999-4999-8999-000000000401', '11111111-1111-4111-8111-000000000001',
   '22222222-2222-4222-8222-000000000002', 'retained-1', '2021-12-10 09:00Z',
   'training-event-attended', 'payable', '88888888-8888-4888-8888-000001202201',
   '99999999-9999-4999-8999-000000000003', NULL),
  ('77777777-7777-4777-8777-000000000003', '99999999-9999-4999-8999-000000000002',
   '99999999-9999-4999-8999-000000000402', '11111111-1111-4111-8111-000000000001',
   '22222222-2222-4222-8222-000000000002', 'started', '2021-10-02 09:00Z', NULL, 'no_payment',
   NULL, NULL, NULL),
  ('77777777-7777-4777-8777-000000000004', '99999999-9999-4999-8999-000000000004',
   '99999999-9999-4999-8999-000000000404', '11111111-1111-4111-8111-000000000002',
   '22222222-2222-4222-8222-000000000003', 'started', '2021-10-03 09:00Z', NULL, 'paid',
   '88888888-8888-4888-8888-000002202111', NULL, NULL),
  ('77777777-7777-4777-8777-000000000005', '99999999-9999-4999-8999-000000000005',
   '99999999-9999-4999-8999-000000000405', '11111111-1111-4111-8111-000000000002',
   '22222222-2222-4222-8222-000000000003', 'started', '2021-10-04 09:00Z', NULL, 'voided',
   NULL, NULL, '2021-10-20 09:00Z')
) AS d (id, teacher, period, lp, dp, type, declared, evidence, payment_status, statement, mentor,
        voided)
ON CONFLICT DO NOTHING;

-- Open contract periods (2023-2025), beside the partnerships seed's 2023-2025 partnerships (LP1
-- at URN 100015 with DP2, LP2 at URN 100016 with DP3). LP1: a funded ECT (11) and an unfunded
-- ECT (12) from 2023, an ECT from 2024 (13), an ECT from 2025 (14) mentored by a 2025 mentor (15),
-- and a 2023 mentor (16) with a paid started declaration. LP2: a funded ECT from 2024 (17).
INSERT INTO teachers (id, trn, trs_first_name, trs_last_name,
                      ect_first_became_eligible_for_training_at, trs_induction_start_date,
                      created_at, updated_at) VALUES
  ('99999999-9999-4999-8999-000000000011', '3000011', 'Grace', 'Hughes', '2023-09-01 09:00Z',
   '2023-09-01', '2023-09-10 09:00Z', '2023-09-10 09:00Z'),
  ('99999999-9999-4999-8999-000000000012', '3000012', 'Harry', 'Irving', NULL, NULL,
   '2023-09-10 09:05Z', '2023-09-10 09:05Z'),
  ('99999999-9999-4999-8999-000000000013', '3000013', 'Isla', 'Jones', NULL, NULL,
   '2024-09-10 09:00Z', '2024-09-10 09:00Z'),
  ('99999999-9999-4999-8999-000000000014', '3000014', 'Jack', 'Khan', NULL, NULL,
   '2025-09-10 09:00Z', '2025-09-10 09:00Z'),
  ('99999999-9999-4999-8999-000000000015', '3000015', 'Kate', 'Lewis', NULL, NULL,
   '2025-09-10 09:05Z', '2025-09-10 09:05Z'),
  ('99999999-9999-4999-8999-000000000016', '3000016', 'Liam', 'Morris', NULL, NULL,
   '2023-09-10 09:10Z', '2023-09-10 09:10Z'),
  ('99999999-9999-4999-8999-000000000017', '3000017', 'Maya', 'Nash', '2024-09-01 09:00Z',
   '2024-09-01', '2024-09-11 09:00Z', '2024-09-11 09:00Z')
ON CONFLICT DO NOTHING;

INSERT INTO ect_at_school_periods (id, teacher_id, school_urn, started_on, email,
                                   working_pattern) VALUES
  ('99999999-9999-4999-8999-000000000111', '99999999-9999-4999-8999-000000000011', '100015',
   '2023-09-01', 'grace.hughes@school.example', 'full_time'),
  ('99999999-9999-4999-8999-000000000112', '99999999-9999-4999-8999-000000000012', '100015',
   '2023-09-01', 'harry.irving@school.example', 'full_time'),
  ('99999999-9999-4999-8999-000000000113', '99999999-9999-4999-8999-000000000013', '100015',
   '2024-09-01', 'isla.jones@school.example', 'part_time'),
  ('99999999-9999-4999-8999-000000000114', '99999999-9999-4999-8999-000000000014', '100015',
   '2025-09-01', 'jack.khan@school.example', 'full_time'),
  ('99999999-9999-4999-8999-000000000117', '99999999-9999-4999-8999-000000000017', '100016',
   '2024-09-01', 'maya.nash@school.example', 'full_time')
ON CONFLICT DO NOTHING;

INSERT INTO mentor_at_school_periods (id, teacher_id, school_urn, started_on, email) VALUES
  ('99999999-9999-4999-8999-000000000215', '99999999-9999-4999-8999-000000000015', '100015',
   '2025-09-01', 'kate.lewis@school.example'),
  ('99999999-9999-4999-8999-000000000216', '99999999-9999-4999-8999-000000000016', '100015',
   '2023-09-01', 'liam.morris@school.example')
ON CONFLICT DO NOTHING;

INSERT INTO mentorship_periods (id, ect_at_school_period_id, mentor_at_school_period_id,
                                school_urn, mentee_teacher_id, mentor_teacher_id, started_on)
VALUES
  ('99999999-9999-4999-8999-000000000314', '99999999-9999-4999-8999-000000000114',
   '99999999-9999-4999-8999-000000000215', '100015', '99999999-9999-4999-8999-000000000014',
   '99999999-9999-4999-8999-000000000015', '2025-09-01')
ON CONFLICT DO NOTHING;

-- Partnership ids end in the year and the school's URN (services/partnerships/seed).
INSERT INTO training_periods (id, ect_at_school_period_id, mentor_at_school_period_id,
                              started_on, training_programme, lead_provider_id,
                              contract_period_year, school_partnership_id, schedule_id,
                              delivery_partner_id, created_at, updated_at)
SELECT t.id::uuid, t.ect::uuid, t.mentor::uuid, make_date(t.cohort, 9, 1), 'provider_led',
       t.lp::uuid, t.cohort,
       ('55555555-5555-4555-8555-' || t.cohort || '00' || t.urn)::uuid, s.id, t.dp::uuid,
       make_timestamptz(t.cohort, 9, 10, 10, 0, 0, 'UTC'),
       make_timestamptz(t.cohort, 9, 10, 10, 0, 0, 'UTC')
FROM (VALUES
  ('99999999-9999-4999-8999-000000000411', '99999999-9999-4999-8999-000000000111', NULL, 2023,
   '11111111-1111-4111-8111-000000000001', '100015', '22222222-2222-4222-8222-000000000002'),
  ('99999999-9999-4999-8999-000000000412', '99999999-9999-4999-8999-000000000112', NULL, 2023,
   '11111111-1111-4111-8111-000000000001', '100015', '22222222-2222-4222-8222-000000000002'),
  ('99999999-9999-4999-8999-000000000413', '99999999-9999-4999-8999-000000000113', NULL, 2024,
   '11111111-1111-4111-8111-000000000001', '100015', '22222222-2222-4222-8222-000000000002'),
  ('99999999-9999-4999-8999-000000000414', '99999999-9999-4999-8999-000000000114', NULL, 2025,
   '11111111-1111-4111-8111-000000000001', '100015', '22222222-2222-4222-8222-000000000002'),
  ('99999999-9999-4999-8999-000000000415', NULL, '99999999-9999-4999-8999-000000000215', 2025,
   '11111111-1111-4111-8111-000000000001', '100015', '22222222-2222-4222-8222-000000000002'),
  ('99999999-9999-4999-8999-000000000416', NULL, '99999999-9999-4999-8999-000000000216', 2023,
   '11111111-1111-4111-8111-000000000001', '100015', '22222222-2222-4222-8222-000000000002'),
  ('99999999-9999-4999-8999-000000000417', '99999999-9999-4999-8999-000000000117', NULL, 2024,
   '11111111-1111-4111-8111-000000000002', '100016', '22222222-2222-4222-8222-000000000003')
) AS t (id, ect, mentor, cohort, lp, urn, dp)
JOIN schedules s ON s.contract_period_year = t.cohort AND s.identifier = 'ecf-standard-september'
ON CONFLICT DO NOTHING;

-- Statements of the open years: a paid 2023 one for each provider, and an open one per provider
-- and open year whose deadline is the end of the month after the seed first ran (so the
-- providers' new declarations have a statement to go on). Ids end in provider, year, 99 for
-- the open one.
INSERT INTO statements (id, lead_provider_id, contract_period_year, month, year, deadline_date,
                        payment_date, output_fee, status, created_at, updated_at)
SELECT s.id::uuid, s.lp::uuid, s.cohort, s.month, s.year, s.deadline::date, s.payment::date,
       true, 'paid', '2023-06-01 09:00Z', s.payment::timestamptz
FROM (VALUES
  ('88888888-8888-4888-8888-000001202312', '11111111-1111-4111-8111-000000000001', 2023, 12,
   2023, '2023-11-30', '2023-12-25'),
  ('88888888-8888-4888-8888-000002202312', '11111111-1111-4111-8111-000000000002', 2023, 12,
   2023, '2023-11-30', '2023-12-25')
) AS s (id, lp, cohort, month, year, deadline, payment)
ON CONFLICT DO NOTHING;

INSERT INTO statements (id, lead_provider_id, contract_period_year, month, year, deadline_date,
                        payment_date, output_fee, status, created_at, updated_at)
SELECT ('88888888-8888-4888-8888-00000' || lp.n || cohort || '99')::uuid, lp.id::uuid, cohort,
       extract(month FROM d.deadline + 1)::int, extract(year FROM d.deadline + 1)::int,
       d.deadline, d.deadline + 25, true, 'open', now(), now()
FROM (VALUES (1, '11111111-1111-4111-8111-000000000001'),
             (2, '11111111-1111-4111-8111-000000000002')) AS lp (n, id)
CROSS JOIN generate_series(2023, 2025) AS cohort
CROSS JOIN LATERAL (
  SELECT (date_trunc('month', current_date) + interval '2 months' - interval '1 day')::date
    AS deadline) d
ON CONFLICT DO NOTHING;

-- LP1's 2023 mentor has a paid started declaration (a clawback is possible while an open 2023
-- statement lasts).
INSERT INTO declarations (id, teacher_id, training_period_id, lead_provider_id,
                          delivery_partner_id, contract_period_year, course, declaration_type,
                          declaration_date, evidence_type, payment_status, payment_statement_id,
                          mentor_teacher_id, request_digest, voided_at, created_at, updated_at)
VALUES
  ('77777777-7777-4777-8777-000000000016', '99999999-9999-4999-8999-000000000016',
   '99999999-9999-4999-8999-000000000416', '11111111-1111-4111-8111-000000000001',
   '22222222-2222-4222-8222-000000000002', 2023, 'mentor', 'started', '2023-10-02 09:00Z',
   NULL, 'paid', '88888888-8888-4888-8888-000001202312', NULL,
   encode(sha256(convert_to('77777777-7777-4777-8777-000000000016', 'UTF8')), 'hex'), NULL,
   '2023-10-02 10:00Z', '2023-10-02 10:00Z')
ON CONFLICT DO NOTHING;

-- LP1's joining ECT (18): registered at URN 100015 to start a month after the seed first ran,
-- so their participant_status is "joining" until then.
INSERT INTO teachers (id, trn, trs_first_name, trs_last_name, created_at, updated_at) VALUES
  ('99999999-9999-4999-8999-000000000018', '3000018', 'Nia', 'Owen', now(), now())
ON CONFLICT DO NOTHING;

INSERT INTO ect_at_school_periods (id, teacher_id, school_urn, started_on, email,
                                   working_pattern)
VALUES ('99999999-9999-4999-8999-000000000118', '99999999-9999-4999-8999-000000000018',
        '100015', current_date + 30, 'nia.owen@school.example', 'full_time')
ON CONFLICT DO NOTHING;

INSERT INTO training_periods (id, ect_at_school_period_id, started_on, training_programme,
                              lead_provider_id, contract_period_year, school_partnership_id,
                              schedule_id, delivery_partner_id, created_at, updated_at)
SELECT '99999999-9999-4999-8999-000000000418', '99999999-9999-4999-8999-000000000118',
       current_date + 30, 'provider_led', '11111111-1111-4111-8111-000000000001', 2025,
       '55555555-5555-4555-8555-000000250015', s.id, '22222222-2222-4222-8222-000000000002',
       now(), now()
FROM schedules s
WHERE s.contract_period_year = 2025 AND s.identifier = 'ecf-standard-september'
ON CONFLICT DO NOTHING;

-- LP2's ECT (19) registered at URN 100016 for 2025 before LP2 partnered the school that year
-- (an expression of interest only): invisible to LP2 until it does.
INSERT INTO teachers (id, trn, trs_first_name, trs_last_name, created_at, updated_at) VALUES
  ('99999999-9999-4999-8999-000000000019', '3000019', 'Omar', 'Patel', now(), now())
ON CONFLICT DO NOTHING;

INSERT INTO ect_at_school_periods (id, teacher_id, school_urn, started_on, email,
                                   working_pattern)
VALUES ('99999999-9999-4999-8999-000000000119', '99999999-9999-4999-8999-000000000019',
        '100016', '2025-09-01', 'omar.patel@school.example', 'full_time')
ON CONFLICT DO NOTHING;

INSERT INTO training_periods (id, ect_at_school_period_id, started_on, training_programme,
                              lead_provider_id, contract_period_year, expression_of_interest_id,
                              schedule_id, created_at, updated_at)
SELECT '99999999-9999-4999-8999-000000000419', '99999999-9999-4999-8999-000000000119',
       '2025-09-01', 'provider_led', '11111111-1111-4111-8111-000000000002', 2025,
       '33333333-3333-4333-8333-000000022025', s.id, now(), now()
FROM schedules s
WHERE s.contract_period_year = 2025 AND s.identifier = 'ecf-standard-september'
ON CONFLICT DO NOTHING;
