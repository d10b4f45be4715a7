-- National-scale Lead Provider API money data for the registration database (after
-- gen_registration.sql, same seed, on the schema of 010_lead_provider_api.sql): lead provider
-- names, milestones for every schedule, monthly output
-- statements per provider and cohort, and about 1,000,000 declarations: one per type every 100
-- days from the training start, up to the data date 2026-11-01 (paid, payable or eligible by
-- their statement's state).
--   psql -v seed=1 -v teachers=200000 -v declarations=1000000 -v ON_ERROR_STOP=1 -f gen_declarations.sql
\set QUIET on
\if :{?teachers}
\else
\set teachers 200000
\endif
\if :{?declarations}
\else
\set declarations 1000000
\endif
\ir gen_common.sql
BEGIN;
SET LOCAL session_replication_role = replica;  -- the data is consistent by construction

INSERT INTO lead_provider_names (id, name)
SELECT pg_temp.id('lp/' || l), format('Load Lead Provider %s', to_char(l, 'FM00'))
  FROM generate_series(0, 9) l
ON CONFLICT (id) DO NOTHING;

-- Every type may be declared from 1 June of the cohort year; up to 2024 until a year after.
INSERT INTO milestones (schedule_id, declaration_type, start_date, milestone_date)
SELECT s.id, t.type, make_date(s.contract_period_year, 6, 1),
       CASE WHEN s.contract_period_year <= 2024
            THEN make_date(s.contract_period_year, 6, 1) + 365 * (1 + t.k)::integer END
  FROM schedules s,
       unnest(ARRAY['started', 'retained-1', 'retained-2', 'retained-3', 'retained-4',
                    'completed', 'extended-1', 'extended-2', 'extended-3'])
         WITH ORDINALITY t(type, k)
ON CONFLICT DO NOTHING;

-- Monthly output statements per provider and cohort, September of the cohort year for four
-- years: deadline the month's last day, paid when before June 2026, payable until November.
INSERT INTO statements (id, lead_provider_id, contract_period_year, month, year, deadline_date,
                        payment_date, status, created_at, updated_at)
SELECT pg_temp.id('statement/' || l || '/' || y || '/' || extract(year FROM m) || '/' || extract(month FROM m)),
       pg_temp.id('lp/' || l), y, extract(month FROM m)::integer, extract(year FROM m)::integer,
       (m + interval '1 month' - interval '1 day')::date,
       (m + interval '1 month' + interval '24 days')::date,
       CASE WHEN m < date '2026-06-01' THEN 'paid' WHEN m < date '2026-11-01' THEN 'payable'
            ELSE 'open' END,
       m - interval '1 month', m
  FROM generate_series(0, 9) l, generate_series(2021, 2026) y,
       generate_series(make_date(y, 9, 1), make_date(y + 4, 8, 1), interval '1 month') m;

-- Bulk loading is much faster with the secondary indexes built afterwards: keep their
-- definitions, drop them, and build them again after the insert.
CREATE TEMP TABLE load_indexes ON COMMIT DROP AS
SELECT indexname, indexdef FROM pg_indexes
 WHERE schemaname = 'public' AND tablename = 'declarations'
   AND indexname NOT IN (SELECT conname FROM pg_constraint);
DO $$
DECLARE i record;
BEGIN
  FOR i IN SELECT indexname FROM load_indexes LOOP
    EXECUTE format('DROP INDEX %I', i.indexname);
  END LOOP;
END $$;

INSERT INTO declarations (id, teacher_id, training_period_id, lead_provider_id,
                          delivery_partner_id, contract_period_year, course, declaration_type,
                          declaration_date, evidence_type, payment_status,
                          payment_statement_id, request_digest, created_at, updated_at)
SELECT pg_temp.id('declaration/' || x.n || '/' || t.type), pg_temp.id('teacher/' || x.n),
       pg_temp.id('training/' || x.n), pg_temp.id('lp/' || x.l),
       pg_temp.id('dp/' || pg_temp.partnership_dp(x.s, x.y)), x.y,
       CASE WHEN x.mentor THEN 'mentor' ELSE 'ect' END, t.type, d.at,
       CASE WHEN t.type = 'started' AND x.y <= 2024 THEN NULL
            WHEN t.type IN ('retained-2', 'completed') AND x.y >= 2025 THEN '75-percent-engagement-met'
            ELSE 'training-event-attended' END,
       CASE WHEN d.at < date '2026-06-01' THEN 'paid' WHEN d.at < date '2026-11-01' THEN 'payable'
            ELSE 'eligible' END,
       pg_temp.id('statement/' || x.l || '/' || x.y || '/' || extract(year FROM d.at) || '/' || extract(month FROM d.at)),
       md5('request/' || x.n || '/' || t.type) || md5('digest/' || x.n || '/' || t.type),
       d.at, d.at
  FROM (SELECT n, s, y, n % 8 = 0 AS mentor, pg_temp.partnership_lp(s, y) AS l,
               make_date(y, 9, 1) + (pg_temp.h('start/' || n) % 60)::integer AS started_on
          FROM (SELECT n, pg_temp.school_of(n) AS s, 2021 + n % 6 AS y
                  FROM generate_series(0, :teachers - 1) n) p
         WHERE pg_temp.partnered(s, y)) x,
       unnest(ARRAY['started', 'retained-1', 'retained-2', 'retained-3', 'retained-4',
                    'completed', 'extended-1', 'extended-2']) WITH ORDINALITY t(type, k),
       LATERAL (SELECT (x.started_on + 100 * (t.k - 1)::integer + time '10:00')::timestamptz AS at) d
 WHERE d.at < timestamptz '2026-11-01'
 LIMIT :declarations;

DO $$
DECLARE i record;
BEGIN
  FOR i IN SELECT indexdef FROM load_indexes LOOP
    EXECUTE i.indexdef;
  END LOOP;
END $$;
COMMIT;
ANALYZE;
SELECT (SELECT count(*) FROM statements) AS statements, (SELECT count(*) FROM declarations) AS declarations;
