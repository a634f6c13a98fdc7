#!/usr/bin/env bash
# Starts a throw-away OCI registry for the tests that push and look up images (image-tagged),
# from Debian's docker-registry package (the CNCF distribution server), installing it when
# missing. Plain http on 127.0.0.1, no auth, filesystem storage in <dir>. Prints the base URL.
#   scripts/test-services/registry.sh start <dir>   -> prints http://127.0.0.1:<port> on stdout
#   scripts/test-services/registry.sh stop <dir>
# The port is PREFLIGHT_TEST_REGISTRY_PORT (default 55000).
set -euo pipefail
# runuser, apt-get and the servers live in sbin, which a minimal PATH may lack.
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
cmd=${1:?start|stop}
dir=${2:?data directory}
port=${PREFLIGHT_TEST_REGISTRY_PORT:-55000}
bin=/usr/bin/docker-registry
url="http://127.0.0.1:$port"
log() { echo "registry: $*" >&2; }

# Whether the registry answers GET /v2/ with 200 (the API version check).
answers() {
  curl -fsS -o /dev/null --max-time 2 "$url/v2/" 2>/dev/null
}

stop_server() {
  local pid
  [ -f "$dir/registry.pid" ] || return 0
  pid=$(cat "$dir/registry.pid")
  # Only the process this script started: the pid must still be a docker-registry.
  if kill -0 "$pid" 2>/dev/null && [ "$(ps -p "$pid" -o comm= 2>/dev/null)" = docker-registry ]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/registry.pid"
}

case "$cmd" in
  start)
    if [ ! -x "$bin" ]; then
      if [ "$(id -u)" != 0 ]; then
        log "docker-registry is not installed and this user cannot apt-get install it (install Debian's docker-registry package)"
        exit 1
      fi
      log "installing Debian's docker-registry package"
      apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-registry >&2
    fi
    if ! command -v curl >/dev/null; then
      log "curl is needed to wait for the registry"
      exit 1
    fi
    stop_server
    if curl -s -o /dev/null --max-time 2 "$url/" 2>/dev/null; then
      log "something already listens on 127.0.0.1:$port (set PREFLIGHT_TEST_REGISTRY_PORT)"
      exit 1
    fi
    rm -rf "$dir" && mkdir -p "$dir/storage"
    cat >"$dir/config.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $dir/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
EOF
    # Detached from this script's stdout, so that "$(registry.sh start …)" returns.
    nohup "$bin" serve "$dir/config.yml" </dev/null >"$dir/registry.log" 2>&1 &
    echo $! >"$dir/registry.pid"
    for _ in $(seq 1 300); do
      answers && break
      if ! kill -0 "$(cat "$dir/registry.pid")" 2>/dev/null; then
        log "docker-registry exited; its log:"
        tail -n 20 "$dir/registry.log" >&2 || true
        exit 1
      fi
      sleep 0.1
    done
    if ! answers; then
      log "docker-registry did not answer GET $url/v2/ within 30 s; its log:"
      tail -n 20 "$dir/registry.log" >&2 || true
      stop_server
      exit 1
    fi
    log "started $("$bin" --version 2>/dev/null | head -n 1) on 127.0.0.1:$port"
    echo "$url"
    ;;
  stop)
    stop_server
    ;;
  *)
    echo "usage: $0 start|stop <dir>" >&2
    exit 2
    ;;
esac
