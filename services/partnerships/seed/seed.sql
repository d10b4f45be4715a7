-- Seed data of partnerships.md §9, beyond the GIAS schools (seed/gias_schools.csv, which must
-- be imported first): contract periods, lead providers, delivery partners, provider
-- relationships, school cohorts, partnerships and their events. Fixed ids and ON CONFLICT DO
-- NOTHING make it safe to run again. Users, induction tutors and teachers belong to other
-- services and are seeded there (lead provider ids below are what identity's users point at).

INSERT INTO contract_periods (year, started_on, finished_on, academic_year_start_date,
                              registration_start_date, enabled) VALUES
  (2021, '2021-06-01', '2022-05-31', '2021-09-01', '2021-05-10', true),
  (2022, '2022-06-01', '2023-05-31', '2022-09-01', '2022-05-10', true)
ON CONFLICT DO NOTHING;

INSERT INTO lead_providers (id, name) VALUES
  ('11111111-1111-4111-8111-000000000001', 'Northern Teaching Trust'),        -- LP1
  ('11111111-1111-4111-8111-000000000002', 'Southern Learning Partnership')   -- LP2
ON CONFLICT DO NOTHING;

INSERT INTO delivery_partners (id, name) VALUES
  ('22222222-2222-4222-8222-000000000001', 'Pennine Schools Alliance'),  -- DP1
  ('22222222-2222-4222-8222-000000000002', 'Dales Teaching Hub'),        -- DP2
  ('22222222-2222-4222-8222-000000000003', 'Solent Teaching Network'),   -- DP3
  ('22222222-2222-4222-8222-000000000004', 'Unlinked Partner')           -- DP4
ON CONFLICT DO NOTHING;

INSERT INTO lead_provider_cohorts (id, lead_provider_id, contract_period_year) VALUES
  ('33333333-3333-4333-8333-000000012021', '11111111-1111-4111-8111-000000000001', 2021),
  ('33333333-3333-4333-8333-000000012022', '11111111-1111-4111-8111-000000000001', 2022),
  ('33333333-3333-4333-8333-000000022021', '11111111-1111-4111-8111-000000000002', 2021),
  ('33333333-3333-4333-8333-000000022022', '11111111-1111-4111-8111-000000000002', 2022)
ON CONFLICT DO NOTHING;

-- id digits: lead provider, delivery partner, year. DP4 works only with LP2 (2022), so it
-- exists for another provider yet never appears in LP1's list.
INSERT INTO provider_relationships (id, lead_provider_id, delivery_partner_id,
                                    contract_period_year) VALUES
  ('44444444-4444-4444-8444-000000112021', '11111111-1111-4111-8111-000000000001',
   '22222222-2222-4222-8222-000000000001', 2021),
  ('44444444-4444-4444-8444-000000112022', '11111111-1111-4111-8111-000000000001',
   '22222222-2222-4222-8222-000000000001', 2022),
  ('44444444-4444-4444-8444-000000122021', '11111111-1111-4111-8111-000000000001',
   '22222222-2222-4222-8222-000000000002', 2021),
  ('44444444-4444-4444-8444-000000232021', '11111111-1111-4111-8111-000000000002',
   '22222222-2222-4222-8222-000000000003', 2021),
  ('44444444-4444-4444-8444-000000232022', '11111111-1111-4111-8111-000000000002',
   '22222222-2222-4222-8222-000000000003', 2022),
  ('44444444-4444-4444-8444-000000242022', '11111111-1111-4111-8111-000000000002',
   '22222222-2222-4222-8222-000000000004', 2022)
ON CONFLICT DO NOTHING;

-- The four partnered schools chose the provider-led programme for 2021; none has a 2022
-- choice yet (so a 2022 upload of 100015, 100016 or 100018 meets rule 6).
INSERT INTO school_cohorts (id, school_id, contract_period_year, induction_programme_choice)
SELECT ('66666666-6666-4666-8666-000000' || s.urn)::uuid, s.id, 2021, 'full_induction_programme'
FROM gias_schools s
WHERE s.urn IN ('100015', '100016', '100017', '100018')
ON CONFLICT DO NOTHING;

-- Partnership ids end in the school's URN.
INSERT INTO partnerships (id, school_id, lead_provider_id, delivery_partner_id,
                          contract_period_year, challenged_at, challenge_reason,
                          challenge_deadline, created_at, updated_at)
SELECT ('55555555-5555-4555-8555-000000' || s.urn)::uuid, s.id, p.lead_provider_id::uuid,
       p.delivery_partner_id::uuid, 2021, p.challenged_at::timestamptz,
       p.challenge_reason::challenge_reason, '2021-10-31 00:00 Europe/London'::timestamptz,
       '2021-09-10 10:00 Europe/London', coalesce(p.challenged_at::timestamptz,
                                                  '2021-09-10 10:00 Europe/London')
FROM (VALUES
  ('100015', '11111111-1111-4111-8111-000000000001', '22222222-2222-4222-8222-000000000002',
   NULL, NULL),
  ('100016', '11111111-1111-4111-8111-000000000002', '22222222-2222-4222-8222-000000000003',
   NULL, NULL),
  ('100017', '11111111-1111-4111-8111-000000000002', '22222222-2222-4222-8222-000000000003',
   '2021-09-15 09:30 Europe/London', 'another_provider'),
  ('100018', '11111111-1111-4111-8111-000000000002', '22222222-2222-4222-8222-000000000003',
   NULL, NULL)
) AS p (urn, lead_provider_id, delivery_partner_id, challenged_at, challenge_reason)
JOIN gias_schools s ON s.urn = p.urn
ON CONFLICT DO NOTHING;

-- Event ids: 7…1 reported, 7…2 challenged, then the URN.
INSERT INTO event_log (id, partnership_id, event, data, created_at)
SELECT ('77777777-7777-4777-8777-000001' || right(p.id::text, 6))::uuid, p.id,
       'reported', '{}', p.created_at
FROM partnerships p
WHERE p.id::text LIKE '55555555-5555-4555-8555-000000%'
ON CONFLICT DO NOTHING;

INSERT INTO event_log (id, partnership_id, event, data, created_at)
SELECT ('77777777-7777-4777-8777-000002' || right(p.id::text, 6))::uuid, p.id,
       'challenged', jsonb_build_object('reason', p.challenge_reason), p.challenged_at
FROM partnerships p
WHERE p.id::text LIKE '55555555-5555-4555-8555-000000%' AND p.challenge_reason IS NOT NULL
ON CONFLICT DO NOTHING;

-- The open contract periods 2023-2025, for the Lead Provider API's participants in them
-- (services/registration/api/seed): LP1 works with DP2 and LP2 with DP3 in each, and LP1
-- partners URN 100015 every year, LP2 URN 100016 in 2024. Partnership ids end in the year and
-- the URN; their reported events' ids in 1, the year, 0 and the URN.
INSERT INTO contract_periods (year, started_on, finished_on, academic_year_start_date,
                              registration_start_date, enabled)
SELECT y, make_date(y, 6, 1), make_date(y + 1, 5, 31), make_date(y, 9, 1), make_date(y, 5, 10),
       true
FROM generate_series(2023, 2025) AS y
ON CONFLICT DO NOTHING;

INSERT INTO lead_provider_cohorts (id, lead_provider_id, contract_period_year)
SELECT ('33333333-3333-4333-8333-0000000' || lp.n || y)::uuid, lp.id::uuid, y
FROM (VALUES (1, '11111111-1111-4111-8111-000000000001'),
             (2, '11111111-1111-4111-8111-000000000002')) AS lp (n, id)
CROSS JOIN generate_series(2023, 2025) AS y
ON CONFLICT DO NOTHING;

INSERT INTO provider_relationships (id, lead_provider_id, delivery_partner_id,
                                    contract_period_year)
SELECT ('44444444-4444-4444-8444-000000' || r.code || y)::uuid, r.lp::uuid, r.dp::uuid, y
FROM (VALUES ('12', '11111111-1111-4111-8111-000000000001', '22222222-2222-4222-8222-000000000002'),
             ('23', '11111111-1111-4111-8111-000000000002', '22222222-2222-4222-8222-000000000003'))
       AS r (code, lp, dp)
CROSS JOIN generate_series(2023, 2025) AS y
ON CONFLICT DO NOTHING;

INSERT INTO school_cohorts (id, school_id, contract_period_year, induction_programme_choice)
SELECT ('66666666-6666-4666-8666-' || p.year || '00' || s.urn)::uuid, s.id, p.year,
       'full_induction_programme'
FROM (VALUES ('100015', 2023), ('100015', 2024), ('100015', 2025), ('100016', 2024))
       AS p (urn, year)
JOIN gias_schools s ON s.urn = p.urn
ON CONFLICT DO NOTHING;

INSERT INTO partnerships (id, school_id, lead_provider_id, delivery_partner_id,
                          contract_period_year, challenge_deadline, created_at, updated_at)
SELECT ('55555555-5555-4555-8555-' || p.year || '00' || s.urn)::uuid, s.id,
       p.lead_provider_id::uuid, p.delivery_partner_id::uuid, p.year,
       (make_date(p.year, 10, 31)::text || ' 00:00 Europe/London')::timestamptz,
       (make_date(p.year, 9, 10)::text || ' 10:00 Europe/London')::timestamptz,
       (make_date(p.year, 9, 10)::text || ' 10:00 Europe/London')::timestamptz
FROM (VALUES
  ('100015', 2023, '11111111-1111-4111-8111-000000000001', '22222222-2222-4222-8222-000000000002'),
  ('100015', 2024, '11111111-1111-4111-8111-000000000001', '22222222-2222-4222-8222-000000000002'),
  ('100015', 2025, '11111111-1111-4111-8111-000000000001', '22222222-2222-4222-8222-000000000002'),
  ('100016', 2024, '11111111-1111-4111-8111-000000000002', '22222222-2222-4222-8222-000000000003')
) AS p (urn, year, lead_provider_id, delivery_partner_id)
JOIN gias_schools s ON s.urn = p.urn
ON CONFLICT DO NOTHING;

INSERT INTO event_log (id, partnership_id, event, data, created_at)
SELECT ('77777777-7777-4777-8777-1' || p.contract_period_year || '0' || right(p.id::text, 6))::uuid,
       p.id, 'reported', '{}', p.created_at
FROM partnerships p
WHERE p.id::text ~ '^55555555-5555-4555-8555-20[0-9]{2}00'
ON CONFLICT DO NOTHING;
