#!/usr/bin/env bash
# The gateway built with AddressSanitizer + UndefinedBehaviorSanitizer (--config=asan) against
# hostile HTTP clients (tests/sanitizers/gateway_bad_input.py: dribbled headers and bodies,
# oversized bodies and headers, malformed framing, resets mid-request), with short deadlines so
# the run takes seconds. No backend is needed: none of these requests reaches a handler that
# calls one. Passes when every check passes, the gateway then stops on SIGTERM with status 0,
# and its output holds no sanitizer report. Prints the checks and "N passed, N failed".
#
# Environment: RECT_SANITIZER_SKIP_BUILD=1 uses the ASan gateway already built.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
if [ "${RECT_SANITIZER_SKIP_BUILD:-0}" != "1" ]; then
  bazel build --config=asan //gateway:gateway >&2 || { echo "0 passed, 1 failed"; exit 1; }
fi
BIN="$(bazel info --config=asan bazel-bin 2>/dev/null)"
WORK="$(mktemp -d /tmp/rect-gateway-bad-input.XXXXXX)"
PORT="$(python3 deploy/lib/free_port.py)"
HEADER_MS=1500
BODY_MS=2000
MAX_BODY=65536

ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1" \
  UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
  LSAN_OPTIONS="suppressions=$ROOT/tests/sanitizers/lsan.supp:print_suppressions=0" \
  RECT_GATEWAY_PORT="$PORT" RECT_GATEWAY_HEADER_TIMEOUT_MS="$HEADER_MS" \
  RECT_GATEWAY_BODY_TIMEOUT_MS="$BODY_MS" RECT_GATEWAY_MAX_BODY_BYTES="$MAX_BODY" \
  RECT_GATEWAY_STATIC_DIR="$ROOT/gateway/assets" \
  "$BIN/gateway/gateway" >"$WORK/gateway.log" 2>&1 &
GATEWAY=$!
trap 'kill -KILL "$GATEWAY" 2>/dev/null; rm -rf "$WORK"' EXIT

for _ in $(seq 1 100); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
  sleep 0.1
done

python3 tests/sanitizers/gateway_bad_input.py --port "$PORT" --header_timeout_ms "$HEADER_MS" \
  --body_timeout_ms "$BODY_MS" --max_body_bytes "$MAX_BODY" | tee "$WORK/checks.log"
passed="$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$WORK/checks.log")"
failed="$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$WORK/checks.log")"
passed="${passed:-0}"
failed="${failed:-1}"

kill -TERM "$GATEWAY" 2>/dev/null
status=none
for _ in $(seq 1 150); do
  if ! kill -0 "$GATEWAY" 2>/dev/null; then
    wait "$GATEWAY"
    status=$?
    break
  fi
  sleep 0.1
done
if [ "$status" = "0" ]; then
  echo "ok - the gateway stops on SIGTERM with status 0"
  passed=$((passed + 1))
else
  echo "not ok - the gateway stops on SIGTERM with status 0 (status $status)"
  failed=$((failed + 1))
fi
if grep -qE "ERROR: (Address|Leak)Sanitizer|runtime error:|SUMMARY: .*Sanitizer" "$WORK/gateway.log"; then
  echo "not ok - no sanitizer report in the gateway's output"
  grep -E -A30 "ERROR: (Address|Leak)Sanitizer|runtime error:" "$WORK/gateway.log" | head -60 | sed 's/^/#   /'
  failed=$((failed + 1))
else
  echo "ok - no sanitizer report in the gateway's output"
  passed=$((passed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" = "0" ]
