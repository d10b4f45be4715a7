#!/usr/bin/env bash
# Runs the Lead Provider API conformance suite (lead-provider-api.md §8; node --test, every
# response validated against the served OpenAPI contract with ajv) against a running stack
# with the seed data. Makes an API token for each seeded lead provider first. Exits non-zero
# when a check fails; checks whose endpoints are not served yet run as todo.
#
# Environment:
#   RECT_CONF_GATEWAY_URL        gateway, e.g. http://127.0.0.1:8080
#   RECT_CONF_IDENTITY_ADDRESS   identity gRPC (default 127.0.0.1:50051)
#   RECT_CONF_SANDBOX            1 when the gateway's environment is not production
#   RECT_CONF_BAZEL_BIN          where the built tools are (default: bazel info)
# Extra arguments go to `node --test` (e.g. --test-name-pattern=sort).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
: "${RECT_CONF_GATEWAY_URL:?set RECT_CONF_GATEWAY_URL}"
IDENTITY="${RECT_CONF_IDENTITY_ADDRESS:-127.0.0.1:50051}"

[ -d node_modules/ajv ] && [ -d node_modules/yaml ] || npm ci --no-audit --no-fund

if [ -z "${RECT_CONF_BAZEL_BIN:-}" ]; then
  bazel build //services/identity:identity_admin >&2
  RECT_CONF_BAZEL_BIN="$(bazel info bazel-bin 2>/dev/null)"
fi
token() {
  "$RECT_CONF_BAZEL_BIN/services/identity/identity_admin" --identity_address="$IDENTITY" \
    create-api-token --lead_provider_id="$1" --description="conformance suite" 2>/dev/null
}
RECT_CONF_LP1_TOKEN="$(token 11111111-1111-4111-8111-000000000001)"
RECT_CONF_LP2_TOKEN="$(token 11111111-1111-4111-8111-000000000002)"
export RECT_CONF_LP1_TOKEN RECT_CONF_LP2_TOKEN

exec node --test --test-concurrency=1 "$@" tests/conformance/
