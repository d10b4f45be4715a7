-- Notifications: personalisation sealed at rest. It may hold live sign-in links, and no token
-- may sit in a database column in clear, so the service seals it (AES-256-GCM under its
-- --personalisation_key, bound to the row's idempotency key: sealed_personalisation.h) before
-- it reaches the database, and opens it when it reads the row.
--
-- SQL cannot seal the rows already here (pgcrypto has no AES-GCM, and the key is the
-- service's, not the database's), so rows written before this migration keep their clear
-- jsonb, which the service still reads (a fallback); every new row is sealed.
ALTER TABLE emails ADD COLUMN personalisation_sealed bytea;
ALTER TABLE emails ALTER COLUMN personalisation DROP NOT NULL;
ALTER TABLE emails ALTER COLUMN personalisation DROP DEFAULT;
COMMENT ON COLUMN emails.personalisation IS
  'Rows from before migration 003 only: personalisation in clear. New rows are sealed.';
-- version 1 || 12-byte nonce || ciphertext || 16-byte tag.
ALTER TABLE emails ADD CONSTRAINT emails_personalisation_sealed_shape
  CHECK (octet_length(personalisation_sealed) >= 29 AND get_byte(personalisation_sealed, 0) = 1);
-- Exactly one of the two: a row is either sealed or from before sealing.
ALTER TABLE emails ADD CONSTRAINT emails_personalisation_sealed_or_legacy
  CHECK ((personalisation_sealed IS NULL) <> (personalisation IS NULL));
