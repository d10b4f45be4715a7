-- Partnerships: contract periods, GIAS schools, lead providers, delivery partners, the
-- partnerships between them, and the challenge ("report a mistake") trail. Users and their
-- sign-in live in the identity service, induction tutors and teachers in registration: this
-- database keeps no copy of them. Challenge and nomination tokens are stored only as SHA-256
-- digests (bytea, 32 bytes).

CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE EXTENSION IF NOT EXISTS citext;

CREATE TYPE induction_programme_choice AS ENUM (
  'full_induction_programme', 'core_induction_programme', 'design_our_own', 'school_funded_fip',
  'no_early_career_teachers', 'not_yet_known');
CREATE TYPE challenge_reason AS ENUM (
  'another_provider', 'not_confirmed', 'do_not_recognise', 'no_ects', 'mistake');
CREATE TYPE partnership_email_type AS ENUM (
  'induction_coordinator_email', 'induction_coordinator_reminder_email', 'school_email',
  'school_reminder_email', 'nominate_sit_email');
CREATE TYPE partnership_event AS ENUM ('reported', 'challenged');

-- Contract periods, which ECF1 calls cohorts: period Y runs 1 June Y to 31 May Y+1 and is shown
-- as "Y to Y+1". Dates are stored, not computed. `enabled` = registration open.
CREATE TABLE contract_periods (
  year integer PRIMARY KEY CHECK (year BETWEEN 2020 AND 2100),
  started_on date NOT NULL,
  finished_on date NOT NULL,
  academic_year_start_date date NOT NULL,
  registration_start_date date,
  enabled boolean NOT NULL DEFAULT false,
  payments_frozen_at timestamptz,
  mentor_funding_enabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT contract_periods_start_in_their_year CHECK (extract(year FROM started_on) = year),
  CONSTRAINT contract_periods_finish_after_start CHECK (finished_on > started_on),
  CONSTRAINT contract_periods_academic_year_inside
    CHECK (academic_year_start_date BETWEEN started_on AND finished_on),
  CONSTRAINT contract_periods_no_overlap
    EXCLUDE USING gist (daterange(started_on, finished_on, '[]') WITH &&)
);

-- One row per GIAS establishment, every row imported (closed, Welsh and ineligible schools too,
-- so a URN check can give the real reason). `id` is the school id the lead provider API shows.
-- URNs are stored without leading zeros, so "020006" and "20006" are one school. The four flags
-- are computed by the service from the GIAS columns (eligibility.h) on every write.
CREATE TABLE gias_schools (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  urn text NOT NULL UNIQUE CHECK (urn ~ '^[1-9][0-9]{0,6}$'),
  name text NOT NULL CHECK (btrim(name) <> ''),
  type_code integer NOT NULL,
  type_name text,
  status_code integer NOT NULL,
  status_name text,
  administrative_district_code text,
  administrative_district_name text,
  section_41_approved boolean NOT NULL DEFAULT false,
  local_authority_code text,
  local_authority_name text,
  ukprn text,
  phase_of_education_code integer NOT NULL DEFAULT 0,
  phase_of_education_name text,
  address_line1 text,
  address_line2 text,
  address_line3 text,
  postcode text,
  school_website text,
  -- GIAS MainEmail and AlternativeEmail; blank is NULL.
  primary_contact_email citext CHECK (primary_contact_email <> ''),
  secondary_contact_email citext CHECK (secondary_contact_email <> ''),
  open boolean NOT NULL,
  in_england boolean NOT NULL,
  eligible boolean NOT NULL,
  cip_only boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT gias_schools_eligible_only_when_open_in_england
    CHECK (NOT eligible OR (open AND in_england)),
  CONSTRAINT gias_schools_cip_only_when_open_and_not_eligible
    CHECK (NOT cip_only OR (open AND NOT eligible))
);
CREATE INDEX gias_schools_by_name ON gias_schools (lower(name));

CREATE TABLE lead_providers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (btrim(name) <> ''),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX lead_providers_name ON lead_providers (lower(name));

-- Delivery partners are soft-deleted (discarded_at), so old partnerships keep their names.
CREATE TABLE delivery_partners (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Whitespace squeezed: words separated by single spaces, nothing at either end.
  name text NOT NULL CONSTRAINT delivery_partners_name_squeezed CHECK (name ~ '^\S+( \S+)*$'),
  discarded_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX delivery_partners_live_name ON delivery_partners (lower(name))
  WHERE discarded_at IS NULL;

-- The lead providers active in each contract period: a provider can be chosen, partner schools
-- or take expressions of interest for a year only with this row. `id` is what registration
-- stores as a training period's expression_of_interest_id.
CREATE TABLE lead_provider_cohorts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  lead_provider_id uuid NOT NULL REFERENCES lead_providers (id),
  contract_period_year integer NOT NULL REFERENCES contract_periods (year),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (lead_provider_id, contract_period_year)
);

-- Which delivery partners a lead provider works with in a year. Soft-deleted; at most one live
-- row per (provider, partner, year). A partnership needs a live one when it is created.
CREATE TABLE provider_relationships (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  lead_provider_id uuid NOT NULL,
  delivery_partner_id uuid NOT NULL REFERENCES delivery_partners (id),
  contract_period_year integer NOT NULL,
  discarded_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (lead_provider_id, contract_period_year)
    REFERENCES lead_provider_cohorts (lead_provider_id, contract_period_year)
);
CREATE UNIQUE INDEX provider_relationships_one_live
  ON provider_relationships (lead_provider_id, delivery_partner_id, contract_period_year)
  WHERE discarded_at IS NULL;

-- A school's programme choice for a contract period.
CREATE TABLE school_cohorts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES gias_schools (id),
  contract_period_year integer NOT NULL REFERENCES contract_periods (year),
  induction_programme_choice induction_programme_choice NOT NULL DEFAULT 'not_yet_known',
  opt_out_of_updates boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Per (school, year): the lead provider API's school updated_at.
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (school_id, contract_period_year)
);

-- A lead provider's confirmation that it trains a school's teachers, with a delivery partner,
-- in a year. challenged ⇔ challenge_reason set (and then challenged_at too); relationship rows
-- are secondary links made outside "Confirm your schools" and never count as recruited.
CREATE TABLE partnerships (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES gias_schools (id),
  lead_provider_id uuid NOT NULL,
  delivery_partner_id uuid NOT NULL REFERENCES delivery_partners (id),
  contract_period_year integer NOT NULL,
  challenged_at timestamptz,
  challenge_reason challenge_reason,
  challenge_deadline timestamptz,
  pending boolean NOT NULL DEFAULT false,
  -- New on every report, so a reminder can tell the partnership was re-reported since.
  report_id uuid NOT NULL DEFAULT gen_random_uuid(),
  relationship boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- The lead provider must be active in the partnership's year.
  FOREIGN KEY (lead_provider_id, contract_period_year)
    REFERENCES lead_provider_cohorts (lead_provider_id, contract_period_year),
  UNIQUE (school_id, lead_provider_id, delivery_partner_id, contract_period_year),
  CONSTRAINT partnerships_challenge_complete
    CHECK ((challenged_at IS NULL) = (challenge_reason IS NULL))
);
CREATE INDEX partnerships_by_lead_provider ON partnerships (lead_provider_id,
                                                            contract_period_year);
CREATE INDEX partnerships_by_school ON partnerships (school_id, contract_period_year);

-- Each email telling a school about a partnership carries a fresh challenge token; every token
-- of a partnership works until the partnership's challenge_deadline.
CREATE TABLE partnership_notification_emails (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnerships (id),
  token_digest bytea NOT NULL UNIQUE CHECK (octet_length(token_digest) = 32),
  sent_to citext NOT NULL CHECK (position('@' in sent_to) > 1),
  email_type partnership_email_type NOT NULL,
  notify_id text,
  notify_status text,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX partnership_notification_emails_by_partnership
  ON partnership_notification_emails (partnership_id);

-- Links inviting a school with no induction tutor to nominate one; valid 21 days from sent_at.
CREATE TABLE nomination_emails (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES gias_schools (id),
  token_digest bytea NOT NULL UNIQUE CHECK (octet_length(token_digest) = 32),
  sent_to citext NOT NULL CHECK (position('@' in sent_to) > 1),
  sent_at timestamptz NOT NULL DEFAULT now(),
  partnership_notification_email_id uuid REFERENCES partnership_notification_emails (id)
);

-- Each "Confirm your schools" upload, URNs as extracted from the file in order, duplicates kept.
CREATE TABLE partnership_csv_uploads (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  lead_provider_id uuid NOT NULL,
  delivery_partner_id uuid NOT NULL REFERENCES delivery_partners (id),
  contract_period_year integer NOT NULL,
  uploaded_urns text[] NOT NULL CHECK (array_position(uploaded_urns, NULL) IS NULL),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (lead_provider_id, contract_period_year)
    REFERENCES lead_provider_cohorts (lead_provider_id, contract_period_year)
);

-- A partnership's history: reported (confirmed) and challenged, with the challenge reason.
CREATE TABLE event_log (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnerships (id),
  event partnership_event NOT NULL,
  data jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT event_log_challenge_has_reason
    CHECK (event <> 'challenged' OR (data ->> 'reason')::challenge_reason IS NOT NULL)
);
CREATE INDEX event_log_by_partnership ON event_log (partnership_id, created_at);
