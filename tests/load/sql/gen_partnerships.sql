-- National-scale data for the partnerships database: contract periods 2021–2026, 25,000 GIAS
-- schools, 10 lead providers, 60 delivery partners, their relationships, school cohorts and
-- ~115,000 partnerships. Run once on a migrated database (after the seed, whose rows it
-- leaves alone):  psql -v seed=1 -v ON_ERROR_STOP=1 -f gen_partnerships.sql
\set QUIET on
\ir gen_common.sql
BEGIN;
SET LOCAL session_replication_role = replica;  -- the data is consistent by construction

INSERT INTO contract_periods (year, started_on, finished_on, academic_year_start_date,
                              registration_start_date, enabled, mentor_funding_enabled)
SELECT y, make_date(y, 6, 1), make_date(y + 1, 5, 31), make_date(y, 9, 1), make_date(y, 5, 10),
       true, y >= 2025
  FROM generate_series(2021, 2026) y
ON CONFLICT DO NOTHING;

INSERT INTO lead_providers (id, name)
SELECT pg_temp.id('lp/' || l), format('Load Lead Provider %s', to_char(l, 'FM00'))
  FROM generate_series(0, 9) l;

INSERT INTO lead_provider_cohorts (id, lead_provider_id, contract_period_year)
SELECT pg_temp.id('lpc/' || l || '/' || y), pg_temp.id('lp/' || l), y
  FROM generate_series(0, 9) l, generate_series(2021, 2026) y;

INSERT INTO delivery_partners (id, name, created_at, updated_at)
SELECT pg_temp.id('dp/' || d), format('Load Delivery Partner %s', to_char(d, 'FM00')),
       timestamptz '2021-03-01' + d * interval '1 day', timestamptz '2021-03-01' + d * interval '1 day'
  FROM generate_series(0, 59) d;

-- Each partner works with its main provider every year, and half also with a second one.
INSERT INTO provider_relationships (id, lead_provider_id, delivery_partner_id, contract_period_year)
SELECT pg_temp.id('pr/' || l || '/' || d || '/' || y), pg_temp.id('lp/' || l), pg_temp.id('dp/' || d), y
  FROM generate_series(0, 59) d, generate_series(2021, 2026) y,
       LATERAL (VALUES (d % 10), (CASE WHEN d % 2 = 0 THEN (d + 3) % 10 END)) v(l)
 WHERE l IS NOT NULL;

INSERT INTO gias_schools (id, urn, name, type_code, type_name, status_code, status_name,
                          administrative_district_code, administrative_district_name,
                          local_authority_code, local_authority_name, ukprn,
                          phase_of_education_code, phase_of_education_name, address_line1,
                          postcode, primary_contact_email, open, in_england, eligible,
                          cip_only, created_at, updated_at)
SELECT pg_temp.id('school/' || s), (400000 + s)::text,
       format('%s %s School', (ARRAY['St Mary''s', 'Oakfield', 'Riverside', 'Hillside', 'Park',
                                    'Meadow', 'Kingsway', 'Abbey'])[1 + s % 8], s),
       CASE WHEN s % 20 = 4 THEN 30 ELSE 1 END,
       CASE WHEN s % 20 = 4 THEN 'Welsh establishment' ELSE 'Community school' END,
       CASE WHEN s % 20 = 3 THEN 2 ELSE 1 END, CASE WHEN s % 20 = 3 THEN 'Closed' ELSE 'Open' END,
       'E0' || (9000000 + s % 300), 'District ' || s % 300, (800 + s % 150)::text,
       'Authority ' || s % 150, (10000000 + s)::text, 2, 'Primary', s || ' High Street',
       'AB' || (s % 90 + 10) || ' ' || (s % 9 + 1) || 'CD',
       CASE WHEN s % 7 <> 0 THEN 'office@school' || s || '.example' END,
       s % 20 <> 3, s % 20 <> 4, pg_temp.school_eligible(s), false,
       timestamptz '2021-01-01' + (s % 1000) * interval '1 hour',
       timestamptz '2024-01-01' + (pg_temp.h('school-updated/' || s) % 60000000) * interval '1 second'
  FROM generate_series(0, 24999) s;

INSERT INTO school_cohorts (id, school_id, contract_period_year, induction_programme_choice,
                            created_at, updated_at)
SELECT pg_temp.id('sc/' || s || '/' || y), pg_temp.id('school/' || s), y,
       CASE WHEN pg_temp.partnered(s, y) THEN 'full_induction_programme'
            WHEN pg_temp.h('choice/' || s || '/' || y) % 3 = 0 THEN 'core_induction_programme'
            ELSE 'not_yet_known' END::induction_programme_choice,
       make_timestamptz(y, 6, 1, 0, 0, 0, 'UTC') + (pg_temp.h('sc-created/' || s || '/' || y) % 200) * interval '1 day',
       make_timestamptz(y, 6, 1, 0, 0, 0, 'UTC') + (pg_temp.h('sc-updated/' || s || '/' || y) % 400) * interval '1 day'
  FROM generate_series(0, 24999) s, generate_series(2021, 2026) y
 WHERE pg_temp.school_eligible(s) AND pg_temp.h('has-sc/' || s || '/' || y) % 10 < 8
    OR pg_temp.partnered(s, y);

INSERT INTO partnerships (id, school_id, lead_provider_id, delivery_partner_id,
                          contract_period_year, created_at, updated_at)
SELECT pg_temp.id('partnership/' || s || '/' || y), pg_temp.id('school/' || s),
       pg_temp.id('lp/' || pg_temp.partnership_lp(s, y)), pg_temp.id('dp/' || pg_temp.partnership_dp(s, y)), y,
       make_timestamptz(y, 6, 1, 0, 0, 0, 'UTC') + (pg_temp.h('p-created/' || s || '/' || y) % 20000000) * interval '1 second',
       make_timestamptz(y, 6, 1, 0, 0, 0, 'UTC') + (20000000 + pg_temp.h('p-updated/' || s || '/' || y) % 20000000) * interval '1 second'
  FROM generate_series(0, 24999) s, generate_series(2021, 2026) y
 WHERE pg_temp.partnered(s, y);
COMMIT;
ANALYZE;
SELECT (SELECT count(*) FROM gias_schools) AS schools, (SELECT count(*) FROM lead_providers) AS lead_providers,
       (SELECT count(*) FROM delivery_partners) AS delivery_partners,
       (SELECT count(*) FROM partnerships) AS partnerships;
