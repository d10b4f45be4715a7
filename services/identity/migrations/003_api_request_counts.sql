-- Shared API rate-limit counters: requests per key per fixed window, added to by every gateway
-- replica. The key is a SHA-256 digest of what is limited (an Authorization header value, a
-- client address), never the value. Old windows are deleted by the service's sweeper.
CREATE TABLE api_request_counts (
  key_digest bytea NOT NULL CHECK (octet_length(key_digest) = 32),
  bucket_start timestamptz NOT NULL,
  requests bigint NOT NULL CHECK (requests >= 0),
  PRIMARY KEY (key_digest, bucket_start)
);
CREATE INDEX api_request_counts_by_bucket ON api_request_counts (bucket_start);
