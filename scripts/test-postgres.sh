#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on 127.0.0.1 for the server suite and prints the
# connection URL on stdout. Installs Debian's postgresql first when it is missing.
# Usage: export OUTLOUD_TEST_PG="$(bash scripts/test-postgres.sh)"
# Its log ($DIR/log) names every lock wait over a second (log_lock_waits), for a stalled test.
set -euo pipefail

PORT="${OUTLOUD_TEST_PG_PORT:-54329}"
DIR="${OUTLOUD_TEST_PG_DIR:-/tmp/outloud-test-pg}"

bindir() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
    return
  fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

if [ -z "$(bindir)" ]; then
  echo "installing Debian's postgresql…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
BIN="$(bindir)"

run_as_pg() {
  if [ "$(id -u)" = "0" ]; then
    su postgres -s /bin/bash -c "$*"
  else
    bash -c "$*"
  fi
}

if ! run_as_pg "'$BIN/pg_isready' -h 127.0.0.1 -p $PORT" >/dev/null 2>&1; then
  rm -rf "$DIR"
  mkdir -p "$DIR"
  [ "$(id -u)" = "0" ] && chown postgres:postgres "$DIR"
  run_as_pg "'$BIN/initdb' -D '$DIR/data' -A trust -U postgres --no-sync" >&2
  run_as_pg "'$BIN/pg_ctl' -D '$DIR/data' -l '$DIR/log' -w -o \"-p $PORT -k '$DIR' -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 -c log_lock_waits=on\" start" >&2
fi
run_as_pg "'$BIN/psql' -h 127.0.0.1 -p $PORT -U postgres -tAc \"SELECT 1 FROM pg_database WHERE datname='outloud_test'\"" | grep -q 1 ||
  run_as_pg "'$BIN/createdb' -h 127.0.0.1 -p $PORT -U postgres outloud_test" >&2
echo "postgres://postgres@127.0.0.1:$PORT/outloud_test"
