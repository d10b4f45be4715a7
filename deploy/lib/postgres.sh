# Shell helpers for a private PostgreSQL cluster (local stack and tests). Source this file.
# The server runs as the `postgres` system user when we are root (initdb refuses root).

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"

_RECT_LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# Prints a TCP port that is free on 127.0.0.1 right now, outside the ephemeral range.
free_port() {
  python3 "$_RECT_LIB_DIR/free_port.py"
}

_pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_init DIR: creates a cluster in DIR (if it has none) with superuser `rect`, trust auth on loopback.
pg_init() {
  local dir="$1"
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; chmod 700 "$dir"; fi
  if [ ! -f "$dir/PG_VERSION" ]; then
    _pg_as_owner "$PG_BIN/initdb" -D "$dir" -A trust -U rect --encoding=UTF8 --locale=C.UTF-8 >"$dir.initdb.log" 2>&1 \
      || { cat "$dir.initdb.log" >&2; return 1; }
  fi
}

# pg_start DIR PORT: starts the cluster on 127.0.0.1:PORT and waits until it accepts connections.
pg_start() {
  local dir="$1" port="$2"
  _pg_as_owner "$PG_BIN/pg_ctl" -D "$dir" -w -t 30 -l "$dir/server.log" \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=${PG_FSYNC:-on}" start >/dev/null \
    || { tail -20 "$dir/server.log" >&2; return 1; }
}

# pg_stop DIR [MODE]: stops the cluster (mode fast by default); quiet when it is not running.
pg_stop() {
  local dir="$1" mode="${2:-fast}"
  [ -f "$dir/postmaster.pid" ] || return 0
  _pg_as_owner "$PG_BIN/pg_ctl" -D "$dir" -m "$mode" -w -t 30 stop >/dev/null 2>&1 || true
}

# pg_create_databases PORT NAME...: creates each database that does not exist yet.
pg_create_databases() {
  local port="$1"; shift
  local name
  for name in "$@"; do
    if ! psql -h 127.0.0.1 -p "$port" -U rect -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
      psql -h 127.0.0.1 -p "$port" -U rect -d postgres -qc "CREATE DATABASE $name" >/dev/null
    fi
  done
}
