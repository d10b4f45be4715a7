-- GET /api/v3/participants (:per_page a page; updated_since when :since_on, :since in Unix
-- seconds): the registration store's statement (services/registration/api/participants_store.cc,
-- ListParticipants through ParticipantsSql and ProviderLatestSql in store_sql.h), default sort,
-- no cohort or status filter.
WITH people AS (SELECT pp.teacher_id AS id, pp.teacher_created_at AS created_at,
                       pp.teacher_updated_at AS updated_at, pp.ect_training_period_id,
                       pp.mentor_training_period_id
                  FROM (SELECT * FROM provider_participants pp
                         WHERE lead_provider_id = :lp::uuid
                           AND (NOT false OR cohorts && '{}'::int[])
                           AND (NOT :since_on::boolean OR teacher_updated_at >= to_timestamp(:since::bigint))
                           AND ('' = '' OR '' = ANY(training_statuses))
                         ORDER BY pp.teacher_created_at ASC, pp.teacher_id ASC
                         LIMIT :per_page OFFSET 0) pp),
latest AS (
  SELECT t.id, e.teacher_id, 'ect'::text AS course, e.school_urn, e.email::text AS email,
         e.working_pattern::text AS working_pattern, e.id AS school_period_id, t.started_on,
         t.finished_on, t.contract_period_year, t.schedule_id, t.delivery_partner_id,
         t.school_partnership_id, t.withdrawn_at, t.withdrawal_reason::text AS withdrawal_reason,
         t.deferred_at, t.deferral_reason::text AS deferral_reason, t.created_at
    FROM people pp
    JOIN training_periods t ON t.id = pp.ect_training_period_id
    JOIN ect_at_school_periods e ON e.id = t.ect_at_school_period_id
  UNION ALL
  SELECT t.id, m.teacher_id, 'mentor'::text, m.school_urn, m.email::text, NULL::text, m.id,
         t.started_on, t.finished_on, t.contract_period_year, t.schedule_id,
         t.delivery_partner_id, t.school_partnership_id, t.withdrawn_at,
         t.withdrawal_reason::text, t.deferred_at, t.deferral_reason::text, t.created_at
    FROM people pp
    JOIN training_periods t ON t.id = pp.mentor_training_period_id
    JOIN mentor_at_school_periods m ON m.id = t.mentor_at_school_period_id)
SELECT tc.id, coalesce(tc.corrected_name, tc.trs_first_name || ' ' || tc.trs_last_name), tc.trn, floor(extract(epoch FROM tc.created_at))::bigint, floor(extract(epoch FROM tc.updated_at))::bigint, tc.api_ect_training_record_id, tc.api_mentor_training_record_id, floor(extract(epoch FROM tc.ect_first_became_eligible_for_training_at))::bigint, tc.trs_induction_start_date::text, tc.trs_induction_completed_date::text, tc.mentor_became_ineligible_for_funding_on::text, tc.mentor_became_ineligible_for_funding_reason::text, l.course, l.email, l.school_urn, l.working_pattern, l.contract_period_year, s.identifier, l.delivery_partner_id, floor(extract(epoch FROM l.withdrawn_at))::bigint, l.withdrawal_reason, floor(extract(epoch FROM l.deferred_at))::bigint, l.deferral_reason, floor(extract(epoch FROM l.created_at))::bigint, l.started_on::text, l.finished_on::text, CASE WHEN l.course = 'ect' THEN (SELECT mp.mentor_teacher_id FROM mentorship_periods mp WHERE mp.ect_at_school_period_id = l.school_period_id AND mp.started_on <= (now() AT TIME ZONE 'Europe/London')::date AND (mp.finished_on IS NULL OR mp.finished_on >= (now() AT TIME ZONE 'Europe/London')::date) ORDER BY mp.started_on DESC LIMIT 1) END, CASE WHEN l.course = 'ect' THEN tc.ect_payments_frozen_year ELSE tc.mentor_payments_frozen_year END IS NOT NULL
  FROM people JOIN teachers tc ON tc.id = people.id
  JOIN latest l ON l.teacher_id = people.id
  LEFT JOIN schedules s ON s.id = l.schedule_id
 ORDER BY people.created_at ASC, people.id ASC, l.course;
