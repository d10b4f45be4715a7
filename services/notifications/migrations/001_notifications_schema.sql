-- Notifications: the email outbox. A row is written in the caller's request and delivered
-- through GOV.UK Notify afterwards by a worker; a crash loses nothing and a retry sends
-- nothing twice, because each email has one row per idempotency key.

CREATE TABLE emails (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- A name from the template catalogue (templates.cc); Notify template ids come from config.
  template text NOT NULL CHECK (template ~ '^[a-z][a-z0-9_]{0,99}$'),
  recipient text NOT NULL CHECK (char_length(recipient) <= 254 AND position('@' in recipient) > 1
                                 AND recipient !~ '\s'),
  -- Field name -> string value. May hold sign-in links: never log it.
  personalisation jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(personalisation) = 'object'),
  idempotency_key text NOT NULL UNIQUE
    CHECK (idempotency_key <> '' AND char_length(idempotency_key) <= 200),
  -- pending: waiting for next_attempt_at; sending: claimed by a worker until next_attempt_at
  -- (then claimable again); sent: accepted by Notify; failed: given up.
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz DEFAULT now(),
  notify_id uuid,
  last_error text CHECK (char_length(last_error) <= 1000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  CHECK ((status IN ('pending', 'sending')) = (next_attempt_at IS NOT NULL)),
  CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
  CHECK (status <> 'sent' OR notify_id IS NOT NULL)
);

-- Due rows for the worker: WHERE status IN ('pending', 'sending') AND next_attempt_at <= now()
-- ORDER BY next_attempt_at ... FOR UPDATE SKIP LOCKED. Partial, so sent mail does not bloat it.
CREATE INDEX emails_due ON emails (status, next_attempt_at)
  WHERE status IN ('pending', 'sending');
