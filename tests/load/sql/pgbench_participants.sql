-- GET /api/v3/participants (:per_page a page; updated_since when :since_on, :since in Unix
-- seconds): the registration store's statement (services/registration/api/participants_store.cc,
-- ListParticipants through ParticipantsSql), default sort, no cohort or status filter.
SELECT e.teacher_id, e.full_name, e.trn, floor(date_part('epoch', e.teacher_created_at))::bigint, floor(date_part('epoch', e.teacher_updated_at))::bigint, e.training_record_id, floor(date_part('epoch', e.ect_first_became_eligible_for_training_at))::bigint, e.trs_induction_start_date::text, e.trs_induction_completed_date::text, e.mentor_became_ineligible_for_funding_on::text, e.mentor_became_ineligible_for_funding_reason, e.course, e.email, e.school_urn, e.working_pattern, e.contract_period_year, s.identifier, e.delivery_partner_id, floor(date_part('epoch', e.withdrawn_at))::bigint, e.withdrawal_reason, floor(date_part('epoch', e.deferred_at))::bigint, e.deferral_reason, floor(date_part('epoch', e.training_created_at))::bigint, e.started_on::text, e.finished_on::text, CASE WHEN e.course = 'ect' THEN (SELECT mp.mentor_teacher_id FROM mentorship_periods mp WHERE mp.ect_at_school_period_id = e.school_period_id AND mp.started_on <= (now() AT TIME ZONE 'Europe/London')::date AND (mp.finished_on IS NULL OR mp.finished_on >= (now() AT TIME ZONE 'Europe/London')::date) ORDER BY mp.started_on DESC LIMIT 1) END, e.payments_frozen
  FROM (SELECT * FROM provider_participants pp
         WHERE lead_provider_id = :lp::uuid
           AND (NOT false OR cohorts && '{}'::int[])
           AND (NOT :since_on::boolean OR teacher_updated_at >= to_timestamp(:since::bigint))
           AND ('' = '' OR '' = ANY(training_statuses))
         ORDER BY pp.teacher_created_at ASC, pp.teacher_id ASC
         LIMIT :per_page OFFSET 0) pp
  CROSS JOIN LATERAL (SELECT * FROM provider_enrolments e
                       WHERE e.lead_provider_id = pp.lead_provider_id AND e.teacher_id = pp.teacher_id
                       ORDER BY e.course LIMIT 2) e
  LEFT JOIN schedules s ON s.id = e.schedule_id
 ORDER BY pp.teacher_created_at ASC, pp.teacher_id ASC, e.course;
