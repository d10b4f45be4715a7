#!/usr/bin/env bash
# Sets up the machine if needed and runs every test: unit and service tests, integration tests
# against real PostgreSQL and real processes (all through `bazel test //...`), then a smoke run
# of the local stack. Ends with one line "N passed, N failed" counting test cases; exits
# non-zero on any failure.
#
# Environment: RECT_SKIP_SETUP=1 skips deploy/setup.sh; RECT_FAULTS_LONG=1 runs the fault tests'
# 60-second variant instead of the short one; extra arguments go to `bazel test`.
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

# The HTTP server's, the shared library's and the fakes' tests again under AddressSanitizer +
# UndefinedBehaviorSanitizer, and the HTTP server and the PostgreSQL pool under ThreadSanitizer
# (configs in .bazelrc; each has its own output directory, so these builds do not disturb the
# plain one). Tests that start the whole stack (tagged exclusive) and benchmarks are left out.
# Suppressions, for system libraries only, are in tests/sanitizers/. Their cases count in the
# totals like the plain run's.
sanitizer_run() {
  local config="$1"; shift
  local query="$1"; shift
  local targets
  targets="$(bazel query "let t = $query in \$t except attr(tags, 'exclusive|manual', \$t)" \
    2>/dev/null)"
  echo "tests: bazel test --config=$config ($(echo "$targets" | wc -w) targets)"
  # shellcheck disable=SC2086
  bazel test --config="$config" $targets --test_env=RECT_TEST_PG="$PG" --keep_going \
    --build_event_json_file="$WORK/bep-$config.json" "$@"
  local status=$?
  python3 tests/count_results.py "$WORK/bep-$config.json" \
    "$(bazel info --config="$config" bazel-testlogs 2>/dev/null)" "$status" 0 0 $targets \
    >"$WORK/count-$config.log"
  sed -n "s/^FAILED: /FAILED ($config): /p" "$WORK/count-$config.log" >&2
  local totals
  totals="$(tail -1 "$WORK/count-$config.log")"
  local passed="${totals%% passed*}" failed="${totals#*passed, }"
  failed="${failed%% failed*}"
  case "$passed$failed" in
    *[!0-9]*|"") extra_failed=$((extra_failed + 1)); echo "FAILED ($config): no totals" >&2 ;;
    *) extra_passed=$((extra_passed + passed)); extra_failed=$((extra_failed + failed)) ;;
  esac
}
SANITIZERS="$ROOT/tests/sanitizers"
# ASan + UBSan over every service's and the gateway's unit and PostgreSQL integration tests
# (identity, teachers, registration, partnerships, notifications, the gateway's routes, pages and
# API): they hold the proto-heavy request handling and the SQL result reading where memory
# errors would hide. Building and running them with the sanitizers (beyond the shared library,
# the HTTP server and the fakes) took 26 minutes of wall time, waits for other builds included
# (1,560 s: registration 314 s, gateway/api 298 s, gateway/web 242 s, identity 238 s, the
# gateway's own tests and binary 172 s, partnerships 124 s, notifications 94 s, teachers 78 s),
# on a 2-core machine whose load average was 3 to 6 from other builds: an estimated 13 to 15
# minutes on CI's 2 dedicated cores. Only whole-stack tests (tagged exclusive) and benchmarks
# are left out.
sanitizer_run asan 'tests(//gateway/... + //services/... + //tests/fakes/...)' \
  --test_env=LSAN_OPTIONS="suppressions=$SANITIZERS/lsan.supp:print_suppressions=0" "$@"
# TSan only where no gRPC call is made: Debian's gRPC and Abseil are not instrumented, so every
# gRPC callback would look like a race (tests/sanitizers/tsan.supp).
sanitizer_run tsan 'tests(//gateway/http/...) + //services/common:pg_pool_test + //services/common:http_client_test' \
  --test_env=TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$SANITIZERS/tsan.supp" \
  "$@"

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

# The gateway built with ASan + UBSan (its libraries were built by the ASan run above) against
# hostile clients: dribbled headers and bodies, oversized bodies and headers, malformed framing,
# resets mid-request (tests/sanitizers/gateway_bad_input.sh).
check "gateway under ASan + UBSan refuses slow, oversized and malformed requests" \
  bash tests/sanitizers/gateway_bad_input.sh

# The README's run command, against its own state directory and free ports, with the local
# Prometheus; while it runs: every Prometheus target up with the expected series and
# dashboard queries, then the browser tests in headless Chromium.
LOCAL="$WORK/local"
GATEWAY_PORT="$(free_port)"
PROMETHEUS_PORT="$(free_port)"
DSI_PORT="$(free_port)"
NOTIFY_PORT="$(free_port)"
# A sandbox (not production), so the API's X-With-Server-Date is honoured for the conformance suite.
RECT_SKIP_SETUP=1 RECT_STATE_DIR="$LOCAL" RECT_GATEWAY_PORT="$GATEWAY_PORT" RECT_PROMETHEUS=1 \
  RECT_GATEWAY_ENVIRONMENT=sandbox \
  RECT_PROMETHEUS_PORT="$PROMETHEUS_PORT" RECT_FAKE_TRS_PORT="$(free_port)" \
  RECT_FAKE_NOTIFY_PORT="$NOTIFY_PORT" RECT_FAKE_DSI_PORT="$DSI_PORT" \
  bash deploy/local/run.sh >"$WORK/local-run.log" 2>&1 &
LOCAL_PID=$!
stop_local() { kill -TERM "$LOCAL_PID" 2>/dev/null && wait "$LOCAL_PID" 2>/dev/null; LOCAL_PID=; }
trap 'stop_local; cleanup' EXIT

wait_for_local() {
  for _ in $(seq 1 600); do
    grep -q "^run: Prometheus at" "$WORK/local-run.log" 2>/dev/null && return 0
    kill -0 "$LOCAL_PID" 2>/dev/null || break
    sleep 0.5
  done
  cat "$WORK/local-run.log"
  return 1
}
check "local stack starts and is ready (deploy/local/run.sh)" wait_for_local
check "local Prometheus scrapes every process" \
  python3 deploy/prometheus/check_local.py "http://127.0.0.1:$PROMETHEUS_PORT" 60

# The API tokens the browser and conformance suites make are kept for the secrets scan after
# them (tests/security/keep_api_tokens.sh).
SECRETS="$WORK/secrets"
bash tests/security/keep_api_tokens.sh "$(bazel info bazel-bin 2>/dev/null)" "$SECRETS/bin" \
  "$SECRETS/api-tokens"

echo "tests: browser tests (Chromium)"
RECT_E2E_BAZEL_BIN="$SECRETS/bin" RECT_E2E_GATEWAY_URL="http://127.0.0.1:$GATEWAY_PORT" \
  RECT_E2E_DSI_URL="http://127.0.0.1:$DSI_PORT" \
  RECT_E2E_NOTIFY_URL="http://127.0.0.1:$NOTIFY_PORT" RECT_E2E_STATE_DIR="$LOCAL" \
  bash tests/e2e/run.sh >"$WORK/e2e.log" 2>&1
e2e_status=$?
e2e_passed="$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$WORK/e2e.log" | tail -1)"
e2e_failed="$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$WORK/e2e.log" | tail -1)"
extra_passed=$((extra_passed + ${e2e_passed:-0}))
extra_failed=$((extra_failed + ${e2e_failed:-0}))
if [ "$e2e_status" -ne 0 ] || [ -z "$e2e_passed" ]; then
  [ "${e2e_failed:-0}" -gt 0 ] || extra_failed=$((extra_failed + 1))
  echo "FAILED: browser tests" >&2
  grep -E '^not ok|^# (pass|fail)|Error' "$WORK/e2e.log" | head -40 >&2
  tail -20 "$WORK/e2e.log" >&2
fi

# The Lead Provider API conformance suite (every response validated against the contract);
# checks whose endpoints are not served yet run as todo and are not counted.
echo "tests: Lead Provider API conformance"
RECT_CONF_BAZEL_BIN="$SECRETS/bin" RECT_CONF_GATEWAY_URL="http://127.0.0.1:$GATEWAY_PORT" RECT_CONF_SANDBOX=1 \
  bash tests/conformance/run.sh >"$WORK/conformance.log" 2>&1
conf_status=$?
conf_passed="$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$WORK/conformance.log" | tail -1)"
conf_failed="$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$WORK/conformance.log" | tail -1)"
extra_passed=$((extra_passed + ${conf_passed:-0}))
extra_failed=$((extra_failed + ${conf_failed:-0}))
if [ "$conf_status" -ne 0 ] || [ -z "$conf_passed" ]; then
  [ "${conf_failed:-0}" -gt 0 ] || extra_failed=$((extra_failed + 1))
  echo "FAILED: Lead Provider API conformance" >&2
  grep -E '^not ok|^# (pass|fail|todo)|Error' "$WORK/conformance.log" | grep -v '# TODO' | head -40 >&2
  tail -20 "$WORK/conformance.log" >&2
fi
# After both suites: no token or secret of theirs (or the local configuration's) in any table of
# any database or in any log of the stack, only digests.
check "no token or secret in a database or a log (tests/security/secrets_scan.py)" \
  python3 tests/security/secrets_scan.py --state "$LOCAL" --gateway "http://127.0.0.1:$GATEWAY_PORT" \
  --notify "http://127.0.0.1:$NOTIFY_PORT" --identity 127.0.0.1:50051 --bin "$SECRETS/bin" \
  --api-tokens "$SECRETS/api-tokens"
stop_local

# Fault tests against a stack of their own (tests/faults/README.md); each of their checks counts.
echo "tests: fault tests${RECT_FAULTS_LONG:+ (long)}"
RECT_SKIP_SETUP=1 RECT_STATE_DIR="$WORK/faults" RECT_GATEWAY_PORT="$(free_port)" \
  bash tests/faults/run.sh >"$WORK/faults.log" 2>&1
faults_status=$?
faults_totals="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$WORK/faults.log" | tail -1)"
faults_passed="${faults_totals%% passed*}"
faults_failed="${faults_totals#*passed, }"
faults_failed="${faults_failed%% failed*}"
extra_passed=$((extra_passed + ${faults_passed:-0}))
extra_failed=$((extra_failed + ${faults_failed:-0}))
if [ "$faults_status" -ne 0 ] || [ -z "$faults_totals" ]; then
  [ "${faults_failed:-0}" -gt 0 ] || extra_failed=$((extra_failed + 1))
  echo "FAILED: fault tests" >&2
  grep -E '^not ok|^#   ' "$WORK/faults.log" | head -40 >&2
  tail -20 "$WORK/faults.log" >&2
fi

check "alert rules are valid" promtool check rules deploy/prometheus/rules.yml
check "alert rules fire as specified" promtool test rules deploy/prometheus/rules_test.yml
check "dashboard conforms to Grafana's dashboard schema" node deploy/prometheus/grafana-check/check.mjs
check "dashboard schema check refuses broken dashboards" \
  node deploy/prometheus/grafana-check/check.mjs --self-test
check "Kubernetes manifests validate" bash -c \
  'kubectl kustomize deploy/k8s | node deploy/k8s/validate/validate.mjs'

# libFuzzer targets for the parsers of untrusted input (tests/fuzz/README.md): one clang build,
# then each fuzzer briefly on its corpus; new inputs stay in temp directories.
FUZZ_BUILD="$WORK/fuzz-build"
check "fuzz targets build (clang, ASan + UBSan)" bash tests/fuzz/build.sh "$FUZZ_BUILD"
for fuzz_target in csv_fuzz api_query_fuzz id_token_fuzz wizard_fuzz forms_fuzz multipart_fuzz json_body_fuzz; do
  check "fuzz $fuzz_target (20 s)" env RECT_FUZZ_SKIP_BUILD=1 RECT_FUZZ_BUILD="$FUZZ_BUILD" \
    bash tests/fuzz/run.sh "$fuzz_target" 20
done

# Count test cases from the JUnit XML of every current test target.
# Manual targets (benchmarks) are not part of `//...`.
targets="$(bazel query 'tests(//...) except attr(tags, manual, //...)' 2>/dev/null)"
python3 tests/count_results.py "$WORK/bep.json" "$(bazel info bazel-testlogs 2>/dev/null)" \
  "$bazel_status" "$extra_passed" "$extra_failed" $targets
