-- Teachers: what the Teaching Record System (TRS) said about registered teachers, and an audit
-- of every TRS look-up. A date of birth or National Insurance number is sent to TRS but never
-- stored here (schema_test checks that no column could hold one).

-- One TRS look-up (interactive wizard search or background refresh). The TRN and the outcome
-- only: never the date of birth or NINO that went with it.
CREATE TABLE trs_lookups (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  trn text NOT NULL CHECK (trn ~ '^[0-9]{7}$'),
  outcome text NOT NULL CHECK (outcome IN ('found', 'date_of_birth_mismatch', 'not_found',
                                           'deactivated', 'merged', 'unavailable')),
  latency_ms integer NOT NULL CHECK (latency_ms >= 0),
  looked_up_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX trs_lookups_by_trn ON trs_lookups (trn, looked_up_at);
CREATE INDEX trs_lookups_by_time ON trs_lookups (looked_up_at);

-- The last TRS snapshot of each registered teacher. Names are those TRS gave at registration
-- until the first refresh. TRS facts are not constrained beyond their shape, so a new TRS
-- value (e.g. another induction status) cannot make a refresh fail.
CREATE TABLE teacher_snapshots (
  trn text PRIMARY KEY CHECK (trn ~ '^[0-9]{7}$'),
  first_name text NOT NULL CHECK (btrim(first_name) <> '' AND char_length(first_name) <= 100),
  last_name text NOT NULL CHECK (btrim(last_name) <> '' AND char_length(last_name) <= 100),
  induction_status text CHECK (char_length(induction_status) <= 50),
  induction_start_date date,
  induction_completed_date date,
  qts_awarded_on date,
  qts_status_description text CHECK (char_length(qts_status_description) <= 200),
  prohibited_from_teaching boolean NOT NULL DEFAULT false,
  -- What TRS answered at the last refresh (NULL until then): 404, 410 and 308 stop refreshing.
  trs_response text CHECK (trs_response IN ('found', 'not_found', 'deactivated', 'merged')),
  merged_into_trn text CHECK (merged_into_trn ~ '^[0-9]{7}$' AND merged_into_trn <> trn),
  tracked_at timestamptz NOT NULL DEFAULT now(),
  refreshed_at timestamptz,
  -- Refresh bookkeeping for the background job: due when next_refresh_at <= now() (NULL =
  -- never again), least-recently-refreshed first; consecutive failures drive the back-off.
  next_refresh_at timestamptz DEFAULT now(),
  refresh_failures integer NOT NULL DEFAULT 0 CHECK (refresh_failures >= 0),
  last_refresh_error text CHECK (char_length(last_refresh_error) <= 500),
  CHECK (coalesce(trs_response = 'merged', false) = (merged_into_trn IS NOT NULL)),
  CHECK ((trs_response IS NULL) = (refreshed_at IS NULL))
);
CREATE INDEX teacher_snapshots_refresh_order
  ON teacher_snapshots (refreshed_at ASC NULLS FIRST, trn) WHERE next_refresh_at IS NOT NULL;
