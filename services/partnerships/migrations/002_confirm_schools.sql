-- "Confirm your schools" uploads as checked, the partnership emails' hand-over to the
-- notifications service (an outbox: rows are written with the partnerships they announce and
-- handed over after the commit), and the emails to a lead provider's users after a challenge.

-- An upload's check is kept as it was made, so the errors page and the confirm step show what
-- the lead provider saw; confirm re-checks the valid schools before saving.
ALTER TABLE partnership_csv_uploads
  ADD COLUMN file_name text,
  ADD COLUMN checked_rows jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(checked_rows) = 'array'),
  ADD COLUMN rows_with_errors integer NOT NULL DEFAULT 0 CHECK (rows_with_errors >= 0),
  ADD COLUMN valid_school_ids uuid[] NOT NULL DEFAULT '{}',
  ADD COLUMN confirmed_at timestamptz;
CREATE INDEX partnership_csv_uploads_by_lead_provider
  ON partnership_csv_uploads (lead_provider_id, created_at);

-- A row is handed to notifications once send_after has passed (reminders: 7 days after the
-- confirmation), with its id in the idempotency key. Its challenge token is drawn when it is
-- handed over, so a token is never stored except as its digest; a reminder whose partnership
-- was challenged or re-reported (report_id changed) is skipped instead.
ALTER TABLE partnership_notification_emails
  ADD COLUMN report_id uuid,
  ADD COLUMN recipient_name text,
  ADD COLUMN service_url text,
  ADD COLUMN send_after timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN handed_over_at timestamptz,
  ADD COLUMN skipped_at timestamptz;
CREATE INDEX partnership_notification_emails_to_hand_over
  ON partnership_notification_emails (send_after)
  WHERE handed_over_at IS NULL AND skipped_at IS NULL;

-- After a challenge every user of the lead provider is emailed; one row per challenge, handed
-- over (one email per user, keyed by this row and the user) by the same worker.
CREATE TABLE challenge_notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partnership_id uuid NOT NULL REFERENCES partnerships (id),
  event_id uuid NOT NULL REFERENCES event_log (id),
  reason challenge_reason NOT NULL,
  handed_over_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX challenge_notifications_to_hand_over
  ON challenge_notifications (created_at) WHERE handed_over_at IS NULL;
