#!/usr/bin/env bash
# Starts the whole stack locally: a private PostgreSQL cluster (data kept under .state/),
# the five services and the gateway. Prints the URL and runs until Ctrl-C, then stops
# everything cleanly. Running it again keeps the data.
#
#   deploy/local/run.sh            run until Ctrl-C
#   deploy/local/run.sh --check    start, wait until ready, print the URL, stop (a smoke test)
#
# Environment: RECT_STATE_DIR (default <repo>/.state/local), RECT_GATEWAY_PORT (default 8080),
# RECT_SKIP_SETUP=1 to skip deploy/setup.sh, RECT_BAZEL_CONFIG (e.g. opt), RECT_PROMETHEUS=1 to
# also run a Prometheus server scraping every process (RECT_PROMETHEUS_PORT, default 9090),
# RECT_STACK_PORT_OFFSET to shift every service and fake port (to run a second stack beside one).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
# shellcheck source=../lib/postgres.sh
source deploy/lib/postgres.sh
source deploy/lib/stack.sh

CHECK_ONLY=0
[ "${1:-}" = "--check" ] && CHECK_ONLY=1

[ "${RECT_SKIP_SETUP:-0}" = "1" ] || bash deploy/setup.sh

STATE="${RECT_STATE_DIR:-$ROOT/.state/local}"
mkdir -p "$STATE/logs"

echo "run: building"
STACK_BAZEL_FLAGS="${RECT_BAZEL_CONFIG:+--config=$RECT_BAZEL_CONFIG}"
stack_build

# PostgreSQL: keep the cluster and its port between runs.
PG_DIR="$STATE/postgres"
pg_init "$PG_DIR"
PG_PORT="$(cat "$STATE/postgres.port" 2>/dev/null || true)"
if [ -z "$PG_PORT" ]; then PG_PORT="$(free_port)"; echo "$PG_PORT" >"$STATE/postgres.port"; fi

cleanup() {
  trap - EXIT INT TERM
  echo
  echo "run: stopping"
  stack_stop
  [ -n "${PROMETHEUS_PID:-}" ] && { kill -TERM "$PROMETHEUS_PID" 2>/dev/null; wait "$PROMETHEUS_PID" 2>/dev/null; }
  pg_stop "$PG_DIR"
  echo "run: stopped"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg_start "$PG_DIR" "$PG_PORT"
pg_create_databases "$PG_PORT" $(for s in $STACK_SERVICES; do echo "rect_$s"; done)

# Demo data: the GIAS schools, cohorts, lead providers, delivery partners and partnerships of
# the partnerships seed (safe to repeat).
# shellcheck disable=SC2086
RECT_PARTNERSHIPS_DATABASE_URL="host=127.0.0.1 port=$PG_PORT user=rect dbname=rect_partnerships" \
  "$(bazel info $STACK_BAZEL_FLAGS bazel-bin 2>/dev/null)/services/partnerships/seed" \
  >>"$STATE/logs/seed.log" 2>&1 || { echo "run: seeding demo data failed; see $STATE/logs/seed.log" >&2; exit 1; }
# The Lead Provider API's demo data in registration: participants trained through those
# partnerships, their declarations and the providers' statements (safe to repeat).
# shellcheck disable=SC2086
{ bazel build $STACK_BAZEL_FLAGS //services/registration/api:api_seed >>"$STATE/logs/seed.log" 2>&1 &&
  RECT_REGISTRATION_DATABASE_URL="host=127.0.0.1 port=$PG_PORT user=rect dbname=rect_registration" \
  "$(bazel info $STACK_BAZEL_FLAGS bazel-bin 2>/dev/null)/services/registration/api/api_seed" \
  >>"$STATE/logs/seed.log" 2>&1; } || { echo "run: seeding API demo data failed; see $STATE/logs/seed.log" >&2; exit 1; }

GATEWAY_PORT="${RECT_GATEWAY_PORT:-8080}"
stack_start "$STATE/logs" "host=127.0.0.1 port=$PG_PORT user=rect" "$GATEWAY_PORT"

URL="http://127.0.0.1:$GATEWAY_PORT"
if ! stack_wait_ready "$URL" 60; then
  echo "run: the stack did not become ready; see $STATE/logs/" >&2
  exit 1
fi
echo "run: ready at $URL  (readiness $URL/readyz, metrics $URL/metrics; logs in $STATE/logs)"

if [ "${RECT_PROMETHEUS:-0}" = "1" ]; then
  PROM_DIR="$STATE/prometheus"
  PROM_PORT="${RECT_PROMETHEUS_PORT:-9090}"
  mkdir -p "$PROM_DIR/data"
  sed "s/@GATEWAY_PORT@/$GATEWAY_PORT/" deploy/prometheus/prometheus.local.yml >"$PROM_DIR/prometheus.yml"
  cp deploy/prometheus/rules.yml "$PROM_DIR/rules.yml"
  prometheus --config.file="$PROM_DIR/prometheus.yml" --storage.tsdb.path="$PROM_DIR/data" \
    --web.listen-address="127.0.0.1:$PROM_PORT" >>"$STATE/logs/prometheus.log" 2>&1 &
  PROMETHEUS_PID=$!
  echo "run: Prometheus at http://127.0.0.1:$PROM_PORT"
  if [ "$CHECK_ONLY" = "1" ]; then
    python3 deploy/prometheus/check_local.py "http://127.0.0.1:$PROM_PORT" 60 || exit 1
  fi
fi

if [ "$CHECK_ONLY" = "1" ]; then exit 0; fi
echo "run: press Ctrl-C to stop"
stack_watch
