-- Sign-in: DfE Sign-in attempts, what a school session grants, the sealed ID token kept for
-- RP-initiated sign-out, and one id per magic link. Still no secret in clear: attempt tokens
-- are stored as digests, and CSRF tokens are derived from the session secret (which only the
-- browser holds), so the stored CSRF secret goes.

-- A DfE Sign-in in progress. The browser holds the attempt token in an HttpOnly cookie; state,
-- nonce and PKCE verifier are derived from it, so nothing here is usable on its own.
CREATE TABLE dsi_sign_in_attempts (
  attempt_digest bytea PRIMARY KEY CHECK (octet_length(attempt_digest) = 32),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX dsi_sign_in_attempts_by_expiry ON dsi_sign_in_attempts (expires_at);

ALTER TABLE sessions DROP COLUMN csrf_secret;
ALTER TABLE sessions
  ADD COLUMN school_name text,
  ADD COLUMN school_access text CHECK (school_access IN ('full', 'no_new_registrations', 'denied')),
  -- The DfE Sign-in ID token (needed as id_token_hint at sign-out), AES-256-GCM under a key
  -- derived from the session secret: nonce (12 bytes) || ciphertext || tag (16 bytes).
  ADD COLUMN id_token_sealed bytea CHECK (octet_length(id_token_sealed) > 28),
  ADD CONSTRAINT school_sessions_have_access CHECK (kind <> 'school' OR school_access IS NOT NULL);
CREATE INDEX sessions_by_dsi_user ON sessions (dsi_user_id) WHERE dsi_user_id IS NOT NULL;
CREATE INDEX sessions_by_lead_provider_user ON sessions (lead_provider_user_id)
  WHERE lead_provider_user_id IS NOT NULL;

-- Names one link (e.g. in the email's idempotency key) without touching its secret.
ALTER TABLE magic_link_tokens ADD COLUMN id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid();
