-- Notifications: what the delivery worker needs beyond the outbox, and indexes for support's
-- email list.

-- A worker claims a batch of due rows under one random claim token and records each result
-- only while the row still carries that token, so a worker whose lease ran out (and whose rows
-- another worker took) cannot overwrite the newer attempt. The lease end is next_attempt_at.
ALTER TABLE emails ADD COLUMN claim_token uuid;
-- Which worker (host, process, thread) holds or last held the row: for operators.
ALTER TABLE emails ADD COLUMN claimed_by text CHECK (char_length(claimed_by) <= 200);
-- An earlier attempt ended without Notify's answer (a timeout, a dropped connection, or a
-- worker that died or stopped mid-send), so Notify may have accepted it: before sending again
-- the worker looks the idempotency key up as Notify's `reference`.
ALTER TABLE emails ADD COLUMN may_have_been_sent boolean NOT NULL DEFAULT false;
-- A row marked sending before claims existed has no claim to finish it: due again, checked
-- with Notify first.
UPDATE emails SET status = 'pending', may_have_been_sent = true WHERE status = 'sending';
ALTER TABLE emails ADD CONSTRAINT emails_claimed_while_sending
  CHECK ((status = 'sending') = (claim_token IS NOT NULL));

-- Claiming walks due rows in next_attempt_at order: an index in that order (partial, like the
-- one it replaces) lets "ORDER BY next_attempt_at LIMIT n FOR UPDATE SKIP LOCKED" stop after n
-- rows instead of sorting every due row.
DROP INDEX emails_due;
CREATE INDEX emails_due ON emails (next_attempt_at) WHERE status IN ('pending', 'sending');

-- ListEmails: newest first, optionally for one recipient (compared ignoring case).
CREATE INDEX emails_by_created ON emails (created_at DESC, id DESC);
CREATE INDEX emails_by_recipient ON emails (lower(recipient), created_at DESC, id DESC);
