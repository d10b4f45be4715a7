-- The lead provider API's lists walk an index in their default order and stop at the page's
-- end, instead of reading and sorting every row first: schools in GIAS creation order, and a
-- lead provider's partnerships by creation (the default) or last update (the sync order).
CREATE INDEX gias_schools_by_created_at ON gias_schools (created_at, id);
CREATE INDEX partnerships_by_lead_provider_created_at
  ON partnerships (lead_provider_id, created_at, id) WHERE NOT relationship;
CREATE INDEX partnerships_by_lead_provider_updated_at
  ON partnerships (lead_provider_id, updated_at, id) WHERE NOT relationship;
