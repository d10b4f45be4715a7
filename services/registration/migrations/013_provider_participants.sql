-- Each lead provider's participants, kept beside the periods they come from so the Lead
-- Provider API can page through one provider's people by an index instead of working out every
-- person's latest training on each request (lead-provider-api.md §5.1).
--
-- A person is a provider's participant while they have training with it in a school
-- partnership; their enrolment in a role (ECT, mentor) is the latest-started such training
-- period. provider_participants_source says that once; triggers on the tables it reads keep
-- provider_participants equal to it in the same transaction as every change.

CREATE VIEW provider_participants_source AS
SELECT l.lead_provider_id, l.teacher_id,
       (array_agg(l.id) FILTER (WHERE l.course = 'ect'))[1] AS ect_training_period_id,
       (array_agg(l.id) FILTER (WHERE l.course = 'mentor'))[1] AS mentor_training_period_id,
       array_agg(DISTINCT l.contract_period_year ORDER BY l.contract_period_year) AS cohorts,
       array_agg(DISTINCT l.training_status ORDER BY l.training_status) AS training_statuses
  FROM (SELECT DISTINCT ON (p.lead_provider_id, p.teacher_id, p.course)
               p.id, p.lead_provider_id, p.teacher_id, p.course, p.contract_period_year,
               CASE WHEN p.withdrawn_at IS NOT NULL
                         AND (p.deferred_at IS NULL OR p.withdrawn_at >= p.deferred_at)
                    THEN 'withdrawn'
                    WHEN p.deferred_at IS NOT NULL THEN 'deferred'
                    ELSE 'active' END AS training_status
          FROM (SELECT t.id, t.lead_provider_id, e.teacher_id, 'ect'::text AS course,
                       t.started_on, t.created_at, t.contract_period_year, t.withdrawn_at,
                       t.deferred_at
                  FROM training_periods t
                  JOIN ect_at_school_periods e ON e.id = t.ect_at_school_period_id
                 WHERE t.school_partnership_id IS NOT NULL AND t.lead_provider_id IS NOT NULL
                UNION ALL
                SELECT t.id, t.lead_provider_id, m.teacher_id, 'mentor'::text, t.started_on,
                       t.created_at, t.contract_period_year, t.withdrawn_at, t.deferred_at
                  FROM training_periods t
                  JOIN mentor_at_school_periods m ON m.id = t.mentor_at_school_period_id
                 WHERE t.school_partnership_id IS NOT NULL AND t.lead_provider_id IS NOT NULL) p
         ORDER BY p.lead_provider_id, p.teacher_id, p.course, p.started_on DESC,
                  p.created_at DESC) l
 GROUP BY l.lead_provider_id, l.teacher_id;

-- The person's created_at/updated_at are copied so a page is one walk down an index in the
-- API's sort order.
CREATE TABLE provider_participants (
  lead_provider_id uuid NOT NULL,
  teacher_id uuid NOT NULL REFERENCES teachers (id) ON DELETE CASCADE,
  teacher_created_at timestamptz NOT NULL,
  teacher_updated_at timestamptz NOT NULL,
  ect_training_period_id uuid,
  mentor_training_period_id uuid,
  cohorts integer[] NOT NULL,
  training_statuses text[] NOT NULL,
  PRIMARY KEY (lead_provider_id, teacher_id),
  CHECK (ect_training_period_id IS NOT NULL OR mentor_training_period_id IS NOT NULL)
);
CREATE INDEX provider_participants_by_created
  ON provider_participants (lead_provider_id, teacher_created_at, teacher_id);
CREATE INDEX provider_participants_by_updated
  ON provider_participants (lead_provider_id, teacher_updated_at, teacher_id);
CREATE INDEX provider_participants_by_teacher ON provider_participants (teacher_id);

-- Recomputes the rows of `people`. Each person's teachers row is locked first, as an update of
-- it would, so changes to one person's training and to the person follow one another: under
-- READ COMMITTED the statement after the lock sees every change committed before it, and no
-- transaction can leave another's view behind.
CREATE FUNCTION refresh_provider_participants(people uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM teachers WHERE id = ANY(people) ORDER BY id FOR NO KEY UPDATE;
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

-- Everyone at once, for bulk loads made with triggers off.
CREATE FUNCTION rebuild_provider_participants() RETURNS void
LANGUAGE sql AS $$
  DELETE FROM provider_participants;
  INSERT INTO provider_participants
         (lead_provider_id, teacher_id, teacher_created_at, teacher_updated_at,
          ect_training_period_id, mentor_training_period_id, cohorts, training_statuses)
  SELECT s.lead_provider_id, s.teacher_id, tc.created_at, tc.updated_at,
         s.ect_training_period_id, s.mentor_training_period_id, s.cohorts, s.training_statuses
    FROM provider_participants_source s JOIN teachers tc ON tc.id = s.teacher_id;
$$;

CREATE FUNCTION training_period_teacher(ect_period uuid, mentor_period uuid) RETURNS uuid
LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT teacher_id FROM ect_at_school_periods WHERE id = ect_period),
                  (SELECT teacher_id FROM mentor_at_school_periods WHERE id = mentor_period));
$$;

CREATE FUNCTION provider_participants_training_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM refresh_provider_participants(ARRAY[
      training_period_teacher(NEW.ect_at_school_period_id, NEW.mentor_at_school_period_id)]);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM refresh_provider_participants(ARRAY[
      training_period_teacher(OLD.ect_at_school_period_id, OLD.mentor_at_school_period_id)]);
  ELSE
    PERFORM refresh_provider_participants(ARRAY[
      training_period_teacher(OLD.ect_at_school_period_id, OLD.mentor_at_school_period_id),
      training_period_teacher(NEW.ect_at_school_period_id, NEW.mentor_at_school_period_id)]);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER provider_participants_training_inserted_or_deleted
  AFTER INSERT OR DELETE ON training_periods
  FOR EACH ROW EXECUTE FUNCTION provider_participants_training_changed();

CREATE TRIGGER provider_participants_training_updated
  AFTER UPDATE OF lead_provider_id, school_partnership_id, started_on, created_at,
                  contract_period_year, withdrawn_at, deferred_at, ect_at_school_period_id,
                  mentor_at_school_period_id
  ON training_periods
  FOR EACH ROW EXECUTE FUNCTION provider_participants_training_changed();

CREATE FUNCTION provider_participants_school_period_moved() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_provider_participants(ARRAY[OLD.teacher_id, NEW.teacher_id]);
  RETURN NULL;
END $$;

CREATE TRIGGER provider_participants_ect_period_moved
  AFTER UPDATE OF teacher_id ON ect_at_school_periods
  FOR EACH ROW WHEN (OLD.teacher_id IS DISTINCT FROM NEW.teacher_id)
  EXECUTE FUNCTION provider_participants_school_period_moved();

CREATE TRIGGER provider_participants_mentor_period_moved
  AFTER UPDATE OF teacher_id ON mentor_at_school_periods
  FOR EACH ROW WHEN (OLD.teacher_id IS DISTINCT FROM NEW.teacher_id)
  EXECUTE FUNCTION provider_participants_school_period_moved();

CREATE FUNCTION provider_participants_teacher_touched() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE provider_participants
     SET teacher_created_at = NEW.created_at, teacher_updated_at = NEW.updated_at
   WHERE teacher_id = NEW.id;
  RETURN NULL;
END $$;

CREATE TRIGGER provider_participants_teacher_touched
  AFTER UPDATE OF created_at, updated_at ON teachers
  FOR EACH ROW WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at
                     OR OLD.updated_at IS DISTINCT FROM NEW.updated_at)
  EXECUTE FUNCTION provider_participants_teacher_touched();

SELECT rebuild_provider_participants();
