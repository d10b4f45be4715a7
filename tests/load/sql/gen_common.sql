-- Helpers shared by the load data generators: every "random" choice is a hash of the seed
-- (psql variable :seed, kept in the setting load.seed) and a key, so the same seed gives the
-- same data in both services' databases without either reading the other's. The functions
-- are STABLE (they read the setting), which lets PostgreSQL inline them: far faster in bulk.
SELECT set_config('load.seed', :'seed', false) \gset

-- A number in [0, 2^60) from the seed and a key.
CREATE FUNCTION pg_temp.h(key text) RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT ('x' || substr(md5(current_setting('load.seed') || '/' || key), 1, 15))::bit(60)::bigint
$$;

-- A version-4-shaped UUID from the seed and a key.
CREATE FUNCTION pg_temp.id(key text) RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT (substr(m, 1, 12) || '4' || substr(m, 14, 3) || '8' || substr(m, 18, 15))::uuid
    FROM (SELECT md5(current_setting('load.seed') || '/id/' || key) AS m) x
$$;

-- The generated world's shape; both generators must agree on it.
--   schools s = 0..24999, URN 400000 + s; eligible unless s % 20 in (3, 4) (closed / CIP-only)
--   lead providers l = 0..9; delivery partners d = 0..59, d's main provider is d % 10
--   a partnership for eligible school s in year y when h('partnered/s/y') % 100 < 85, with
--   provider h('lp/s/y') % 10 and partner l + 10 * (h('dp/s/y') % 6)
CREATE FUNCTION pg_temp.school_eligible(s integer) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT s % 20 NOT IN (3, 4)
$$;
CREATE FUNCTION pg_temp.partnered(s integer, y integer) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT pg_temp.school_eligible(s) AND pg_temp.h('partnered/' || s || '/' || y) % 100 < 85
$$;
CREATE FUNCTION pg_temp.partnership_lp(s integer, y integer) RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT (pg_temp.h('lp/' || s || '/' || y) % 10)::integer
$$;
CREATE FUNCTION pg_temp.partnership_dp(s integer, y integer) RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT pg_temp.partnership_lp(s, y) + 10 * (pg_temp.h('dp/' || s || '/' || y) % 6)::integer
$$;
-- Participant n's school: one of the 22,500 eligible ones (18 of every 20 school numbers).
CREATE FUNCTION pg_temp.school_of(n integer) RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT (e / 18) * 20 + CASE WHEN e % 18 < 3 THEN e % 18 ELSE e % 18 + 2 END
    FROM (SELECT (pg_temp.h('school-of/' || n) % 22500)::integer AS e) pick
$$;
