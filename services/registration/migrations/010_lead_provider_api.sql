-- Lead Provider API: the delivery partner each training period is with, schedule milestones,
-- payment statements and declarations (lead-provider-api.md §5.7, §6).
--
-- Money invariants live here, not only in code: states come from CHECK lists, a statement is
-- named exactly when the state needs one, and a partial unique index allows at most one
-- billable-or-changeable declaration per person, role and declaration type.

-- The delivery partner of the training period's partnership, copied by id when the period is
-- created (the partnership itself lives in the partnerships service).
ALTER TABLE training_periods ADD COLUMN IF NOT EXISTS delivery_partner_id uuid;

-- When each declaration type may be dated, per schedule. 2025+ schedules have no upper bound.
CREATE TABLE milestones (
  schedule_id uuid NOT NULL REFERENCES schedules (id),
  declaration_type text NOT NULL CHECK (declaration_type IN (
    'started', 'retained-1', 'retained-2', 'retained-3', 'retained-4', 'completed',
    'extended-1', 'extended-2', 'extended-3')),
  start_date date NOT NULL,
  milestone_date date CHECK (milestone_date >= start_date),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (schedule_id, declaration_type)
);

-- A lead provider's monthly statement for one contract period. Output statements carry
-- declarations; service-fee statements are never shown through the API.
CREATE TABLE statements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  lead_provider_id uuid NOT NULL,
  contract_period_year integer NOT NULL CHECK (contract_period_year BETWEEN 2020 AND 2100),
  month integer NOT NULL CHECK (month BETWEEN 1 AND 12),
  year integer NOT NULL CHECK (year BETWEEN 2020 AND 2100),
  deadline_date date NOT NULL,
  payment_date date NOT NULL CHECK (payment_date >= deadline_date),
  output_fee boolean NOT NULL DEFAULT true,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'payable', 'paid')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (lead_provider_id, contract_period_year, year, month, output_fee),
  -- Target of declarations' composite keys: a statement of the declaring provider.
  UNIQUE (id, lead_provider_id)
);
CREATE INDEX statements_open_by_deadline
  ON statements (lead_provider_id, contract_period_year, deadline_date) WHERE status = 'open';

CREATE TABLE declarations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  teacher_id uuid NOT NULL REFERENCES teachers (id),
  training_period_id uuid NOT NULL REFERENCES training_periods (id),
  lead_provider_id uuid NOT NULL,
  delivery_partner_id uuid,
  contract_period_year integer NOT NULL CHECK (contract_period_year BETWEEN 2020 AND 2100),
  course text NOT NULL CHECK (course IN ('ect', 'mentor')),
  declaration_type text NOT NULL CHECK (declaration_type IN (
    'started', 'retained-1', 'retained-2', 'retained-3', 'retained-4', 'completed',
    'extended-1', 'extended-2', 'extended-3')),
  declaration_date timestamptz NOT NULL,
  evidence_type text CHECK (evidence_type IN (
    'training-event-attended', 'self-study-material-completed', 'other',
    'materials-engaged-with-offline', '75-percent-engagement-met',
    '75-percent-engagement-met-reduced-induction', 'one-term-induction')),
  payment_status text NOT NULL CHECK (payment_status IN (
    'no_payment', 'eligible', 'payable', 'paid', 'voided')),
  clawback_status text NOT NULL DEFAULT 'no_clawback' CHECK (clawback_status IN (
    'no_clawback', 'awaiting_clawback', 'clawed_back')),
  payment_statement_id uuid,
  clawback_statement_id uuid,
  mentor_teacher_id uuid REFERENCES teachers (id),
  pupil_premium_uplift boolean NOT NULL DEFAULT false,
  sparsity_uplift boolean NOT NULL DEFAULT false,
  -- SHA-256 of the provider and the canonical POST attributes: an exact repeat answers with
  -- this declaration instead of a duplicate error.
  request_digest text NOT NULL CHECK (request_digest ~ '^[0-9a-f]{64}$'),
  voided_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Bumped when an API-visible value changes (state, statement, ...).
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (payment_statement_id, lead_provider_id) REFERENCES statements (id, lead_provider_id),
  FOREIGN KEY (clawback_statement_id, lead_provider_id)
    REFERENCES statements (id, lead_provider_id),
  -- eligible/payable/paid are on a statement; a submitted one is not; a voided one may keep
  -- the statement it was on for the record.
  CONSTRAINT declarations_statement_matches_state CHECK (
    CASE payment_status
      WHEN 'no_payment' THEN payment_statement_id IS NULL
      WHEN 'voided' THEN true
      ELSE payment_statement_id IS NOT NULL END),
  -- Only a paid declaration is clawed back, and then on a statement.
  CONSTRAINT declarations_clawback_only_when_paid CHECK (
    clawback_status = 'no_clawback'
    OR (payment_status = 'paid' AND clawback_statement_id IS NOT NULL)),
  CONSTRAINT declarations_no_clawback_statement_without_clawback CHECK (
    clawback_status <> 'no_clawback' OR clawback_statement_id IS NULL),
  CONSTRAINT declarations_voided_dated CHECK ((payment_status = 'voided') = (voided_at IS NOT NULL))
);

-- At most one billable-or-changeable declaration per person, role and type, from any provider.
CREATE UNIQUE INDEX declarations_one_billable_per_type
  ON declarations (teacher_id, course, declaration_type)
  WHERE payment_status IN ('no_payment', 'eligible', 'payable', 'paid')
    AND clawback_status = 'no_clawback';
-- An exact repeat by the same provider finds the live declaration it created.
CREATE UNIQUE INDEX declarations_one_live_per_request
  ON declarations (lead_provider_id, request_digest)
  WHERE payment_status IN ('no_payment', 'eligible', 'payable', 'paid')
    AND clawback_status = 'no_clawback';
CREATE INDEX declarations_by_provider ON declarations (lead_provider_id, created_at);
CREATE INDEX declarations_by_teacher ON declarations (teacher_id, course);
CREATE INDEX training_periods_by_lead_provider_and_teacher_periods
  ON training_periods (lead_provider_id, ect_at_school_period_id, mentor_at_school_period_id);

-- Lead provider names, copied from the partnerships service, for declarations'
-- lead_provider_name (a declaration shows who declared it).
CREATE TABLE lead_provider_names (
  id uuid PRIMARY KEY,
  name text NOT NULL CHECK (btrim(name) <> ''),
  updated_at timestamptz NOT NULL DEFAULT now()
);
