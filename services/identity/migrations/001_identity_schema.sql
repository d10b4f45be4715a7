-- Identity: who may use the service and how they prove it. Secrets (session ids, magic-link
-- tokens, API tokens) are stored only as SHA-256 digests (bytea, 32 bytes).

-- People seen at DfE Sign-in (schools). RECT keeps no user list of its own: a row records a
-- sign-in, and access follows what DfE Sign-in says at each sign-in.
CREATE TABLE dsi_users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dsi_user_id text NOT NULL UNIQUE CHECK (dsi_user_id <> ''),
  email text NOT NULL CHECK (position('@' in email) > 1),
  first_name text NOT NULL DEFAULT '',
  last_name text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  last_signed_in_at timestamptz
);

-- Which schools a DfE Sign-in user reached the service for (many users per school).
CREATE TABLE school_access (
  dsi_user_id uuid NOT NULL REFERENCES dsi_users (id) ON DELETE CASCADE,
  school_urn text NOT NULL CHECK (school_urn ~ '^[0-9]{1,7}$'),
  dsi_organisation_id text NOT NULL DEFAULT '',
  roles text[] NOT NULL DEFAULT '{}',
  first_signed_in_at timestamptz NOT NULL DEFAULT now(),
  last_signed_in_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (dsi_user_id, school_urn)
);
CREATE INDEX school_access_by_urn ON school_access (school_urn);

-- Lead-provider staff, created by DfE admins; they sign in by magic link.
CREATE TABLE lead_provider_users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  full_name text NOT NULL CHECK (btrim(full_name) <> ''),
  email text NOT NULL CHECK (position('@' in email) > 1),
  lead_provider_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX lead_provider_users_email ON lead_provider_users (lower(email));

-- At most one live magic link per user: a new link replaces the old one.
CREATE TABLE magic_link_tokens (
  lead_provider_user_id uuid PRIMARY KEY REFERENCES lead_provider_users (id) ON DELETE CASCADE,
  token_digest bytea NOT NULL UNIQUE CHECK (octet_length(token_digest) = 32),
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Server-side sessions; the cookie holds the random id, the table its digest.
CREATE TABLE sessions (
  id_digest bytea PRIMARY KEY CHECK (octet_length(id_digest) = 32),
  kind text NOT NULL CHECK (kind IN ('school', 'lead_provider')),
  dsi_user_id uuid REFERENCES dsi_users (id) ON DELETE CASCADE,
  lead_provider_user_id uuid REFERENCES lead_provider_users (id) ON DELETE CASCADE,
  school_urn text,
  csrf_secret bytea NOT NULL CHECK (octet_length(csrf_secret) >= 16),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  CHECK ((kind = 'school' AND dsi_user_id IS NOT NULL AND school_urn IS NOT NULL
          AND lead_provider_user_id IS NULL)
      OR (kind = 'lead_provider' AND lead_provider_user_id IS NOT NULL
          AND dsi_user_id IS NULL AND school_urn IS NULL))
);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- Bearer tokens for lead providers' systems (several per provider; revoke = delete).
CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  lead_provider_id uuid NOT NULL,
  token_digest bytea NOT NULL UNIQUE CHECK (octet_length(token_digest) = 32),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz
);
CREATE INDEX api_tokens_by_lead_provider ON api_tokens (lead_provider_id);
