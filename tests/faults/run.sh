#!/usr/bin/env bash
# Fault tests against the real stack (loopback only): starts a private PostgreSQL and the whole
# stack on their own ports, loads a small data set, then tests/faults/driver.py runs a mixed
# load (lead-provider API declarations and reads, sign-in emails, readiness probes, school users
# looking up ECTs in TRS on the register-an-ECT journey) while it
# kills -9 and restarts each service in turn, restarts PostgreSQL and stops and starts the
# local TRS and GOV.UK Notify, and asserts (tests/faults/README.md):
#   - every declaration answered 2xx is in the registration database afterwards;
#   - every error is a 503 with the documented JSON error body, during a fault only; no 500;
#     no answer later than the client's deadline (5 s; 7.5 s for a TRS look-up);
#   - the first successful request after each restart comes within 2 s of the process being
#     back;
#   - while TRS is away each ECT look-up is answered at once with the error page and stores
#     nothing; no date of birth in a database or a log;
#   - no other process exits because one did;
#   - every email of the outbox reaches Notify exactly once per reference, and every sign-in
#     answered "Check your email" sends one;
# and finally the graceful shutdown of a gateway and a service under load (SIGTERM: requests
# in flight finish, new ones are refused, exit status 0 within the deadline).
# Prints one "ok"/"not ok" line per check and ends with "N passed, N failed".
#
#   tests/faults/run.sh            the short variant (about 25 s of faults)
#   tests/faults/run.sh --long     the full variant (about 60 s of faults)
#
# Environment (all optional):
#   RECT_STATE_DIR           default <repo>/.state/faults (cluster, logs, results); emptied
#                            every run
#   RECT_STACK_PORT_OFFSET   default 500 (gRPC 50551.., metrics 9601.., fakes 8591..), or
#                            the next of 510..550 whose ports are all free
#   RECT_GATEWAY_PORT        default 8580
#   RECT_FAULTS_LONG=1       same as --long
#   RECT_FAULTS_SKIP_BUILD=1 use the binaries already built
#   RECT_SKIP_SETUP=1        skip deploy/setup.sh
#   RECT_FAULTS_HOLD=1       start and load the stack, then keep it running until Ctrl-C
#                            instead of running the faults (to investigate)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
# Ports of offset $1: are they all free on 127.0.0.1 now? (These fixed ports lie in Linux's
# ephemeral range, so another program's connection may hold one for a while.)
offset_free() {
  python3 - "$1" <<'PY'
import socket, sys
o = int(sys.argv[1])
for port in [*range(50051 + o, 50056 + o), *range(9101 + o, 9106 + o), *range(8091 + o, 8094 + o)]:
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        sys.exit(1)
    finally:
        s.close()
PY
}
if [ -z "${RECT_STACK_PORT_OFFSET:-}" ]; then
  RECT_STACK_PORT_OFFSET=500
  for candidate in 500 510 520 530 540 550; do
    if offset_free "$candidate"; then RECT_STACK_PORT_OFFSET="$candidate"; break; fi
  done
fi
export RECT_STACK_PORT_OFFSET
# shellcheck source=../../deploy/lib/postgres.sh
source deploy/lib/postgres.sh
# shellcheck source=../../deploy/lib/stack.sh
source deploy/lib/stack.sh

LONG="${RECT_FAULTS_LONG:-0}"
[ "${1:-}" = "--long" ] && LONG=1
[ "${RECT_SKIP_SETUP:-0}" = "1" ] || bash deploy/setup.sh

STATE="${RECT_STATE_DIR:-$ROOT/.state/faults}"
GATEWAY_PORT="${RECT_GATEWAY_PORT:-8580}"
START=$(date +%s)
say() { echo "faults: $* ($(($(date +%s) - START)) s)"; }

if [ "${RECT_FAULTS_SKIP_BUILD:-0}" != "1" ]; then
  say "building"
  stack_build
  BIN="$(bazel info bazel-bin 2>/dev/null)"
else
  # The plain build's outputs, found without asking the Bazel server (which answers only when
  # no other command is running); stack_start asks it the same question.
  BIN="$(readlink -f bazel-out)/k8-fastbuild/bin"
  bazel() { if [ "${1:-}" = "info" ]; then echo "$BIN"; else command bazel "$@"; fi; }
fi

PG_DIR="$STATE/postgres"
pg_stop "$PG_DIR" immediate
rm -rf "$STATE"
mkdir -p "$STATE/logs"
pg_init "$PG_DIR"
PG_PORT="$(free_port)"
echo "$PG_PORT" >"$STATE/postgres.port"
PG="host=127.0.0.1 port=$PG_PORT user=rect"

cleanup() {
  trap - EXIT INT TERM
  # The driver restarts processes: take their current ids from it.
  if [ -f "$STATE/pids" ]; then
    STACK_PIDS=()
    while IFS='=' read -r name pid; do STACK_PIDS[$name]="$pid"; done <"$STATE/pids"
  fi
  stack_stop
  pg_stop "$PG_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg_start "$PG_DIR" "$PG_PORT"
pg_create_databases "$PG_PORT" $(for s in $STACK_SERVICES; do echo "rect_$s"; done)
RECT_PARTNERSHIPS_DATABASE_URL="$PG dbname=rect_partnerships" "$BIN/services/partnerships/seed" \
  >>"$STATE/logs/seed.log" 2>&1 || { echo "faults: seeding failed; see $STATE/logs/seed.log" >&2; exit 1; }

# Emails that failed while Notify was away are retried after 0.5 s, then 1 s, ... (instead of 5 s,
# 10 s, ...), so the run need not wait long for the outbox.
export RECT_NOTIFICATIONS_RETRY_INITIAL_MS=500
say "starting the stack (gateway :$GATEWAY_PORT, port offset $RECT_STACK_PORT_OFFSET)"
stack_start "$STATE/logs" "$PG" "$GATEWAY_PORT"
for name in "${!STACK_PIDS[@]}"; do echo "$name=${STACK_PIDS[$name]}"; done >"$STATE/pids"
stack_wait_ready "http://127.0.0.1:$GATEWAY_PORT" 60 || { echo "faults: stack not ready; see $STATE/logs" >&2; exit 1; }

# A small national-scale data set (the load tests' generators): 20,000 teachers, their
# declarations so far, and a pool of API tokens per lead provider (identity keeps digests).
say "loading the data set"
psql "$PG dbname=rect_partnerships" -Xq -v ON_ERROR_STOP=1 -v seed=1 \
  -f tests/load/sql/gen_partnerships.sql >/dev/null
psql "$PG dbname=rect_registration" -Xq -v ON_ERROR_STOP=1 -v seed=1 -v teachers=20000 \
  -f tests/load/sql/gen_registration.sql >/dev/null
psql "$PG dbname=rect_registration" -Xq -v ON_ERROR_STOP=1 -v seed=1 -v teachers=20000 \
  -v declarations=3000 -f tests/load/sql/gen_declarations.sql >/dev/null
: >"$STATE/tokens"
psql "$PG dbname=rect_partnerships" -XAtc \
  "SELECT id FROM lead_providers WHERE name LIKE 'Load Lead Provider %' ORDER BY name" >"$STATE/lead_providers"
while read -r lp; do
  psql "$PG dbname=rect_identity" -XAtq -v ON_ERROR_STOP=1 -v lp="$lp" <<'SQL' >>"$STATE/tokens"
CREATE TEMP TABLE made AS
SELECT 'faults-' || md5(random()::text || clock_timestamp()::text || n) AS token
  FROM generate_series(1, 20) n;
INSERT INTO api_tokens (lead_provider_id, token_digest, description)
SELECT :'lp'::uuid, sha256(convert_to(token, 'UTF8')), 'fault tests' FROM made;
SELECT :'lp' || ' ' || token FROM made;
SQL
done <"$STATE/lead_providers"
# A checkpoint now keeps PostgreSQL's crash recovery short when the faults kill it.
psql "$PG dbname=postgres" -Xqc CHECKPOINT
# Participants who can declare (open cohorts, provider-led, not withdrawn): extended-3, dated
# 720 days after their training started (the data set holds declarations up to extended-2).
psql "$PG dbname=rect_registration" -XAtF ' ' >"$STATE/participants" <<'SQL'
SELECT tp.lead_provider_id, coalesce(e.teacher_id, m.teacher_id),
       CASE WHEN e.id IS NOT NULL THEN 'ecf-induction' ELSE 'ecf-mentor' END,
       to_char(tp.started_on + 720, 'YYYY-MM-DD') || 'T10:00:00Z'
  FROM training_periods tp
  LEFT JOIN ect_at_school_periods e ON e.id = tp.ect_at_school_period_id
  LEFT JOIN mentor_at_school_periods m ON m.id = tp.mentor_at_school_period_id
 WHERE tp.school_partnership_id IS NOT NULL AND tp.withdrawn_at IS NULL
   AND tp.contract_period_year IN (2023, 2024)
 ORDER BY md5(tp.id::text)
SQL
# Lead-provider users to request sign-in links for (their welcome emails count too).
: >"$STATE/users"
LP1="$(head -1 "$STATE/lead_providers")"
for i in $(seq 1 8); do
  email="faults-$i@lead-provider.example"
  "$BIN/services/identity/identity_admin" --identity_address="127.0.0.1:$(stack_grpc_port identity)" \
    create-lead-provider-user --full_name="Fault User $i" --email="$email" \
    --lead_provider_id="$LP1" >/dev/null 2>>"$STATE/logs/seed.log"
  echo "$email" >>"$STATE/users"
done
# The DfE Sign-in personas' schools, with an induction tutor confirmed for the current contract
# period, so their users can start registering an ECT (the TRS-bound look-ups of the load).
"$BIN/tests/e2e/seed_schools" --partnerships_address="127.0.0.1:$(stack_grpc_port partnerships)" \
  >>"$STATE/logs/seed.log" 2>&1 || { echo "faults: seeding schools failed; see $STATE/logs/seed.log" >&2; exit 1; }
psql "$PG dbname=rect_registration" -Xq -v ON_ERROR_STOP=1 -c "
  INSERT INTO schools (school_urn, induction_tutor_name, induction_tutor_email,
                       induction_tutor_last_nominated_in)
  SELECT s.urn, s.name, s.email, cp.year
    FROM (VALUES ('100001', 'Sam Tutor', 'sam.tutor@oakfield.example'),
                 ('100002', 'Rita Head', 'rita.head@riverside.example')) AS s (urn, name, email)
    JOIN contract_periods cp ON current_date BETWEEN cp.started_on AND cp.finished_on
  ON CONFLICT (school_urn) DO UPDATE SET
    induction_tutor_name = EXCLUDED.induction_tutor_name,
    induction_tutor_email = EXCLUDED.induction_tutor_email,
    induction_tutor_last_nominated_in = EXCLUDED.induction_tutor_last_nominated_in" >/dev/null
say "$(wc -l <"$STATE/participants") participants, $(wc -l <"$STATE/tokens") tokens"

if [ "${RECT_FAULTS_HOLD:-0}" = "1" ]; then
  say "holding the stack at http://127.0.0.1:$GATEWAY_PORT (PostgreSQL $PG); Ctrl-C stops it"
  stack_watch || true
  exit 0
fi
DRIVER_ARGS=(--gateway "http://127.0.0.1:$GATEWAY_PORT" --state "$STATE" --pg_dir "$PG_DIR"
  --pg_port "$PG_PORT" --notify "http://127.0.0.1:$STACK_NOTIFY_PORT"
  --dsi "http://127.0.0.1:$STACK_DSI_PORT")
[ "$LONG" = "1" ] && DRIVER_ARGS+=(--long)
say "running the faults"
status=0
python3 tests/faults/driver.py "${DRIVER_ARGS[@]}" || status=$?
say "done"
exit "$status"
