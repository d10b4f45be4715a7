-- Lead Provider API change-schedule (lead-provider-api.md §5.2): the payments-frozen cohort a
-- person was moved out of, per role. A move back into a frozen cohort is allowed only into
-- that one; the API shows cohort_changed_after_payments_frozen while it is set.
ALTER TABLE teachers
  ADD COLUMN IF NOT EXISTS ect_payments_frozen_year integer
    CHECK (ect_payments_frozen_year BETWEEN 2020 AND 2100),
  ADD COLUMN IF NOT EXISTS mentor_payments_frozen_year integer
    CHECK (mentor_payments_frozen_year BETWEEN 2020 AND 2100);
