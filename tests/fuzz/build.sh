#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) outside Bazel, whose default toolchain
# here is gcc: each project source and the generated protos are compiled once into OUT/obj
# (recompiled only when a file it includes changed), then each tests/fuzz/*_fuzz.cc is linked
# against them. Usage: tests/fuzz/build.sh [OUT]  (default /tmp/rect-fuzz-build); the fuzzers
# land in OUT/bin.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$(mkdir -p "${1:-/tmp/rect-fuzz-build}" && cd "${1:-/tmp/rect-fuzz-build}" && pwd)"
CXX="${CXX_FUZZ:-$(command -v clang++ || command -v clang++-14)}"
cd "$ROOT"

# The project code each target exercises, plus what it links against.
declare -A TARGET_SOURCES=(
  [csv_fuzz]="services/partnerships/csv.cc services/partnerships/gias_csv.cc
    services/partnerships/confirm_schools.cc services/partnerships/urn.cc
    GEN/protos/partnerships/v1/partnerships.pb.cc GEN/protos/common/v1/common.pb.cc"
  [api_query_fuzz]="gateway/http/target.cc gateway/api/query.cc services/common/tokens.cc"
  [forms_fuzz]="gateway/http/forms.cc gateway/http/target.cc gateway/http/utf8.cc"
  [multipart_fuzz]="gateway/web/multipart.cc"
  [id_token_fuzz]="services/identity/id_token.cc services/identity/jwks.cc
    services/identity/secrets.cc services/common/tokens.cc"
  [wizard_fuzz]="services/registration/wizard/fields.cc
    services/registration/wizard/register_ect.cc services/registration/wizard/register_mentor.cc
    services/registration/wizard/programme.cc services/registration/teacher.cc
    services/registration/contract_period.cc services/registration/mentorship.cc
    services/common/status.cc"
  [json_body_fuzz]="gateway/api/request_bodies.cc
    GEN/protos/registration/v1/lead_provider_api.pb.cc GEN/protos/common/v1/common.pb.cc"
)
PKGS=(grpc++ protobuf openssl absl_status absl_statusor absl_strings absl_str_format_internal
  absl_time absl_time_zone absl_civil_time absl_synchronization)

SANITIZE="address,undefined"
CXXFLAGS=(-std=c++17 -g -O1 -fno-omit-frame-pointer -fno-sanitize-recover=all
  -I"$ROOT" -I"$OUT/gen" $(pkg-config --cflags "${PKGS[@]}"))
LIBS=($(pkg-config --libs "${PKGS[@]}") -lboost_url -lboost_json -lpthread)

mkdir -p "$OUT/gen" "$OUT/obj" "$OUT/bin"
protos=(protos/common/v1/common.proto protos/partnerships/v1/partnerships.proto
  protos/registration/v1/lead_provider_api.proto)
for proto in "${protos[@]}"; do
  if [ ! -f "$OUT/gen/${proto%.proto}.pb.cc" ] || [ "$proto" -nt "$OUT/gen/${proto%.proto}.pb.cc" ]; then
    protoc -I. --cpp_out="$OUT/gen" "${protos[@]}"
    break
  fi
done

# compile SRC: OUT/obj/<path>.o, skipped while it is newer than every file its .d lists.
compile() {
  local src="${1/#GEN\//$OUT/gen/}" obj="$OUT/obj/${1#GEN/}.o"
  if [ -f "$obj" ] && [ -f "$obj.d" ]; then
    local dep stale=0
    for dep in $(sed -e 's/^[^:]*://' -e 's/\\$//' "$obj.d"); do
      if [ ! -e "$dep" ] || [ "$dep" -nt "$obj" ]; then stale=1; break; fi
    done
    [ "$stale" -eq 1 ] || return 0
  fi
  mkdir -p "$(dirname "$obj")"
  local sanitize="-fsanitize=fuzzer-no-link,$SANITIZE"
  "$CXX" "${CXXFLAGS[@]}" $sanitize -MMD -MF "$obj.d" -c "$src" -o "$obj"
}

mapfile -t all_sources < <(for t in "${!TARGET_SOURCES[@]}"; do
  printf '%s\n' ${TARGET_SOURCES[$t]} "tests/fuzz/$t.cc"; done | sort -u)
rm -f "$OUT/failed"
for src in "${all_sources[@]}"; do
  { compile "$src" || touch "$OUT/failed"; } &
  while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do wait -n || true; done
done
wait
[ ! -f "$OUT/failed" ] || { echo "fuzz build: compilation failed" >&2; exit 1; }

for target in "${!TARGET_SOURCES[@]}"; do
  objs=("$OUT/obj/tests/fuzz/$target.cc.o")
  for src in ${TARGET_SOURCES[$target]}; do objs+=("$OUT/obj/${src#GEN/}.o"); done
  "$CXX" -fsanitize="fuzzer,$SANITIZE" "${objs[@]}" "${LIBS[@]}" -o "$OUT/bin/$target"
done
echo "fuzz build: ${!TARGET_SOURCES[*]} in $OUT/bin"
