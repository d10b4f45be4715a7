-- Registration: teachers as registered by schools, their periods at schools, mentorships and
-- training. Schools, lead providers, partnerships and contract periods live in the partnerships
-- service: this database keeps their URNs, UUIDs and years, never a foreign key into them.
--
-- Periods are inclusive [started_on, finished_on]; finished_on NULL = still open. Overlap rules
-- use daterange(started_on, finished_on, '[]') in EXCLUDE constraints (btree_gist lets uuid and
-- text columns join a GiST index). Children lie inside their parents: checked by the deferred
-- constraint triggers at the end of this file, so a parent and its children can be ended in one
-- transaction in any order.
--
-- Never stored here: date of birth, National Insurance number, the TRS email address.

CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE EXTENSION IF NOT EXISTS citext;

CREATE TYPE training_programme AS ENUM ('provider_led', 'school_led');
CREATE TYPE working_pattern AS ENUM ('full_time', 'part_time');
CREATE TYPE trs_induction_status AS ENUM (
  'None', 'RequiredToComplete', 'InProgress', 'Passed', 'Failed', 'FailedInWales', 'Exempt');
-- How TRS last answered for this TRN; anything but ok stops the refresh job for the teacher.
CREATE TYPE trs_response AS ENUM ('ok', 'not_found', 'gone', 'permanent_redirect');
CREATE TYPE mentor_funding_ineligibility_reason AS ENUM (
  'completed_during_early_roll_out', 'completed_declaration_received', 'started_not_completed');
CREATE TYPE withdrawal_reason AS ENUM (
  'left-teaching-profession', 'moved-school', 'mentor-no-longer-being-mentor',
  'switched-to-school-led', 'changed-lead-provider', 'other');
CREATE TYPE deferral_reason AS ENUM (
  'bereavement', 'long-term-sickness', 'parental-leave', 'career-break', 'other');

-- One row per person, whatever roles they have had. `id` is the participant id the lead
-- provider API shows; the training record ids are the API's per-role ids.
CREATE TABLE teachers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  trn text NOT NULL UNIQUE CHECK (trn ~ '^[0-9]{7}$'),
  trs_first_name text NOT NULL
    CHECK (btrim(trs_first_name) <> '' AND length(trs_first_name) <= 100),
  trs_last_name text NOT NULL CHECK (btrim(trs_last_name) <> '' AND length(trs_last_name) <= 100),
  -- Set by the school when the TRS name is wrong; NULL when it is right.
  corrected_name text CHECK (btrim(corrected_name) <> '' AND length(corrected_name) <= 70),
  trs_induction_status trs_induction_status,
  trs_induction_start_date date,
  trs_induction_completed_date date CONSTRAINT teachers_induction_completed_after_start
    CHECK (trs_induction_completed_date >= trs_induction_start_date),
  trs_qts_awarded_on date,
  trs_qts_status_description text,
  trs_initial_teacher_training_provider_name text,
  trs_initial_teacher_training_end_date date,
  trs_data_last_refreshed_at timestamptz,
  trs_response trs_response NOT NULL DEFAULT 'ok',
  trs_redirected_to text CHECK (trs_redirected_to ~ '^[0-9]{7}$'),
  mentor_became_ineligible_for_funding_on date,
  mentor_became_ineligible_for_funding_reason mentor_funding_ineligibility_reason,
  ect_first_became_eligible_for_training_at timestamptz,
  api_ect_training_record_id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
  api_mentor_training_record_id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Bumped by the code when an API-visible value changes, not on every write.
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT teachers_redirect_has_target
    CHECK ((trs_response = 'permanent_redirect') = (trs_redirected_to IS NOT NULL)),
  CONSTRAINT teachers_mentor_ineligibility_dated
    CHECK ((mentor_became_ineligible_for_funding_on IS NULL)
           = (mentor_became_ineligible_for_funding_reason IS NULL))
);
-- The refresh job takes the least recently refreshed teachers first.
CREATE INDEX teachers_by_trs_refresh ON teachers (trs_data_last_refreshed_at NULLS FIRST)
  WHERE trs_response = 'ok';

-- A teacher's time as an ECT at one school. No two periods of a teacher overlap, at any
-- schools, so at most one is open.
CREATE TABLE ect_at_school_periods (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  teacher_id uuid NOT NULL REFERENCES teachers (id),
  school_urn text NOT NULL CHECK (school_urn ~ '^[1-9][0-9]{0,6}$'),
  started_on date NOT NULL,
  finished_on date CONSTRAINT ect_at_school_periods_finish_not_before_start
    CHECK (finished_on >= started_on),
  -- NULL only on records migrated from the old service.
  email citext CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
  working_pattern working_pattern,
  school_reported_appropriate_body_id uuid,
  reported_leaving_by_school_urn text CHECK (reported_leaving_by_school_urn ~ '^[1-9][0-9]{0,6}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Target of mentorship_periods' composite key, which ties a mentorship to one school.
  UNIQUE (id, teacher_id, school_urn),
  CONSTRAINT ect_at_school_periods_no_overlap_per_teacher EXCLUDE USING gist (
    teacher_id WITH =, daterange(started_on, finished_on, '[]') WITH &&)
);
-- "One open ECT period per teacher across all schools" is implied by the exclusion above (which
-- reports a violation first); this index finds a teacher's open period and names the rule.
CREATE UNIQUE INDEX ect_at_school_periods_one_open_per_teacher
  ON ect_at_school_periods (teacher_id) WHERE finished_on IS NULL;
CREATE INDEX ect_at_school_periods_by_school ON ect_at_school_periods (school_urn, started_on);
CREATE INDEX ect_at_school_periods_by_email ON ect_at_school_periods (email);

-- A teacher's time as a mentor at one school; a mentor may be open at several schools at
-- once, but never twice at the same school.
CREATE TABLE mentor_at_school_periods (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  teacher_id uuid NOT NULL REFERENCES teachers (id),
  school_urn text NOT NULL CHECK (school_urn ~ '^[1-9][0-9]{0,6}$'),
  started_on date NOT NULL,
  finished_on date CONSTRAINT mentor_at_school_periods_finish_not_before_start
    CHECK (finished_on >= started_on),
  email citext CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
  reported_leaving_by_school_urn text CHECK (reported_leaving_by_school_urn ~ '^[1-9][0-9]{0,6}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, teacher_id, school_urn),
  CONSTRAINT mentor_at_school_periods_no_overlap_per_school EXCLUDE USING gist (
    teacher_id WITH =, school_urn WITH =, daterange(started_on, finished_on, '[]') WITH &&)
);
CREATE INDEX mentor_at_school_periods_by_school ON mentor_at_school_periods (school_urn, started_on);
CREATE INDEX mentor_at_school_periods_by_email ON mentor_at_school_periods (email);

-- Who mentors an ECT, and when. The mentee's and mentor's teachers and school are copied here
-- so that composite keys make both periods belong to the same school and a CHECK keeps a
-- teacher from mentoring themself.
CREATE TABLE mentorship_periods (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ect_at_school_period_id uuid NOT NULL,
  mentor_at_school_period_id uuid NOT NULL,
  school_urn text NOT NULL,
  mentee_teacher_id uuid NOT NULL,
  mentor_teacher_id uuid NOT NULL,
  started_on date NOT NULL,
  finished_on date CONSTRAINT mentorship_periods_finish_not_before_start
    CHECK (finished_on >= started_on),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (ect_at_school_period_id, mentee_teacher_id, school_urn)
    REFERENCES ect_at_school_periods (id, teacher_id, school_urn) ON UPDATE CASCADE,
  FOREIGN KEY (mentor_at_school_period_id, mentor_teacher_id, school_urn)
    REFERENCES mentor_at_school_periods (id, teacher_id, school_urn) ON UPDATE CASCADE,
  CONSTRAINT mentorship_periods_mentor_is_not_mentee CHECK (mentee_teacher_id <> mentor_teacher_id),
  CONSTRAINT mentorship_periods_one_at_a_time_per_ect EXCLUDE USING gist (
    ect_at_school_period_id WITH =, daterange(started_on, finished_on, '[]') WITH &&)
);
CREATE INDEX mentorship_periods_by_mentor ON mentorship_periods (mentor_at_school_period_id);

-- Lead-provider schedules, one set per contract period year.
CREATE TABLE schedules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contract_period_year integer NOT NULL CHECK (contract_period_year BETWEEN 2020 AND 2100),
  identifier text NOT NULL
    CHECK (identifier ~ '^ecf-(standard|extended|reduced|replacement)-(september|january|april)$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (contract_period_year, identifier),
  -- Target of training_periods' composite key: a schedule of the training's own year.
  UNIQUE (id, contract_period_year)
);

-- Training of an ECT or a mentor (exactly one). Provider-led training names its lead provider
-- and contract period, a schedule of that year, and a school partnership or an expression of
-- interest (a lead-provider-in-year row) in the partnerships service; school-led has none.
CREATE TABLE training_periods (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ect_at_school_period_id uuid REFERENCES ect_at_school_periods (id),
  mentor_at_school_period_id uuid REFERENCES mentor_at_school_periods (id),
  started_on date NOT NULL,
  finished_on date CONSTRAINT training_periods_finish_not_before_start
    CHECK (finished_on >= started_on),
  training_programme training_programme NOT NULL,
  lead_provider_id uuid,
  contract_period_year integer,
  school_partnership_id uuid,
  expression_of_interest_id uuid,
  schedule_id uuid,
  withdrawn_at timestamptz,
  withdrawal_reason withdrawal_reason,
  deferred_at timestamptz,
  deferral_reason deferral_reason,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (schedule_id, contract_period_year) REFERENCES schedules (id, contract_period_year),
  CONSTRAINT training_periods_one_trainee
    CHECK (num_nonnulls(ect_at_school_period_id, mentor_at_school_period_id) = 1),
  CONSTRAINT training_periods_programme_fields CHECK (
    CASE training_programme
      WHEN 'provider_led' THEN
        lead_provider_id IS NOT NULL AND contract_period_year IS NOT NULL
        AND schedule_id IS NOT NULL
        AND (school_partnership_id IS NOT NULL OR expression_of_interest_id IS NOT NULL)
      ELSE
        num_nonnulls(lead_provider_id, contract_period_year, school_partnership_id,
                     expression_of_interest_id, schedule_id, withdrawn_at, deferred_at) = 0
    END),
  CONSTRAINT training_periods_mentors_provider_led
    CHECK (mentor_at_school_period_id IS NULL OR training_programme = 'provider_led'),
  CONSTRAINT training_periods_withdrawal_has_reason
    CHECK ((withdrawn_at IS NULL) = (withdrawal_reason IS NULL)),
  CONSTRAINT training_periods_deferral_has_reason
    CHECK ((deferred_at IS NULL) = (deferral_reason IS NULL)),
  CONSTRAINT training_periods_no_overlap_per_ect_period EXCLUDE USING gist (
    ect_at_school_period_id WITH =, daterange(started_on, finished_on, '[]') WITH &&),
  CONSTRAINT training_periods_no_overlap_per_mentor_period EXCLUDE USING gist (
    mentor_at_school_period_id WITH =, daterange(started_on, finished_on, '[]') WITH &&)
);
CREATE INDEX training_periods_by_partnership ON training_periods (school_partnership_id);
CREATE INDEX training_periods_by_lead_provider ON training_periods (lead_provider_id,
                                                                    contract_period_year);

-- What each school last chose when registering an ECT (offered again next time), and its
-- induction tutor. Keyed by URN: the school itself lives in the partnerships service.
CREATE TABLE schools (
  school_urn text PRIMARY KEY CHECK (school_urn ~ '^[1-9][0-9]{0,6}$'),
  last_chosen_appropriate_body_id uuid,
  last_chosen_training_programme training_programme,
  last_chosen_lead_provider_id uuid,
  induction_tutor_name text CHECK (btrim(induction_tutor_name) <> ''),
  induction_tutor_email citext CHECK (induction_tutor_email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
  induction_tutor_last_nominated_in integer
    CHECK (induction_tutor_last_nominated_in BETWEEN 2020 AND 2100),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT schools_lead_provider_iff_provider_led CHECK (
    CASE WHEN last_chosen_training_programme = 'provider_led'
         THEN last_chosen_lead_provider_id IS NOT NULL
         ELSE last_chosen_lead_provider_id IS NULL END),
  CONSTRAINT schools_induction_tutor_complete
    CHECK ((induction_tutor_name IS NULL) = (induction_tutor_email IS NULL))
);

-- What happened, for the teacher's and school's history pages and for support. Rows outlive
-- the periods they mention (ids are set NULL when a period is deleted). Never holds a date of
-- birth or National Insurance number.
CREATE TABLE events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_type text NOT NULL CHECK (event_type ~ '^[a-z][a-z_]*$'),
  heading text NOT NULL CHECK (btrim(heading) <> ''),
  body text,
  happened_at timestamptz NOT NULL DEFAULT now(),
  author_type text NOT NULL
    CHECK (author_type IN ('school_user', 'dfe_staff_user', 'lead_provider_api', 'system')),
  author_name text,
  author_email citext,
  teacher_id uuid REFERENCES teachers (id) ON DELETE SET NULL,
  school_urn text CHECK (school_urn ~ '^[1-9][0-9]{0,6}$'),
  ect_at_school_period_id uuid REFERENCES ect_at_school_periods (id) ON DELETE SET NULL,
  mentor_at_school_period_id uuid REFERENCES mentor_at_school_periods (id) ON DELETE SET NULL,
  mentorship_period_id uuid REFERENCES mentorship_periods (id) ON DELETE SET NULL,
  training_period_id uuid REFERENCES training_periods (id) ON DELETE SET NULL,
  lead_provider_id uuid,
  school_partnership_id uuid,
  metadata jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_by_teacher ON events (teacher_id, happened_at);
CREATE INDEX events_by_school ON events (school_urn, happened_at);

-- Children inside parents: a mentorship lies within both its ECT and mentor periods, a training
-- period within its ECT or mentor period. Checked at commit (deferred constraint triggers) on
-- both sides, so ending a parent and its children in one transaction works in any order.
CREATE FUNCTION check_periods_nested() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  outside text;
BEGIN
  IF TG_TABLE_NAME = 'mentorship_periods' THEN
    SELECT 'a mentorship period' INTO outside
      FROM mentorship_periods m
      JOIN ect_at_school_periods e ON e.id = m.ect_at_school_period_id
      JOIN mentor_at_school_periods p ON p.id = m.mentor_at_school_period_id
     WHERE m.id = NEW.id
       AND NOT (daterange(e.started_on, e.finished_on, '[]')
                  @> daterange(m.started_on, m.finished_on, '[]')
                AND daterange(p.started_on, p.finished_on, '[]')
                  @> daterange(m.started_on, m.finished_on, '[]'));
  ELSIF TG_TABLE_NAME = 'training_periods' THEN
    SELECT 'a training period' INTO outside
      FROM training_periods t
      LEFT JOIN ect_at_school_periods e ON e.id = t.ect_at_school_period_id
      LEFT JOIN mentor_at_school_periods p ON p.id = t.mentor_at_school_period_id
     WHERE t.id = NEW.id
       AND NOT daterange(coalesce(e.started_on, p.started_on),
                         CASE WHEN e.id IS NOT NULL THEN e.finished_on ELSE p.finished_on END,
                         '[]')
                 @> daterange(t.started_on, t.finished_on, '[]');
  ELSIF TG_TABLE_NAME = 'ect_at_school_periods' THEN
    SELECT 'an ECT period''s mentorship or training' INTO outside
      FROM (SELECT started_on, finished_on FROM mentorship_periods
             WHERE ect_at_school_period_id = NEW.id
            UNION ALL
            SELECT started_on, finished_on FROM training_periods
             WHERE ect_at_school_period_id = NEW.id) child,
           ect_at_school_periods e
     WHERE e.id = NEW.id
       AND NOT daterange(e.started_on, e.finished_on, '[]')
                 @> daterange(child.started_on, child.finished_on, '[]')
     LIMIT 1;
  ELSE
    SELECT 'a mentor period''s mentorship or training' INTO outside
      FROM (SELECT started_on, finished_on FROM mentorship_periods
             WHERE mentor_at_school_period_id = NEW.id
            UNION ALL
            SELECT started_on, finished_on FROM training_periods
             WHERE mentor_at_school_period_id = NEW.id) child,
           mentor_at_school_periods p
     WHERE p.id = NEW.id
       AND NOT daterange(p.started_on, p.finished_on, '[]')
                 @> daterange(child.started_on, child.finished_on, '[]')
     LIMIT 1;
  END IF;
  IF outside IS NOT NULL THEN
    RAISE EXCEPTION '% lies outside the period it belongs to', outside
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER mentorship_periods_nested
  AFTER INSERT OR UPDATE OF started_on, finished_on, ect_at_school_period_id,
    mentor_at_school_period_id ON mentorship_periods
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION check_periods_nested();
CREATE CONSTRAINT TRIGGER training_periods_nested
  AFTER INSERT OR UPDATE OF started_on, finished_on, ect_at_school_period_id,
    mentor_at_school_period_id ON training_periods
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION check_periods_nested();
CREATE CONSTRAINT TRIGGER ect_at_school_periods_contain_children
  AFTER UPDATE OF started_on, finished_on ON ect_at_school_periods
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION check_periods_nested();
CREATE CONSTRAINT TRIGGER mentor_at_school_periods_contain_children
  AFTER UPDATE OF started_on, finished_on ON mentor_at_school_periods
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION check_periods_nested();
