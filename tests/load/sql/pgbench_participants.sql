-- GET /api/v3/participants (:per_page a page; updated_since when :since_on, :since in Unix
-- seconds): the registration store's two statements (services/registration/api/store.cc,
-- ListParticipants then LoadParticipants: kProviderPeriods, the page of ids, then their
-- enrolments). pgbench cannot feed the first statement's ids to the second, so the second
-- takes them from the first as a sub-select: the same work in one round trip.
WITH provider_periods AS (
  SELECT t.id, e.teacher_id, 'ect'::text AS course, e.school_urn, e.email::text AS email,
         e.working_pattern::text AS working_pattern, e.id AS school_period_id, t.started_on,
         t.finished_on, t.contract_period_year, t.schedule_id, t.delivery_partner_id,
         t.school_partnership_id, t.withdrawn_at, t.withdrawal_reason::text AS withdrawal_reason,
         t.deferred_at, t.deferral_reason::text AS deferral_reason, t.created_at
    FROM training_periods t JOIN ect_at_school_periods e ON e.id = t.ect_at_school_period_id
   WHERE t.lead_provider_id = :lp
  UNION ALL
  SELECT t.id, m.teacher_id, 'mentor'::text, m.school_urn, m.email::text, NULL::text, m.id,
         t.started_on, t.finished_on, t.contract_period_year, t.schedule_id,
         t.delivery_partner_id, t.school_partnership_id, t.withdrawn_at,
         t.withdrawal_reason::text, t.deferred_at, t.deferral_reason::text, t.created_at
    FROM training_periods t JOIN mentor_at_school_periods m ON m.id = t.mentor_at_school_period_id
   WHERE t.lead_provider_id = :lp),
latest AS (
  SELECT DISTINCT ON (teacher_id, course) * FROM provider_periods
   WHERE school_partnership_id IS NOT NULL
   ORDER BY teacher_id, course, started_on DESC, created_at DESC)
SELECT tc.id, coalesce(tc.corrected_name, tc.trs_first_name || ' ' || tc.trs_last_name), tc.trn, floor(extract(epoch FROM tc.created_at))::bigint, floor(extract(epoch FROM tc.updated_at))::bigint, tc.api_ect_training_record_id, tc.api_mentor_training_record_id, floor(extract(epoch FROM tc.ect_first_became_eligible_for_training_at))::bigint, tc.trs_induction_start_date::text, tc.trs_induction_completed_date::text, tc.mentor_became_ineligible_for_funding_on::text, tc.mentor_became_ineligible_for_funding_reason::text, l.course, l.email, l.school_urn, l.working_pattern, l.contract_period_year, s.identifier, l.delivery_partner_id, floor(extract(epoch FROM l.withdrawn_at))::bigint, l.withdrawal_reason, floor(extract(epoch FROM l.deferred_at))::bigint, l.deferral_reason, floor(extract(epoch FROM l.created_at))::bigint, l.started_on::text, l.finished_on::text, CASE WHEN l.course = 'ect' THEN (SELECT mp.mentor_teacher_id FROM mentorship_periods mp WHERE mp.ect_at_school_period_id = l.school_period_id AND mp.started_on <= '2026-11-23'::date AND (mp.finished_on IS NULL OR mp.finished_on >= '2026-11-23'::date) ORDER BY mp.started_on DESC LIMIT 1) END
  FROM teachers tc JOIN latest l ON l.teacher_id = tc.id
  LEFT JOIN schedules s ON s.id = l.schedule_id
 WHERE tc.id = ANY(ARRAY(
   SELECT tc.id FROM teachers tc
    WHERE EXISTS (SELECT 1 FROM latest l WHERE l.teacher_id = tc.id)
      AND (NOT false OR EXISTS (SELECT 1 FROM latest l WHERE l.teacher_id = tc.id AND l.contract_period_year = ANY('{}'::int[])))
      AND (NOT :since_on::boolean OR tc.updated_at >= to_timestamp(:since::bigint))
      AND ('' = '' OR EXISTS (SELECT 1 FROM latest l WHERE l.teacher_id = tc.id AND CASE WHEN l.withdrawn_at IS NOT NULL AND (l.deferred_at IS NULL OR l.withdrawn_at >= l.deferred_at) THEN 'withdrawn' WHEN l.deferred_at IS NOT NULL THEN 'deferred' ELSE 'active' END = ''))
    ORDER BY tc.created_at ASC, tc.id ASC LIMIT :per_page OFFSET 0))
 ORDER BY tc.id, l.course;
