#!/usr/bin/env bash
# PostgreSQL for the tests: install | start | stop.
#
# install: apt-get install postgresql when we are root and it is missing (Debian's packages).
# start:   run a private server (its own data directory under $TMPDIR, port $AMITY_PG_PORT, default
#          54329, on 127.0.0.1 only) so that the system cluster and port 5432 are left alone; create
#          the role `amity` (may create databases: tests make a fresh one each) and the database
#          `amity_test`; write AMITY_TEST_PG_URL to .services.env.
# stop:    stop that server.
# Without PostgreSQL (and no root to install it) every action does nothing; the PostgreSQL tests
# then skip locally and fail in CI.
set -uo pipefail
cd "$(dirname "$0")/../.."

action="${1:-}"
port="${AMITY_PG_PORT:-54329}"
base="${AMITY_PG_DIR:-${TMPDIR:-/tmp}/amity-pg-$(id -u)}"
data="$base/data"
log="$base/server.log"
env_file=".services.env"
user="amity"
password="amity"
database="amity_test"

pg_bin() {
  local dir
  if command -v pg_config >/dev/null 2>&1; then
    dir="$(pg_config --bindir 2>/dev/null)"
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  fi
  # Debian keeps the server binaries out of PATH, one directory per major version; take the newest.
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  return 1
}

# initdb and postgres refuse to run as root: run them as the `postgres` system user then.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

install() {
  if pg_bin >/dev/null; then
    return 0
  fi
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "postgres: not installed and cannot install (need root and apt-get); PostgreSQL tests will skip" >&2
    return 0
  fi
  echo "postgres: installing Debian's postgresql package" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
}

start() {
  local bin
  if ! bin="$(pg_bin)"; then
    echo "postgres: not installed; skipping" >&2
    return 0
  fi
  mkdir -p "$base"
  if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$base"
  fi
  if [ ! -s "$data/PG_VERSION" ]; then
    as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null \
      || as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 >/dev/null \
      || { echo "postgres: initdb failed" >&2; return 1; }
  fi
  if ! as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    # fsync off: a throwaway test server, so durability is traded for speed.
    as_owner "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 \
      -o "-p $port -c listen_addresses=127.0.0.1 -k $base -c fsync=off -c max_connections=200" start >/dev/null \
      || { echo "postgres: server did not start; see $log" >&2; tail -20 "$log" >&2; return 1; }
  fi
  local psql=("$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA)
  if [ "$("${psql[@]}" -c "select 1 from pg_roles where rolname='$user'")" != 1 ]; then
    "${psql[@]}" -c "create role $user login createdb password '$password'" >/dev/null || return 1
  fi
  # Tests drop their databases WITH (FORCE); an autovacuum worker busy on one would otherwise refuse.
  "${psql[@]}" -c "grant pg_signal_backend to $user" >/dev/null 2>&1 || true
  if [ "$("${psql[@]}" -c "select 1 from pg_database where datname='$database'")" != 1 ]; then
    "${psql[@]}" -c "create database $database owner $user" >/dev/null || return 1
  fi
  touch "$env_file"
  sed -i '/^AMITY_TEST_PG_URL=/d' "$env_file"
  echo "AMITY_TEST_PG_URL=postgresql://$user:$password@127.0.0.1:$port/$database" >>"$env_file"
  echo "postgres: running on 127.0.0.1:$port (AMITY_TEST_PG_URL in $env_file)" >&2
}

stop() {
  local bin
  bin="$(pg_bin)" || return 0
  [ -s "$data/PG_VERSION" ] || return 0
  if as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null || return 1
  fi
  [ -f "$env_file" ] && sed -i '/^AMITY_TEST_PG_URL=/d' "$env_file"
  return 0
}

case "$action" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 install|start|stop" >&2; exit 2 ;;
esac
