-- Training waiting for its lead provider to partner the school (an expression of interest
-- only), found by the pass that attaches it to the partnership once there is one.
CREATE INDEX IF NOT EXISTS training_periods_awaiting_partnership
  ON training_periods (lead_provider_id, contract_period_year)
  WHERE school_partnership_id IS NULL AND expression_of_interest_id IS NOT NULL;
