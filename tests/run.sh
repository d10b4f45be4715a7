#!/usr/bin/env bash
# Sets up the machine if needed and runs every test: unit and service tests, integration tests
# against real PostgreSQL and real processes (all through `bazel test //...`), then a smoke run
# of the local stack. Ends with one line "N passed, N failed" counting test cases; exits
# non-zero on any failure.
#
# Environment: RECT_SKIP_SETUP=1 skips deploy/setup.sh; extra arguments go to `bazel test`.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source deploy/lib/postgres.sh

if [ "${RECT_SKIP_SETUP:-0}" != "1" ]; then
  bash deploy/setup.sh || { echo "0 passed, 1 failed"; exit 1; }
fi

# One throwaway cluster for the whole run; each test creates and drops its own database.
WORK="$(mktemp -d /tmp/rect-tests.XXXXXX)"
chmod 755 "$WORK"
PG_DIR="$WORK/postgres"
cleanup() {
  pg_stop "$PG_DIR" immediate
  rm -rf "$WORK"
}
trap cleanup EXIT

extra_passed=0
extra_failed=0

PG_FSYNC=off
pg_init "$PG_DIR" && PG_PORT="$(free_port)" && pg_start "$PG_DIR" "$PG_PORT" || {
  echo "tests: cannot start PostgreSQL" >&2
  echo "0 passed, 1 failed"
  exit 1
}
PG="host=127.0.0.1 port=$PG_PORT user=rect"

echo "tests: bazel test //..."
bazel test //... --test_env=RECT_TEST_PG="$PG" --keep_going \
  --build_event_json_file="$WORK/bep.json" "$@"
bazel_status=$?

# check NAME COMMAND...: one counted test case outside Bazel; output shown only on failure.
check() {
  local name="$1"; shift
  echo "tests: $name"
  if "$@" >"$WORK/check.log" 2>&1; then
    extra_passed=$((extra_passed + 1))
  else
    extra_failed=$((extra_failed + 1))
    echo "FAILED: $name" >&2
    tail -40 "$WORK/check.log" >&2
  fi
}

# The README's run command against its own state directory, with the local Prometheus: every
# target up, the expected series present, every dashboard query accepted.
check "local stack and Prometheus smoke run" env RECT_SKIP_SETUP=1 RECT_STATE_DIR="$WORK/local" \
  RECT_GATEWAY_PORT="$(free_port)" RECT_PROMETHEUS=1 RECT_PROMETHEUS_PORT="$(free_port)" \
  bash deploy/local/run.sh --check
check "alert rules are valid" promtool check rules deploy/prometheus/rules.yml
check "alert rules fire as specified" promtool test rules deploy/prometheus/rules_test.yml
check "Kubernetes manifests validate" bash -c \
  'kubectl kustomize deploy/k8s | node deploy/k8s/validate/validate.mjs'

# Count test cases from the JUnit XML of every current test target.
# Manual targets (benchmarks) are not part of `//...`.
targets="$(bazel query 'tests(//...) except attr(tags, manual, //...)' 2>/dev/null)"
python3 tests/count_results.py "$WORK/bep.json" "$(bazel info bazel-testlogs 2>/dev/null)" \
  "$bazel_status" "$extra_passed" "$extra_failed" $targets
