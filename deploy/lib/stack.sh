# Shell helpers to build, start and stop the five services and the gateway. Source this file.
# Each process logs to <logs>/<name>.log; PIDs are kept in STACK_PIDS (name=pid).

STACK_SERVICES="identity teachers registration partnerships notifications"
declare -A STACK_PIDS=()

# Ports: gRPC 50051.., metrics 9101.. in the order of STACK_SERVICES, the fakes 8091..8093.
# RECT_STACK_PORT_OFFSET (default 0) shifts all of them, so two stacks can run side by side.
STACK_PORT_OFFSET="${RECT_STACK_PORT_OFFSET:-0}"
stack_grpc_port() { echo $((50051 + STACK_PORT_OFFSET + $(_stack_index "$1"))); }
stack_metrics_port() { echo $((9101 + STACK_PORT_OFFSET + $(_stack_index "$1"))); }
_stack_index() {
  local i=0 s
  for s in $STACK_SERVICES; do
    [ "$s" = "$1" ] && { echo "$i"; return; }
    i=$((i + 1))
  done
}

# Extra bazel flags for build and binary lookup, e.g. "--config=opt".
STACK_BAZEL_FLAGS="${STACK_BAZEL_FLAGS:-}"

stack_build() {
  # shellcheck disable=SC2086
  bazel build $STACK_BAZEL_FLAGS //services/identity //services/teachers //services/registration \
    //services/partnerships //services/notifications //gateway //tests/fakes/trs \
    //tests/fakes/notify:fake_notify //tests/fakes/dsi:fake_dsi //services/identity:identity_admin \
    //services/partnerships:seed //tests/e2e:seed_schools
}

# Local stand-ins for external systems and the key the services use with them (not secrets:
# they only ever guard the local fakes).
STACK_TRS_PORT="${RECT_FAKE_TRS_PORT:-$((8091 + STACK_PORT_OFFSET))}"
STACK_TRS_KEY="local-trs-key"
STACK_NOTIFY_PORT="${RECT_FAKE_NOTIFY_PORT:-$((8092 + STACK_PORT_OFFSET))}"
STACK_DSI_PORT="${RECT_FAKE_DSI_PORT:-$((8093 + STACK_PORT_OFFSET))}"

# stack_start LOGDIR DATABASE_CONNINFO GATEWAY_PORT
stack_start() {
  local logs="$1" pg="$2" gateway_port="$3" s upper bin
  # shellcheck disable=SC2086
  # STACK_BIN (optional): the binaries' directory, so starting needs no Bazel command.
  bin="${STACK_BIN:-$(bazel info $STACK_BAZEL_FLAGS bazel-bin 2>/dev/null)}"
  RECT_FAKE_TRS_PORT="$STACK_TRS_PORT" RECT_FAKE_TRS_API_KEY="$STACK_TRS_KEY" \
    "$bin/tests/fakes/trs/trs" >>"$logs/fake-trs.log" 2>&1 &
  STACK_PIDS[fake-trs]=$!
  export RECT_TEACHERS_TRS_BASE_URL="http://127.0.0.1:$STACK_TRS_PORT"
  export RECT_TEACHERS_TRS_API_KEY="$STACK_TRS_KEY"
  # The local GOV.UK Notify; service and fake share the built-in local key. Sent emails can be
  # read at http://127.0.0.1:$STACK_NOTIFY_PORT/_fake/emails?email_address=...
  RECT_FAKE_NOTIFY_PORT="$STACK_NOTIFY_PORT" \
    "$bin/tests/fakes/notify/fake_notify" >>"$logs/fake-notify.log" 2>&1 &
  STACK_PIDS[fake-notify]=$!
  export RECT_NOTIFICATIONS_NOTIFY_BASE_URL="http://127.0.0.1:$STACK_NOTIFY_PORT"
  # The local DfE Sign-in, with its built-in local client and API secrets.
  RECT_FAKE_DSI_PORT="$STACK_DSI_PORT" \
    "$bin/tests/fakes/dsi/fake_dsi" >>"$logs/fake-dsi.log" 2>&1 &
  STACK_PIDS[fake-dsi]=$!
  export RECT_IDENTITY_DSI_ISSUER="http://127.0.0.1:$STACK_DSI_PORT"
  export RECT_IDENTITY_DSI_CLIENT_SECRET="local-dsi-client-secret"
  export RECT_IDENTITY_DSI_API_SECRET="local-dsi-api-secret"
  # Sign-in redirects and cookies need the gateway's address exactly as the browser uses it.
  export RECT_IDENTITY_PUBLIC_URL="http://127.0.0.1:$gateway_port"
  export RECT_GATEWAY_PUBLIC_URL="http://127.0.0.1:$gateway_port"
  for s in $STACK_SERVICES; do
    upper="${s^^}"
    # Where this service finds the others (each reads only the addresses it has flags for).
    local peers=() other
    for other in $STACK_SERVICES; do
      peers+=("RECT_${upper}_${other^^}_ADDRESS=127.0.0.1:$(stack_grpc_port "$other")")
    done
    env "${peers[@]}" "RECT_${upper}_DATABASE_URL=${pg} dbname=rect_${s}" \
      "RECT_${upper}_GRPC_ADDRESS=127.0.0.1:$(stack_grpc_port "$s")" \
      "RECT_${upper}_METRICS_ADDRESS=127.0.0.1:$(stack_metrics_port "$s")" \
      "$bin/services/$s/$s" >>"$logs/$s.log" 2>&1 &
    STACK_PIDS[$s]=$!
  done
  for s in $STACK_SERVICES; do export "RECT_GATEWAY_${s^^}_ADDRESS=127.0.0.1:$(stack_grpc_port "$s")"; done
  RECT_GATEWAY_PORT="$gateway_port" RECT_GATEWAY_STATIC_DIR="$PWD/gateway/assets" \
    "$bin/gateway/gateway" >>"$logs/gateway.log" 2>&1 &
  STACK_PIDS[gateway]=$!
}

# stack_wait_ready URL SECONDS: waits until URL/readyz answers 200.
stack_wait_ready() {
  local url="$1" seconds="$2" i
  for ((i = 0; i < seconds * 5; i++)); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/readyz")" = "200" ]; then return 0; fi
    sleep 0.2
  done
  curl -s "$url/readyz" >&2 || true
  return 1
}

# stack_watch: returns when any process exits (so the caller can stop the rest).
stack_watch() {
  local name
  while true; do
    for name in "${!STACK_PIDS[@]}"; do
      if ! kill -0 "${STACK_PIDS[$name]}" 2>/dev/null; then
        echo "run: $name exited; stopping the stack" >&2
        return 1
      fi
    done
    sleep 1
  done
}

# stack_stop: SIGTERM to every process, then waits (SIGKILL after 15 s).
stack_stop() {
  local name pid i
  for name in "${!STACK_PIDS[@]}"; do kill -TERM "${STACK_PIDS[$name]}" 2>/dev/null || true; done
  for name in "${!STACK_PIDS[@]}"; do
    pid="${STACK_PIDS[$name]}"
    for ((i = 0; i < 150; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  STACK_PIDS=()
}
