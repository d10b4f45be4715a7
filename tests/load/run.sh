#!/usr/bin/env bash
# National-scale benchmarks in one command (about 10 minutes): builds with --config=opt, starts
# a private PostgreSQL and the whole stack on their own ports, loads a seeded national-scale
# data set (tests/load/sql/gen_*.sql), then measures the machine's ceilings (bare Beast, bare
# gRPC echo, pgbench on each endpoint's SQL) and the workloads (wrk against the gateway) for a
# fixed time each, sampling every process's RSS and CPU. Writes
# tests/load/reports/<UTC stamp>.{json,md}; compare two with tests/load/compare.py A.json B.json.
#
# Loopback only. Environment (all optional):
#   RECT_STATE_DIR           default <repo>/.state/load (cluster, logs, tokens)
#   RECT_STACK_PORT_OFFSET   default 600 (gRPC 50651.., metrics 9701.., fakes 8691..)
#   RECT_GATEWAY_PORT        default 8680
#   RECT_LOAD_SECONDS        seconds per workload, default 10
#   RECT_LOAD_CONNECTIONS    concurrent connections, default 32
#   RECT_LOAD_SEED           data set seed, default 1
#   RECT_LOAD_TEACHERS       participants, default 200000
#   RECT_LOAD_REPORTS        default <repo>/tests/load/reports
#   RECT_LOAD_FRESH=0        keep an already loaded cluster of the same seed (default: start
#                            from an empty cluster every run)
#   RECT_SKIP_SETUP=1        skip deploy/setup.sh
#   RECT_LOAD_SKIP_BUILD=1   use the opt binaries already built (the report says so)
set -euo pipefail
# The whole script is one block, read before it runs: editing this file during a run does not
# change the run.
{

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export RECT_STACK_PORT_OFFSET="${RECT_STACK_PORT_OFFSET:-600}"
# shellcheck source=../../deploy/lib/postgres.sh
source deploy/lib/postgres.sh
# shellcheck source=../../deploy/lib/stack.sh
source deploy/lib/stack.sh

[ "${RECT_SKIP_SETUP:-0}" = "1" ] || bash deploy/setup.sh

STATE="${RECT_STATE_DIR:-$ROOT/.state/load}"
GATEWAY_PORT="${RECT_GATEWAY_PORT:-8680}"
SECONDS_EACH="${RECT_LOAD_SECONDS:-10}"
CONNECTIONS="${RECT_LOAD_CONNECTIONS:-32}"
SEED="${RECT_LOAD_SEED:-1}"
TEACHERS="${RECT_LOAD_TEACHERS:-200000}"
REPORTS="${RECT_LOAD_REPORTS:-$ROOT/tests/load/reports}"
mkdir -p "$STATE/logs"
START=$(date +%s)
say() { echo "load: $* ($(($(date +%s) - START)) s)"; }

STACK_BAZEL_FLAGS="--config=opt"
NOTES=()
if [ "${RECT_LOAD_SKIP_BUILD:-0}" = "1" ]; then
  NOTES+=("not rebuilt for this run (RECT_LOAD_SKIP_BUILD=1): binaries as last built with --config=opt")
else
  say "building (--config=opt)"
  stack_build
  bazel build --config=opt //tests/load:beast_hello //tests/load:echo_server \
    //tests/load:echo_client //tests/load:csv_check_client
  # The benchmark of the pure CSV functions needs a library private to services/partnerships.
  if ! bazel build --config=opt //tests/load:confirm_schools_benchmark 2>/dev/null; then
    bazel build --config=opt --nocheck_visibility //tests/load:confirm_schools_benchmark
    NOTES+=("confirm_schools_benchmark was built with --nocheck_visibility (//services/partnerships:confirm_schools is private to its package)")
  fi
fi
# The opt binaries' directory, found without another Bazel command (the Bazel server may be
# busy with other work).
BIN="$ROOT/bazel-out/k8-opt/bin"
[ -x "$BIN/gateway/gateway" ] || BIN="$(bazel info --config=opt bazel-bin 2>/dev/null)"
export STACK_BIN="$BIN"

PG_DIR="$STATE/postgres"
if [ "${RECT_LOAD_FRESH:-1}" = "1" ] || [ "$(cat "$STATE/loaded" 2>/dev/null)" != "$SEED/$TEACHERS" ]; then
  pg_stop "$PG_DIR"
  rm -rf "$PG_DIR" "$STATE/loaded"
fi
pg_init "$PG_DIR"
PG_PORT="$(cat "$STATE/postgres.port" 2>/dev/null || true)"
if [ -z "$PG_PORT" ]; then PG_PORT="$(free_port)"; echo "$PG_PORT" >"$STATE/postgres.port"; fi
PG="host=127.0.0.1 port=$PG_PORT user=rect"

cleanup() {
  trap - EXIT INT TERM
  say "stopping"
  stack_stop
  pg_stop "$PG_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg_start "$PG_DIR" "$PG_PORT"
pg_create_databases "$PG_PORT" $(for s in $STACK_SERVICES; do echo "rect_$s"; done)
RECT_PARTNERSHIPS_DATABASE_URL="$PG dbname=rect_partnerships" "$BIN/services/partnerships/seed" \
  >>"$STATE/logs/seed.log" 2>&1 || { echo "load: seeding failed; see $STATE/logs/seed.log" >&2; exit 1; }

say "starting the stack (gateway :$GATEWAY_PORT, port offset $RECT_STACK_PORT_OFFSET)"
# The workloads send far more than the API's 1,000 requests per token per 5 minutes, so the
# load stack's gateway runs with the limits raised (one token per provider is then enough);
# a second gateway with the production limits shows the limiter refusing the 1,001st request.
export RECT_GATEWAY_API_RATE_LIMIT=1000000000 RECT_GATEWAY_API_RATE_LIMIT_BACKSTOP=1000000000
NOTES+=("the load stack's gateway runs with --api_rate_limit and --api_rate_limit_backstop raised to 1,000,000,000 (production: 1,000 per token and 1,500 per address per 5 minutes); the rate-limit workload uses a second gateway with the production limits")
stack_start "$STATE/logs" "$PG" "$GATEWAY_PORT"
LIMITED_PORT="$(free_port)"
"$BIN/gateway/gateway" --port="$LIMITED_PORT" --api_rate_limit=1000 --api_rate_limit_backstop=1500 \
  --static_dir="$ROOT/gateway/assets" >>"$STATE/logs/gateway-limited.log" 2>&1 &
STACK_PIDS[gateway-limited]=$!
stack_wait_ready "http://127.0.0.1:$GATEWAY_PORT" 60 || { echo "load: stack not ready; see $STATE/logs" >&2; exit 1; }
stack_wait_ready "http://127.0.0.1:$LIMITED_PORT" 30 || { echo "load: second gateway not ready; see $STATE/logs" >&2; exit 1; }

if [ ! -f "$STATE/loaded" ]; then
  say "generating the data set (seed $SEED, $TEACHERS participants)"
  psql "$PG dbname=rect_partnerships" -X -v ON_ERROR_STOP=1 -v seed="$SEED" \
    -f tests/load/sql/gen_partnerships.sql
  psql "$PG dbname=rect_registration" -X -v ON_ERROR_STOP=1 -v seed="$SEED" -v teachers="$TEACHERS" \
    -f tests/load/sql/gen_registration.sql
  # Declarations and statements, once the registration schema has them.
  if [ "$(psql "$PG dbname=rect_registration" -XAtc "SELECT to_regclass('participant_declarations') IS NOT NULL OR to_regclass('declarations') IS NOT NULL")" = "t" ] \
      && [ -f tests/load/sql/gen_declarations.sql ]; then
    if psql "$PG dbname=rect_registration" -X -v ON_ERROR_STOP=1 -v seed="$SEED" \
        -v teachers="$TEACHERS" -f tests/load/sql/gen_declarations.sql >"$STATE/logs/gen_declarations.log" 2>&1; then
      NOTES+=("declarations and statements generated by tests/load/sql/gen_declarations.sql")
    else
      NOTES+=("declarations table present but gen_declarations.sql failed: $(tail -1 "$STATE/logs/gen_declarations.log")")
    fi
  else
    NOTES+=("no declarations table in rect_registration: 1,000,000 declarations not generated")
  fi
  # One API token for each generated lead provider (identity keeps only their digests).
  : >"$STATE/tokens"
  psql "$PG dbname=rect_partnerships" -XAtc \
    "SELECT id FROM lead_providers WHERE name LIKE 'Load Lead Provider %' ORDER BY name" |
    while read -r lp; do
      token="$("$BIN/services/identity/identity_admin" \
        --identity_address="127.0.0.1:$(stack_grpc_port identity)" create-api-token \
        --lead_provider_id="$lp" --description="load test" 2>/dev/null)"
      echo "$lp $token" >>"$STATE/tokens"
    done
  echo "$SEED/$TEACHERS" >"$STATE/loaded"
fi
DATASET="$(
  p() { psql "$PG dbname=rect_$1" -XAtc "$2"; }
  printf '{"seed": %s, "schools": %s, "lead_providers": %s, "delivery_partners": %s, "partnerships": %s, "participants": %s, "training_periods": %s}' \
    "$SEED" "$(p partnerships 'SELECT count(*) FROM gias_schools')" \
    "$(p partnerships 'SELECT count(*) FROM lead_providers')" \
    "$(p partnerships 'SELECT count(*) FROM delivery_partners')" \
    "$(p partnerships 'SELECT count(*) FROM partnerships')" \
    "$(p registration 'SELECT count(*) FROM teachers')" \
    "$(p registration 'SELECT count(*) FROM training_periods')")"
if [ "$(psql "$PG dbname=rect_registration" -XAtc "SELECT to_regclass('declarations') IS NOT NULL")" = "t" ]; then
  DATASET="${DATASET%\}}, \"declarations\": $(psql "$PG dbname=rect_registration" -XAtc 'SELECT count(*) FROM declarations'), \"statements\": $(psql "$PG dbname=rect_registration" -XAtc 'SELECT count(*) FROM statements')}"
fi
# A token no earlier run has used, for the rate-limit workload (its count starts at zero).
LIMIT_TOKEN="$("$BIN/services/identity/identity_admin" \
  --identity_address="127.0.0.1:$(stack_grpc_port identity)" create-api-token \
  --lead_provider_id="$(head -1 "$STATE/tokens" | cut -d' ' -f1)" --description="load test: rate limit" 2>/dev/null)"
DP0="$(psql "$PG dbname=rect_partnerships" -XAtc "SELECT id FROM delivery_partners WHERE name = 'Load Delivery Partner 00'")"

say "measuring"
ARGS=()
for name in "${!STACK_PIDS[@]}"; do ARGS+=(--process "$name=${STACK_PIDS[$name]}"); done
for note in "${NOTES[@]}"; do ARGS+=(--note "$note"); done
ARGS+=(--note "figures are from one run on a shared machine; other work on it (e.g. compiling) makes them noisy: compare runs made under the same conditions")
python3 tests/load/bench.py --gateway "http://127.0.0.1:$GATEWAY_PORT" --pg "$PG" \
  --postmaster "$(head -1 "$PG_DIR/postmaster.pid")" --tokens "$STATE/tokens" --bin "$BIN" \
  --reports "$REPORTS" --seconds "$SECONDS_EACH" --connections "$CONNECTIONS" \
  --partnerships_address "127.0.0.1:$(stack_grpc_port partnerships)" \
  --delivery_partner_id "$DP0" --dataset "$DATASET" \
  --limited_gateway "http://127.0.0.1:$LIMITED_PORT" --limit_token "$LIMIT_TOKEN" \
  --started_at "$START" "${ARGS[@]}"
say "done"
exit
}
