#!/usr/bin/env bash
# Runs one fuzzer for SECONDS on its corpus in tests/fuzz/corpus/TARGET, after an incremental
# build (skipped with RECT_FUZZ_SKIP_BUILD=1). New corpus entries and any crash go to a temp
# directory, never into the repo; on a crash it is kept and named so the input can be added.
# Usage: tests/fuzz/run.sh TARGET SECONDS   (e.g. tests/fuzz/run.sh csv_fuzz 600)
# Environment: RECT_FUZZ_BUILD (default /tmp/rect-fuzz-build); extra arguments go to libFuzzer.
set -euo pipefail

[ "$#" -ge 2 ] || { echo "usage: $0 TARGET SECONDS [libFuzzer flags...]" >&2; exit 2; }
TARGET="$1" SECONDS_="$2"; shift 2
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${RECT_FUZZ_BUILD:-/tmp/rect-fuzz-build}"
SEEDS="$ROOT/tests/fuzz/corpus/$TARGET"
[ -d "$SEEDS" ] || { echo "fuzz: no corpus for $TARGET in tests/fuzz/corpus" >&2; exit 2; }

if [ "${RECT_FUZZ_SKIP_BUILD:-0}" != "1" ]; then
  bash "$ROOT/tests/fuzz/build.sh" "$BUILD" >"$BUILD.log" 2>&1 || { cat "$BUILD.log" >&2; exit 1; }
fi

WORK="$(mktemp -d "/tmp/rect-fuzz-$TARGET.XXXXXX")"
mkdir -p "$WORK/corpus"
if "$BUILD/bin/$TARGET" -max_total_time="$SECONDS_" -timeout=5 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$WORK/" "$@" "$WORK/corpus" "$SEEDS"; then
  rm -rf "$WORK"
else
  echo "fuzz: $TARGET failed; crashing input and new corpus kept in $WORK" >&2
  exit 1
fi
