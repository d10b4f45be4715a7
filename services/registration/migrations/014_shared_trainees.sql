-- People a lead provider trains, or trained, in a role in which another provider has training
-- with them too. A provider sees the other providers' billable declarations for such a person
-- and role, dated before the end of its own latest period in that role
-- (lead-provider-api.md §5.9); everyone else's declarations are only its own. Keeping the few
-- shared people lets the declarations index read one provider's own declarations by an index
-- instead of joining every declaration to every period of the provider.
--
-- shared_trainees_source says which rows there are; the training triggers of
-- provider_participants (013) now refresh both tables in the same transaction.

CREATE VIEW shared_trainees_source AS
SELECT l.lead_provider_id, l.teacher_id, l.course, l.finished_on
  FROM (SELECT DISTINCT ON (p.lead_provider_id, p.teacher_id, p.course)
               p.lead_provider_id, p.teacher_id, p.course, p.finished_on
          FROM (SELECT t.lead_provider_id, e.teacher_id, 'ect'::text AS course, t.started_on,
                       t.created_at, t.finished_on
                  FROM training_periods t
                  JOIN ect_at_school_periods e ON e.id = t.ect_at_school_period_id
                 WHERE t.lead_provider_id IS NOT NULL
                UNION ALL
                SELECT t.lead_provider_id, m.teacher_id, 'mentor'::text, t.started_on,
                       t.created_at, t.finished_on
                  FROM training_periods t
                  JOIN mentor_at_school_periods m ON m.id = t.mentor_at_school_period_id
                 WHERE t.lead_provider_id IS NOT NULL) p
         ORDER BY p.lead_provider_id, p.teacher_id, p.course, p.started_on DESC,
                  p.created_at DESC) l
 WHERE (l.course = 'ect' AND EXISTS (
          SELECT 1 FROM ect_at_school_periods e2
            JOIN training_periods t2 ON t2.ect_at_school_period_id = e2.id
           WHERE e2.teacher_id = l.teacher_id AND t2.lead_provider_id <> l.lead_provider_id))
    OR (l.course = 'mentor' AND EXISTS (
          SELECT 1 FROM mentor_at_school_periods m2
            JOIN training_periods t2 ON t2.mentor_at_school_period_id = m2.id
           WHERE m2.teacher_id = l.teacher_id AND t2.lead_provider_id <> l.lead_provider_id));

CREATE TABLE shared_trainees (
  lead_provider_id uuid NOT NULL,
  teacher_id uuid NOT NULL REFERENCES teachers (id) ON DELETE CASCADE,
  course text NOT NULL CHECK (course IN ('ect', 'mentor')),
  finished_on date,
  PRIMARY KEY (lead_provider_id, teacher_id, course)
);
CREATE INDEX shared_trainees_by_teacher ON shared_trainees (teacher_id);

-- Recomputes the rows of `people` in both tables, one transaction at a time per person (see
-- refresh_provider_participants, which takes the locks).
CREATE FUNCTION refresh_training_views(people uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_provider_participants(people);
  DELETE FROM shared_trainees WHERE teacher_id = ANY(people);
  INSERT INTO shared_trainees (lead_provider_id, teacher_id, course, finished_on)
  SELECT lead_provider_id, teacher_id, course, finished_on
    FROM shared_trainees_source WHERE teacher_id = ANY(people);
END $$;

CREATE FUNCTION rebuild_training_views() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM rebuild_provider_participants();
  DELETE FROM shared_trainees;
  INSERT INTO shared_trainees (lead_provider_id, teacher_id, course, finished_on)
  SELECT lead_provider_id, teacher_id, course, finished_on FROM shared_trainees_source;
END $$;

CREATE OR REPLACE FUNCTION provider_participants_training_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM refresh_training_views(ARRAY[
      training_period_teacher(NEW.ect_at_school_period_id, NEW.mentor_at_school_period_id)]);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM refresh_training_views(ARRAY[
      training_period_teacher(OLD.ect_at_school_period_id, OLD.mentor_at_school_period_id)]);
  ELSE
    PERFORM refresh_training_views(ARRAY[
      training_period_teacher(OLD.ect_at_school_period_id, OLD.mentor_at_school_period_id),
      training_period_teacher(NEW.ect_at_school_period_id, NEW.mentor_at_school_period_id)]);
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION provider_participants_school_period_moved() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_training_views(ARRAY[OLD.teacher_id, NEW.teacher_id]);
  RETURN NULL;
END $$;

-- shared_trainees also depends on finished_on, which provider_participants does not.
DROP TRIGGER provider_participants_training_updated ON training_periods;
CREATE TRIGGER provider_participants_training_updated
  AFTER UPDATE OF lead_provider_id, school_partnership_id, started_on, finished_on, created_at,
                  contract_period_year, withdrawn_at, deferred_at, ect_at_school_period_id,
                  mentor_at_school_period_id
  ON training_periods
  FOR EACH ROW EXECUTE FUNCTION provider_participants_training_changed();

INSERT INTO shared_trainees (lead_provider_id, teacher_id, course, finished_on)
SELECT lead_provider_id, teacher_id, course, finished_on FROM shared_trainees_source;

-- A provider's own declarations in the API's order (created_at, then id).
CREATE INDEX declarations_by_provider_in_order ON declarations (lead_provider_id, created_at, id);
DROP INDEX declarations_by_provider;
