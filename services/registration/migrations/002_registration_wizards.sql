-- The school wizards' server-side state, the confirmation emails waiting to be handed to the
-- notifications service, and the reference data the wizards choose from.
--
-- Never stored here: date of birth, National Insurance number. The wizard answers hold the TRN,
-- what TRS said about the person (name, induction status, prohibition) and the school's answers;
-- the date of birth and NINO travel only in the request that does the TRS look-up.

-- One unfinished (or just saved) register-an-ECT or register-a-mentor journey. The browser holds
-- a random id; only its SHA-256 digest is kept. A session belongs to one user at one school and
-- expires when left alone (expires_at is pushed on at every step).
CREATE TABLE wizard_sessions (
  id_digest bytea PRIMARY KEY CHECK (length(id_digest) = 32),
  wizard text NOT NULL CHECK (wizard IN ('register_ect', 'register_mentor')),
  school_urn text NOT NULL CHECK (school_urn ~ '^[1-9][0-9]{0,6}$'),
  user_id text NOT NULL CHECK (btrim(user_id) <> ''),
  answers jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX wizard_sessions_by_expiry ON wizard_sessions (expires_at);

-- Emails written in the same transaction as the registration they confirm, then handed to the
-- notifications service (whose outbox dedupes on idempotency_key) and deleted. A crash between
-- the hand-over and the delete hands the same key over again, which sends nothing twice.
CREATE TABLE pending_emails (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  idempotency_key text NOT NULL UNIQUE CHECK (btrim(idempotency_key) <> ''),
  template text NOT NULL CHECK (btrim(template) <> ''),
  recipient citext NOT NULL CHECK (recipient ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
  personalisation jsonb NOT NULL DEFAULT '{}',
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pending_emails_due ON pending_emails (next_attempt_at);

-- Contract periods as registration applies them (school-journeys.md §6): `enabled` = registration
-- open, payments frozen years move ECTs on, mentor funding from 2025.
CREATE TABLE contract_periods (
  year integer PRIMARY KEY CHECK (year BETWEEN 2020 AND 2100),
  started_on date NOT NULL,
  finished_on date NOT NULL CHECK (finished_on > started_on),
  enabled boolean NOT NULL DEFAULT false,
  payments_frozen boolean NOT NULL DEFAULT false,
  mentor_funding_enabled boolean NOT NULL DEFAULT false,
  CONSTRAINT contract_periods_no_overlap
    EXCLUDE USING gist (daterange(started_on, finished_on, '[]') WITH &&)
);

INSERT INTO contract_periods (year, started_on, finished_on, enabled, payments_frozen,
                              mentor_funding_enabled) VALUES
  (2021, '2021-06-01', '2022-05-31', false, true, false),
  (2022, '2022-06-01', '2023-05-31', false, true, false),
  (2023, '2023-06-01', '2024-05-31', true, false, false),
  (2024, '2024-06-01', '2025-05-31', true, false, false),
  (2025, '2025-06-01', '2026-05-31', true, false, true),
  (2026, '2026-06-01', '2027-05-31', true, false, true),
  (2027, '2027-06-01', '2028-05-31', false, false, true);

CREATE TYPE appropriate_body_type AS ENUM ('teaching_school_hub', 'national', 'local_authority');

-- Appropriate bodies schools choose for an ECT's induction; active = has a DfE Sign-in
-- organisation.
CREATE TABLE appropriate_bodies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL UNIQUE CHECK (btrim(name) <> ''),
  body_type appropriate_body_type NOT NULL,
  dfe_sign_in_organisation_id uuid
);

INSERT INTO appropriate_bodies (id, name, body_type, dfe_sign_in_organisation_id) VALUES
  ('55555555-5555-4555-8555-000000000001',
   'Independent Schools Teacher Induction Panel (ISTIP)', 'national',
   '55555555-5555-4555-8555-100000000001'),
  ('55555555-5555-4555-8555-000000000002', 'Educational Success Partners (ESP)', 'national',
   '55555555-5555-4555-8555-100000000002'),
  ('55555555-5555-4555-8555-000000000003', 'Pennine Teaching School Hub', 'teaching_school_hub',
   '55555555-5555-4555-8555-100000000003'),
  ('55555555-5555-4555-8555-000000000004', 'Severn Teaching School Hub', 'teaching_school_hub',
   '55555555-5555-4555-8555-100000000004'),
  ('55555555-5555-4555-8555-000000000005', 'Fenland Local Authority', 'local_authority',
   '55555555-5555-4555-8555-100000000005');

-- The lead providers selectable in each contract period (the partnerships service's
-- lead-provider-in-year rows, same ids, as registration needs them offline from it): `id` is
-- what a provider-led training period without a school partnership stores as its
-- expression_of_interest_id.
CREATE TABLE active_lead_providers (
  id uuid PRIMARY KEY,
  lead_provider_id uuid NOT NULL,
  lead_provider_name text NOT NULL CHECK (btrim(lead_provider_name) <> ''),
  contract_period_year integer NOT NULL REFERENCES contract_periods (year),
  UNIQUE (lead_provider_id, contract_period_year)
);

INSERT INTO active_lead_providers (id, lead_provider_id, lead_provider_name, contract_period_year)
SELECT ('33333333-3333-4333-8333-0000000' || lp.n || y.year)::uuid,
       ('11111111-1111-4111-8111-00000000000' || lp.n)::uuid, lp.name, y.year
FROM (VALUES ('1', 'Northern Teaching Trust'), ('2', 'Southern Learning Partnership')) lp (n, name),
     contract_periods y;
