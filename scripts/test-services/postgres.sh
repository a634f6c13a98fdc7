#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for the tests that need one (history on PostgreSQL),
# from Debian's package, installing it when missing. Prints the connection string.
#   scripts/test-services/postgres.sh start <dir>   -> prints postgresql://... on stdout
#   scripts/test-services/postgres.sh stop <dir>
set -euo pipefail
# runuser, apt-get and the servers live in sbin, which a minimal PATH may lack.
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
cmd=${1:?start|stop}
dir=${2:?data directory}
port=${PREFLIGHT_TEST_PG_PORT:-55432}
log() { echo "postgres: $*" >&2; }

find_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

run_as_pg() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$cmd" in
  start)
    bin=$(find_bin)
    if [ -z "$bin" ]; then
      if [ "$(id -u)" != 0 ]; then
        log "PostgreSQL is not installed and this user cannot apt-get install it (install Debian's postgresql package)"
        exit 1
      fi
      log "installing Debian's postgresql package"
      apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
      bin=$(find_bin)
    fi
    rm -rf "$dir" && mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    run_as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
    run_as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
    log "started $("$bin/postgres" --version) on 127.0.0.1:$port"
    echo "postgresql://postgres@127.0.0.1:$port"
    ;;
  stop)
    bin=$(find_bin)
    if [ -n "$bin" ] && [ -d "$dir/data" ]; then
      run_as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    ;;
  *)
    echo "usage: $0 start|stop <dir>" >&2
    exit 2
    ;;
esac
