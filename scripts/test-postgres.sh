#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the store tests and leaves it running.
# The last stdout line is `export AIRLOCK_TEST_DATABASE_URL=...`, so CI can
#   eval "$(scripts/test-postgres.sh | tail -n 1)"
# Stop it with: pg_ctl -D "<data dir printed on stderr>" stop   (the pid is in <data dir>/postmaster.pid)
set -euo pipefail

find_bindir() {
  if [[ -n "${PG_BIN:-}" ]]; then echo "$PG_BIN"; return; fi
  for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin /usr/local/pgsql/bin; do
    if [[ -x "$dir/initdb" ]]; then echo "$dir"; return; fi
  done
  if command -v pg_config >/dev/null; then pg_config --bindir; return; fi
  echo "test-postgres: no PostgreSQL binaries found; install postgresql-15 or set PG_BIN" >&2
  exit 1
}
bindir=$(find_bindir)

base=$(mktemp -d "${TMPDIR:-/tmp}/airlock-pg.XXXXXX")
data="$base/data"

# PostgreSQL refuses to run as root: run it as the `postgres` user, which must own its directories.
run_pg() { "$@"; }
if [[ "$(id -u)" == "0" ]]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown -R postgres "$base"
  chmod 0755 "$base"
  run_pg() { runuser -u postgres -- "$@"; }
fi

# A free port chosen by the kernel; the tiny window before postgres binds it is acceptable for tests.
port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")

run_pg "$bindir/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --no-locale --no-sync >"$base/initdb.log" 2>&1 ||
  { cat "$base/initdb.log" >&2; exit 1; }
# Durability is pointless for a throwaway test server: fsync off keeps CI fast.
run_pg "$bindir/pg_ctl" -D "$data" -l "$base/server.log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $base -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >&2 || { cat "$base/server.log" >&2; exit 1; }
run_pg "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres airlock_test

echo "test-postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data $data" >&2
echo "test-postgres: stop with: $( [[ "$(id -u)" == "0" ]] && echo 'runuser -u postgres -- ')$bindir/pg_ctl -D $data stop" >&2
echo "export AIRLOCK_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$port/airlock_test"
