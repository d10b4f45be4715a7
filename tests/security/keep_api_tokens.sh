#!/usr/bin/env bash
# Makes a copy of a Bazel output directory's tools for the browser and conformance suites in
# which identity_admin also appends every API token it makes (create-api-token) to a file, so
# tests/security/secrets_scan.py can look for those tokens afterwards.
#
#   keep_api_tokens.sh BAZEL_BIN DIR TOKENS_FILE    then use DIR as RECT_E2E_BAZEL_BIN and
#                                                   RECT_CONF_BAZEL_BIN
set -euo pipefail
BIN="$1" DIR="$2" TOKENS="$3"
mkdir -p "$DIR/services/identity" "$(dirname "$TOKENS")"
touch "$TOKENS"
ln -sfn "$BIN/tests" "$DIR/tests"
cat >"$DIR/services/identity/identity_admin" <<SCRIPT
#!/usr/bin/env bash
case " \$* " in
  *" create-api-token "*)
    "$BIN/services/identity/identity_admin" "\$@" | tee -a "$TOKENS"
    exit "\${PIPESTATUS[0]}" ;;
  *) exec "$BIN/services/identity/identity_admin" "\$@" ;;
esac
SCRIPT
chmod +x "$DIR/services/identity/identity_admin"
