-- Each lead provider's enrolments as the Lead Provider API shows them: per provider, person and
-- role, the latest-started training in a school partnership with the person's and the school
-- period's values beside it. A page of participants then reads one provider_participants row
-- and its enrolment rows by index, instead of looking up the person, the training period and
-- the school period of every enrolment on every request.
--
-- provider_enrolments_source says which rows there are, and provider_participants_source (013)
-- is now derived from it, so the two tables choose the same training as a person's enrolment.
-- refresh_provider_participants keeps both tables in the same transaction as every change.

CREATE VIEW provider_enrolments_source AS
SELECT DISTINCT ON (p.lead_provider_id, p.teacher_id, p.course)
       p.lead_provider_id, p.teacher_id, p.course, p.training_period_id, p.school_period_id,
       p.school_urn, p.email, p.working_pattern, p.started_on, p.finished_on,
       p.contract_period_year, p.schedule_id, p.delivery_partner_id, p.withdrawn_at,
       p.withdrawal_reason, p.deferred_at, p.deferral_reason,
       p.created_at AS training_created_at,
       coalesce(tc.corrected_name, tc.trs_first_name || ' ' || tc.trs_last_name) AS full_name,
       tc.trn,
       CASE WHEN p.course = 'ect' THEN tc.api_ect_training_record_id
            ELSE tc.api_mentor_training_record_id END AS training_record_id,
       tc.ect_first_became_eligible_for_training_at, tc.trs_induction_start_date,
       tc.trs_induction_completed_date, tc.mentor_became_ineligible_for_funding_on,
       tc.mentor_became_ineligible_for_funding_reason::text
         AS mentor_became_ineligible_for_funding_reason,
       CASE WHEN p.course = 'ect' THEN tc.ect_payments_frozen_year
            ELSE tc.mentor_payments_frozen_year END IS NOT NULL AS payments_frozen,
       tc.created_at AS teacher_created_at, tc.updated_at AS teacher_updated_at
  FROM (SELECT t.lead_provider_id, e.teacher_id, 'ect'::text AS course,
               t.id AS training_period_id, e.id AS school_period_id, e.school_urn,
               e.email::text AS email, e.working_pattern::text AS working_pattern,
               t.started_on, t.finished_on, t.contract_period_year, t.schedule_id,
               t.delivery_partner_id, t.withdrawn_at, t.withdrawal_reason::text AS withdrawal_reason,
               t.deferred_at, t.deferral_reason::text AS deferral_reason, t.created_at
          FROM training_periods t
          JOIN ect_at_school_periods e ON e.id = t.ect_at_school_period_id
         WHERE t.school_partnership_id IS NOT NULL AND t.lead_provider_id IS NOT NULL
        UNION ALL
        SELECT t.lead_provider_id, m.teacher_id, 'mentor'::text, t.id, m.id, m.school_urn,
               m.email::text, NULL::text, t.started_on, t.finished_on, t.contract_period_year,
               t.schedule_id, t.delivery_partner_id, t.withdrawn_at, t.withdrawal_reason::text,
               t.deferred_at, t.deferral_reason::text, t.created_at
          FROM training_periods t
          JOIN mentor_at_school_periods m ON m.id = t.mentor_at_school_period_id
         WHERE t.school_partnership_id IS NOT NULL AND t.lead_provider_id IS NOT NULL) p
  JOIN teachers tc ON tc.id = p.teacher_id
 ORDER BY p.lead_provider_id, p.teacher_id, p.course, p.started_on DESC, p.created_at DESC,
          p.training_period_id DESC;

CREATE OR REPLACE VIEW provider_participants_source AS
SELECT l.lead_provider_id, l.teacher_id,
       (array_agg(l.training_period_id) FILTER (WHERE l.course = 'ect'))[1]
         AS ect_training_period_id,
       (array_agg(l.training_period_id) FILTER (WHERE l.course = 'mentor'))[1]
         AS mentor_training_period_id,
       array_agg(DISTINCT l.contract_period_year ORDER BY l.contract_period_year) AS cohorts,
       array_agg(DISTINCT l.training_status ORDER BY l.training_status) AS training_statuses
  FROM (SELECT e.lead_provider_id, e.teacher_id, e.course, e.training_period_id,
               e.contract_period_year,
               CASE WHEN e.withdrawn_at IS NOT NULL
                         AND (e.deferred_at IS NULL OR e.withdrawn_at >= e.deferred_at)
                    THEN 'withdrawn'
                    WHEN e.deferred_at IS NOT NULL THEN 'deferred'
                    ELSE 'active' END AS training_status
          FROM provider_enrolments_source e) l
 GROUP BY l.lead_provider_id, l.teacher_id;

CREATE TABLE provider_enrolments (
  lead_provider_id uuid NOT NULL,
  teacher_id uuid NOT NULL REFERENCES teachers (id) ON DELETE CASCADE,
  course text NOT NULL CHECK (course IN ('ect', 'mentor')),
  training_period_id uuid NOT NULL,
  school_period_id uuid NOT NULL,
  school_urn text NOT NULL,
  email text,
  working_pattern text,
  started_on date NOT NULL,
  finished_on date,
  contract_period_year integer NOT NULL,
  schedule_id uuid,
  delivery_partner_id uuid,
  withdrawn_at timestamptz,
  withdrawal_reason text,
  deferred_at timestamptz,
  deferral_reason text,
  training_created_at timestamptz NOT NULL,
  full_name text NOT NULL,
  trn text NOT NULL,
  training_record_id uuid NOT NULL,
  ect_first_became_eligible_for_training_at timestamptz,
  trs_induction_start_date date,
  trs_induction_completed_date date,
  mentor_became_ineligible_for_funding_on date,
  mentor_became_ineligible_for_funding_reason text,
  payments_frozen boolean NOT NULL,
  teacher_created_at timestamptz NOT NULL,
  teacher_updated_at timestamptz NOT NULL,
  PRIMARY KEY (lead_provider_id, teacher_id, course)
);
CREATE INDEX provider_enrolments_by_teacher ON provider_enrolments (teacher_id);

-- Recomputes the rows of `people` in both tables; see 013 for the locks.
CREATE OR REPLACE FUNCTION refresh_provider_participants(people uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM teachers WHERE id = ANY(people) ORDER BY id FOR NO KEY UPDATE;
  DELETE FROM provider_enrolments WHERE teacher_id = ANY(people);
  INSERT INTO provider_enrolments SELECT * FROM provider_enrolments_source
   WHERE teacher_id = ANY(people);
  WITH fresh AS (
    SELECT s.lead_provider_id, s.teacher_id, tc.created_at, tc.updated_at,
           s.ect_training_period_id, s.mentor_training_period_id, s.cohorts, s.training_statuses
      FROM provider_participants_source s JOIN teachers tc ON tc.id = s.teacher_id
     WHERE s.teacher_id = ANY(people)),
  gone AS (
    DELETE FROM provider_participants pp
     WHERE pp.teacher_id = ANY(people)
       AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.lead_provider_id = pp.lead_provider_id
                                               AND f.teacher_id = pp.teacher_id))
  INSERT INTO provider_participants AS pp
         (lead_provider_id, teacher_id, teacher_created_at, teacher_updated_at,
          ect_training_period_id, mentor_training_period_id, cohorts, training_statuses)
  SELECT * FROM fresh
  ON CONFLICT (lead_provider_id, teacher_id) DO UPDATE
     SET teacher_created_at = excluded.teacher_created_at,
         teacher_updated_at = excluded.teacher_updated_at,
         ect_training_period_id = excluded.ect_training_period_id,
         mentor_training_period_id = excluded.mentor_training_period_id,
         cohorts = excluded.cohorts,
         training_statuses = excluded.training_statuses;
END $$;

CREATE OR REPLACE FUNCTION rebuild_provider_participants() RETURNS void
LANGUAGE sql AS $$
  DELETE FROM provider_enrolments;
  INSERT INTO provider_enrolments SELECT * FROM provider_enrolments_source;
  DELETE FROM provider_participants;
  INSERT INTO provider_participants
         (lead_provider_id, teacher_id, teacher_created_at, teacher_updated_at,
          ect_training_period_id, mentor_training_period_id, cohorts, training_statuses)
  SELECT s.lead_provider_id, s.teacher_id, tc.created_at, tc.updated_at,
         s.ect_training_period_id, s.mentor_training_period_id, s.cohorts, s.training_statuses
    FROM provider_participants_source s JOIN teachers tc ON tc.id = s.teacher_id;
$$;

-- Every training value an enrolment shows.
DROP TRIGGER provider_participants_training_updated ON training_periods;
CREATE TRIGGER provider_participants_training_updated
  AFTER UPDATE OF lead_provider_id, school_partnership_id, started_on, finished_on, created_at,
                  contract_period_year, schedule_id, delivery_partner_id, withdrawn_at,
                  withdrawal_reason, deferred_at, deferral_reason, ect_at_school_period_id,
                  mentor_at_school_period_id
  ON training_periods
  FOR EACH ROW EXECUTE FUNCTION provider_participants_training_changed();

-- The school period's values an enrolment shows.
CREATE FUNCTION provider_enrolments_school_period_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_provider_participants(ARRAY[NEW.teacher_id]);
  RETURN NULL;
END $$;

CREATE TRIGGER provider_enrolments_ect_period_changed
  AFTER UPDATE OF school_urn, email, working_pattern ON ect_at_school_periods
  FOR EACH ROW WHEN ((OLD.school_urn, OLD.email, OLD.working_pattern)
                     IS DISTINCT FROM (NEW.school_urn, NEW.email, NEW.working_pattern))
  EXECUTE FUNCTION provider_enrolments_school_period_changed();

CREATE TRIGGER provider_enrolments_mentor_period_changed
  AFTER UPDATE OF school_urn, email ON mentor_at_school_periods
  FOR EACH ROW WHEN ((OLD.school_urn, OLD.email) IS DISTINCT FROM (NEW.school_urn, NEW.email))
  EXECUTE FUNCTION provider_enrolments_school_period_changed();

-- The person's values an enrolment shows (their timestamps are in provider_participants too).
CREATE OR REPLACE FUNCTION provider_participants_teacher_touched() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE provider_participants
     SET teacher_created_at = NEW.created_at, teacher_updated_at = NEW.updated_at
   WHERE teacher_id = NEW.id;
  DELETE FROM provider_enrolments WHERE teacher_id = NEW.id;
  INSERT INTO provider_enrolments SELECT * FROM provider_enrolments_source
   WHERE teacher_id = NEW.id;
  RETURN NULL;
END $$;

DROP TRIGGER provider_participants_teacher_touched ON teachers;
CREATE TRIGGER provider_participants_teacher_touched
  AFTER UPDATE ON teachers
  FOR EACH ROW WHEN (
    (OLD.created_at, OLD.updated_at, OLD.corrected_name, OLD.trs_first_name, OLD.trs_last_name,
     OLD.trn, OLD.api_ect_training_record_id, OLD.api_mentor_training_record_id,
     OLD.ect_first_became_eligible_for_training_at, OLD.trs_induction_start_date,
     OLD.trs_induction_completed_date, OLD.mentor_became_ineligible_for_funding_on,
     OLD.mentor_became_ineligible_for_funding_reason, OLD.ect_payments_frozen_year,
     OLD.mentor_payments_frozen_year)
    IS DISTINCT FROM
    (NEW.created_at, NEW.updated_at, NEW.corrected_name, NEW.trs_first_name, NEW.trs_last_name,
     NEW.trn, NEW.api_ect_training_record_id, NEW.api_mentor_training_record_id,
     NEW.ect_first_became_eligible_for_training_at, NEW.trs_induction_start_date,
     NEW.trs_induction_completed_date, NEW.mentor_became_ineligible_for_funding_on,
     NEW.mentor_became_ineligible_for_funding_reason, NEW.ect_payments_frozen_year,
     NEW.mentor_payments_frozen_year))
  EXECUTE FUNCTION provider_participants_teacher_touched();

INSERT INTO provider_enrolments SELECT * FROM provider_enrolments_source;
