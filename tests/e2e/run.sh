#!/usr/bin/env bash
# Runs the browser tests (node --test, playwright-core driving Debian's Chromium) against a
# running stack: the gateway and services, with identity configured for the local DfE Sign-in
# (tests/fakes/dsi) and notifications delivering through the local GOV.UK Notify
# (tests/fakes/notify). Seeds the personas' schools and a lead-provider user first (both safe to
# repeat). Exits non-zero when any test fails.
#
# Environment:
#   RECT_E2E_GATEWAY_URL                  gateway, e.g. http://127.0.0.1:8080 (identity's
#                                         RECT_IDENTITY_PUBLIC_URL must be the same)
#   RECT_E2E_DSI_URL                      the local DfE Sign-in, e.g. http://127.0.0.1:8093
#   RECT_E2E_NOTIFY_URL                   the local GOV.UK Notify (tests/fakes/notify) the
#                                         notifications service sends through, e.g.
#                                         http://127.0.0.1:8092; the sign-in emails are read
#                                         from it (GET /_fake/emails)
#   RECT_E2E_IDENTITY_ADDRESS             identity gRPC (default 127.0.0.1:50051)
#   RECT_E2E_PARTNERSHIPS_ADDRESS         partnerships gRPC (default 127.0.0.1:50054)
#   RECT_E2E_BAZEL_BIN                    where the built tools are (default: bazel info)
#   RECT_E2E_STATE_DIR                    the stack's state directory (default .state/local):
#                                         its postgres.port gives the databases
#   RECT_E2E_REGISTRATION_DATABASE_URL    the registration database, for the TRS personas'
#                                         registration state (default: from the state
#                                         directory; the persona tests skip without one)
# Extra arguments go to `node --test` (e.g. --test-name-pattern=persona).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
: "${RECT_E2E_GATEWAY_URL:?set RECT_E2E_GATEWAY_URL}"
: "${RECT_E2E_DSI_URL:?set RECT_E2E_DSI_URL}"
: "${RECT_E2E_NOTIFY_URL:?set RECT_E2E_NOTIFY_URL}"
IDENTITY="${RECT_E2E_IDENTITY_ADDRESS:-127.0.0.1:50051}"
PARTNERSHIPS="${RECT_E2E_PARTNERSHIPS_ADDRESS:-127.0.0.1:50054}"

[ -d node_modules/playwright-core ] && [ -d node_modules/axe-core ] || npm ci --no-audit --no-fund

if [ -z "${RECT_E2E_BAZEL_BIN:-}" ]; then
  bazel build //tests/e2e:seed_schools //tests/e2e:seed_personas \
    //services/identity:identity_admin >&2
  RECT_E2E_BAZEL_BIN="$(bazel info bazel-bin 2>/dev/null)"
fi
"$RECT_E2E_BAZEL_BIN/tests/e2e/seed_schools" --partnerships_address="$PARTNERSHIPS" >&2

# The TRS personas' registration state (school-journeys.md §8); the persona tests also reset
# the ones they change before they start.
export RECT_E2E_BAZEL_BIN
STATE_DIR="${RECT_E2E_STATE_DIR:-$ROOT/.state/local}"
if [ -z "${RECT_E2E_REGISTRATION_DATABASE_URL:-}" ] && [ -f "$STATE_DIR/postgres.port" ]; then
  export RECT_E2E_REGISTRATION_DATABASE_URL="host=127.0.0.1 port=$(cat "$STATE_DIR/postgres.port") user=rect dbname=rect_registration"
fi
if [ -n "${RECT_E2E_REGISTRATION_DATABASE_URL:-}" ]; then
  "$RECT_E2E_BAZEL_BIN/tests/e2e/seed_personas" >&2
  # The personas' schools have an induction tutor confirmed for the current contract period, so
  # the journeys that need one start straight away (induction_tutor.test.mjs asks again).
  psql -d "$RECT_E2E_REGISTRATION_DATABASE_URL" -qX -v ON_ERROR_STOP=1 -c "
    INSERT INTO schools (school_urn, induction_tutor_name, induction_tutor_email,
                         induction_tutor_last_nominated_in)
    SELECT s.urn, s.name, s.email, cp.year
      FROM (VALUES ('100001', 'Sam Tutor', 'sam.tutor@oakfield.example'),
                   ('100002', 'Rita Head', 'rita.head@riverside.example'),
                   ('100003', 'Tom Two', 'tom.two@schools.example')) AS s (urn, name, email)
      JOIN contract_periods cp ON current_date BETWEEN cp.started_on AND cp.finished_on
    ON CONFLICT (school_urn) DO UPDATE SET
      induction_tutor_name = coalesce(schools.induction_tutor_name, EXCLUDED.induction_tutor_name),
      induction_tutor_email = coalesce(schools.induction_tutor_email, EXCLUDED.induction_tutor_email),
      induction_tutor_last_nominated_in = greatest(schools.induction_tutor_last_nominated_in,
                                                   EXCLUDED.induction_tutor_last_nominated_in)" >&2
fi

# A lead-provider user of its own per run, so runs never share sign-in links.
export RECT_E2E_LEAD_PROVIDER_EMAIL="e2e-$(date +%s)-$$@northern.example"
"$RECT_E2E_BAZEL_BIN/services/identity/identity_admin" --identity_address="$IDENTITY" \
  create-lead-provider-user --full_name="Alice Northern" --email="$RECT_E2E_LEAD_PROVIDER_EMAIL" \
  --lead_provider_id=2b9f6a10-1c3d-4e5f-8a7b-000000000001 >&2

exec node --test --test-concurrency=1 "$@" tests/e2e/
