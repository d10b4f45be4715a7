-- GET /api/v3/participants (:per_page a page, updated_since :since in Unix seconds, 0 = none).
-- REFERENCE statement written from lead-provider-api.md §5.1 over 001_registration_schema.sql:
-- the people with a training period on one of the lead provider's partnerships, each with
-- that provider's latest-started ECT and mentor training. Replace it with the registration
-- store's own statement once the participants API is served, so the ceiling is that SQL's.
WITH mine AS (
  SELECT coalesce(e.teacher_id, m.teacher_id) AS teacher_id
    FROM training_periods tp
    LEFT JOIN ect_at_school_periods e ON e.id = tp.ect_at_school_period_id
    LEFT JOIN mentor_at_school_periods m ON m.id = tp.mentor_at_school_period_id
   WHERE tp.lead_provider_id = :lp::uuid AND tp.school_partnership_id IS NOT NULL
   GROUP BY 1),
page AS (
  SELECT t.* FROM teachers t JOIN mine ON mine.teacher_id = t.id
   WHERE t.updated_at >= to_timestamp(:since)
   ORDER BY t.created_at, t.id LIMIT :per_page OFFSET 0)
SELECT t.id, t.trn, coalesce(t.corrected_name, t.trs_first_name || ' ' || t.trs_last_name),
       t.api_ect_training_record_id, t.api_mentor_training_record_id, t.created_at, t.updated_at,
       ect.*, mentor.*
  FROM page t
  LEFT JOIN LATERAL (
    SELECT tp.contract_period_year, e.school_urn, tp.schedule_id, tp.school_partnership_id,
           tp.withdrawn_at, tp.withdrawal_reason, tp.deferred_at, tp.deferral_reason,
           tp.started_on, tp.finished_on, e.working_pattern
      FROM ect_at_school_periods e JOIN training_periods tp ON tp.ect_at_school_period_id = e.id
     WHERE e.teacher_id = t.id AND tp.lead_provider_id = :lp::uuid
     ORDER BY tp.started_on DESC LIMIT 1) ect ON true
  LEFT JOIN LATERAL (
    SELECT tp.contract_period_year, m.school_urn, tp.schedule_id, tp.school_partnership_id,
           tp.withdrawn_at, tp.withdrawal_reason, tp.deferred_at, tp.deferral_reason,
           tp.started_on, tp.finished_on
      FROM mentor_at_school_periods m JOIN training_periods tp ON tp.mentor_at_school_period_id = m.id
     WHERE m.teacher_id = t.id AND tp.lead_provider_id = :lp::uuid
     ORDER BY tp.started_on DESC LIMIT 1) mentor ON true
 ORDER BY t.created_at, t.id;
