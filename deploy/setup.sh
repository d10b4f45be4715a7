#!/usr/bin/env bash
# Installs every system and npm dependency the project needs on Debian bookworm.
# Idempotent: packages already present are skipped, so running it twice is cheap.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

PACKAGES=(
  bazel-bootstrap bazel-rules-java bazel-platforms pkg-config
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev libpqxx-dev libboost1.81-dev libboost-url1.81-dev libboost-json1.81-dev
  prometheus-cpp-dev nlohmann-json3-dev libssl-dev libgtest-dev libgmock-dev
  libkainjow-mustache-dev libcpp-jwt-dev libbenchmark-dev
  postgresql-15 postgresql-client-15 wrk chromium prometheus curl python3 clang-format
  clang-14 libclang-rt-14-dev
  linux-perf
)

sudo_if_needed() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  sudo_if_needed apt-get update -q
  sudo_if_needed apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "setup: system packages present"
fi

# npm packages, each pinned by its lock file: front-end assets and browser-test clients at the
# top level, the offline Kubernetes manifest validator in deploy/k8s/validate, the Grafana
# dashboard schema check in deploy/prometheus/grafana-check.
for dir in "$ROOT" "$ROOT/deploy/k8s/validate" "$ROOT/deploy/prometheus/grafana-check"; do
  [ -f "$dir/package-lock.json" ] || continue
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "setup: installing npm packages in ${dir#$ROOT/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done
# The stack's gRPC ports (50051.. and the port offsets the tests and benchmarks add, up to 900)
# lie in Linux's ephemeral range (32768-60999): an outgoing connection that happens to be given
# one as its local port stops a service from binding it. Keep them out of that range where the
# kernel lets us (as root, or through sudo without a password); elsewhere say so and go on.
RESERVED_PORTS=50000-50999
reserved_file=/proc/sys/net/ipv4/ip_local_reserved_ports
if [ -r "$reserved_file" ]; then
  current="$(cat "$reserved_file")"
  case ",$current," in
    *",$RESERVED_PORTS,"*) ;;
    *)
      wanted="${current:+$current,}$RESERVED_PORTS"
      if { [ "$(id -u)" -eq 0 ] && printf '%s\n' "$wanted" >"$reserved_file"; } 2>/dev/null ||
          printf '%s\n' "$wanted" | sudo -n tee "$reserved_file" >/dev/null 2>&1; then
        echo "setup: ports $RESERVED_PORTS kept out of the ephemeral range"
      else
        echo "setup: could not keep ports $RESERVED_PORTS out of the ephemeral range (not fatal)"
      fi
      ;;
  esac
fi
echo "setup: done"
