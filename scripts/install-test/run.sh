#!/usr/bin/env bash
# The Preflight install test: installs the suite into a separate Backstage app the way
# its users do, and checks the result.
#
#   1. build   backstage-cli package build of the five Preflight packages
#   2. pack    `backstage-cli repo fix --check --publish`; API reports current; yarn pack of each package (prepack,
#              postpack), then each tarball and its package.json checked (lib/check-package.js)
#   3. app     a new app from @backstage/create-app (new frontend system), plus the packages/app of
#              a `create-app --legacy` app as packages/app-legacy; every @backstage/* pinned to
#              the release of this repository (1.55.0)
#   4. install yarn install of that app, as its users have it before they add Preflight
#   5. readme  the package READMEs followed literally (lib/readme.js); @preflight/* come from a
#              local registry serving the tarballs (lib/registry.js), so `yarn add` works as is
#   6. tsc     yarn tsc of the app (both apps, the backend, the README snippets: an error in a
#              file a README step wrote fails that step)
#   7. build   both apps (backstage-cli package build); app.packages: all discovery checked
#   8. jest    the fixture tests: Preflight's extensions in the new app's tree, the legacy route
#   9. backend the backend started (yarn workspace backend start) and its routes checked
#
# Writes .test-output/install.json (Jest-shaped, one assertion per check; .ci/run sums it) and
# prints the duration of each stage. Temp dir and processes are removed on exit.
#
# Environment: INSTALL_TEST_KEEP=1 keeps the temp dir; INSTALL_TEST_CACHE the yarn cache of the
# app (default .yarn/install-test-cache, seeded with hard links from .yarn/cache);
# INSTALL_TEST_REPORT the report path.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/scripts/install-test"
CREATE_APP_VERSION=0.9.2
PACKAGES=(preflight-common preflight-node preflight-backend scaffolder-backend-module-preflight preflight)
REPORT="${INSTALL_TEST_REPORT:-$ROOT/.test-output/install.json}"
CACHE="${INSTALL_TEST_CACHE:-$ROOT/.yarn/install-test-cache}"

eval "$("$ROOT/scripts/toolchain.sh")" || exit 1

WORK="$(mktemp -d "${TMPDIR:-/tmp}/preflight-install-XXXXXX")"
APP="$WORK/app"
LOGS="$WORK/logs"
TARBALLS="$WORK/tarballs"
mkdir -p "$LOGS" "$TARBALLS"
export INSTALL_TEST_RESULTS="$WORK/results.jsonl"
: >"$INSTALL_TEST_RESULTS"

REGISTRY_PID=""
BACKEND_PID=""
APP_JOB=""
PACKING_DIR=""
T0=$(date +%s)

log() { echo "install-test: $*"; }

stop_backend() {
  if [ -n "$BACKEND_PID" ] && kill -0 "$BACKEND_PID" 2>/dev/null; then
    # the backend runs in its own process group (setsid): end that group only
    kill -TERM -- "-$BACKEND_PID" 2>/dev/null
    for _ in $(seq 1 20); do kill -0 "$BACKEND_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$BACKEND_PID" 2>/dev/null
  fi
  BACKEND_PID=""
}

# a process and its descendants, by id
kill_tree() {
  local pid=$1 child
  for child in $(ps -o pid= --ppid "$pid" 2>/dev/null); do kill_tree "$child"; done
  kill "$pid" 2>/dev/null
}

cleanup() {
  local status=$?
  stop_backend
  [ -n "$APP_JOB" ] && kill_tree "$APP_JOB"
  [ -n "$REGISTRY_PID" ] && kill "$REGISTRY_PID" 2>/dev/null
  # an interrupted `yarn pack` leaves the prepack package.json behind: restore it
  if [ -n "$PACKING_DIR" ] && [ -f "$PACKING_DIR/package.json-prepack" ]; then
    (cd "$PACKING_DIR" && yarn backstage-cli package postpack) >/dev/null 2>&1
  fi
  # packed tarballs must never be reused by a later run (same name and version, new content)
  rm -f "$CACHE"/@preflight-* 2>/dev/null
  if [ -n "${INSTALL_TEST_KEEP:-}" ]; then
    log "kept $WORK"
  else
    local start
    start=$(date +%s)
    rm -rf "$WORK"
    log "removed $WORK ($(($(date +%s) - start))s)"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

now() { date +%s.%N; }
since() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.1f", e - s }'; }

record() { node "$HERE/lib/results.js" record "$@"; }

# check <suite> <title> <command...>: one check, its output in a log, the tail shown on failure
CHECK_INDEX=0
check() {
  local suite=$1 title=$2
  shift 2
  local start logfile status
  start=$(now)
  CHECK_INDEX=$((CHECK_INDEX + 1))
  logfile="$LOGS/$suite-$BASHPID-$(printf '%02d' "$CHECK_INDEX").log"
  "$@" >"$logfile" 2>&1
  status=$?
  local seconds
  seconds=$(since "$start")
  if [ $status -eq 0 ]; then
    record "$suite" "$title" passed "$seconds"
    echo "  ✓ $title (${seconds}s)"
  else
    local tail
    tail=$(tail -n 25 "$logfile")
    record "$suite" "$title" failed "$seconds" "exit $status; last lines:
$tail"
    echo "  ✗ $title (${seconds}s)"
    echo "$tail" | sed 's/^/      /'
  fi
  return $status
}

# stage <name> <function> [gate]: runs a stage and prints its duration; when a gate stage fails,
# the stages after it are not run (reported as skipped). Durations and the failed gate are kept
# in files, as two stages run in a background job.
stage() {
  local name=$1 fn=$2 gate=${3:-}
  if [ -s "$WORK/failed-gate" ]; then
    record "$name" "stage '$name' (not run: stage '$(cat "$WORK/failed-gate")' failed)" pending 0
    echo "$name: not run" >>"$WORK/stage-times"
    return 1
  fi
  log "── $name"
  local start
  start=$(now)
  "$fn"
  local status=$?
  local seconds
  seconds=$(since "$start")
  echo "$name: ${seconds}s$([ $status -ne 0 ] && echo ' (failed)')" >>"$WORK/stage-times"
  log "── $name: ${seconds}s$([ $status -ne 0 ] && echo ' (FAILED)')"
  [ $status -ne 0 ] && [ -n "$gate" ] && echo "$name" >>"$WORK/failed-gate"
  return $status
}

# The app's yarn: its own cache (seeded from the repository's), never immutable (CI=true would
# make it so), no telemetry.
app_yarn_env() {
  export YARN_ENABLE_GLOBAL_CACHE=false
  export YARN_CACHE_FOLDER="$CACHE"
  export YARN_ENABLE_IMMUTABLE_INSTALLS=false
  export YARN_ENABLE_HARDENED_MODE=0
  export YARN_ENABLE_TELEMETRY=0
  export YARN_ENABLE_PROGRESS_BARS=false
}

# ── 1. build ────────────────────────────────────────────────────────────────────────────────
stage_build() {
  local ok=0
  # type declarations (dist-types) for the packages' builds
  check packaging "repository type-checks (yarn tsc), type declarations for the builds" \
    bash -c "cd '$ROOT' && yarn tsc" || return 1
  for p in "${PACKAGES[@]}"; do
    check packaging "plugins/$p: backstage-cli package build" \
      bash -c "cd '$ROOT/plugins/$p' && rm -rf dist && yarn backstage-cli package build" || ok=1
  done
  return $ok
}

# ── 2. pack ─────────────────────────────────────────────────────────────────────────────────
pack_one() {
  local dir="$ROOT/plugins/$1"
  PACKING_DIR="$dir"
  (cd "$dir" && yarn pack --out "$TARBALLS/%s-%v.tgz")
  local status=$?
  PACKING_DIR=""
  [ $status -eq 0 ] || return $status
  # postpack restored the source package.json
  [ ! -e "$dir/package.json-prepack" ] && grep -q '"main": "src/index.ts"' "$dir/package.json"
}

stage_pack() {
  local ok=0
  # Backstage's own package.json conventions (exports, publishConfig, plugin metadata)
  check packaging "backstage-cli repo fix --check --publish: package.json as Backstage's tooling wants it" \
    bash -c "cd '$ROOT' && yarn backstage-cli repo fix --check --publish"
  # from a full, non-incremental tsc (--tsc): an incremental one may print inferred unions and
  # object types in another order, and the report would differ for nothing
  check packaging "report.api.md of every package current (backstage-repo-tools api-reports --tsc --ci; 'make api-reports' updates them)" \
    bash -c "cd '$ROOT' && yarn build:api-reports --ci"
  for p in "${PACKAGES[@]}"; do
    check packaging "plugins/$p: yarn pack (prepack/postpack)" pack_one "$p" || { ok=1; continue; }
    local name tgz
    name=$(node -p "require('$ROOT/plugins/$p/package.json').name")
    tgz=$(ls "$TARBALLS"/"$(echo "$name" | sed 's#/#-#')"-[0-9]*.tgz 2>/dev/null | head -1)
    # recorded, but the install goes on with what was packed
    check packaging "plugins/$p: packed package.json and files as a consumer needs them" \
      node "$HERE/lib/check-package.js" "$tgz" "$ROOT/plugins/$p"
    echo "    $(basename "$tgz"): $(tar tzf "$tgz" | wc -l) files, $(du -k "$tgz" | cut -f1) KiB"
  done
  return $ok
}

# ── 3. app ──────────────────────────────────────────────────────────────────────────────────
create_apps() {
  cd "$WORK" || return 1
  BACKSTAGE_APP_NAME=app npx --yes "@backstage/create-app@$CREATE_APP_VERSION" --skip-install --path app || return 1
  BACKSTAGE_APP_NAME=legacy npx --yes "@backstage/create-app@$CREATE_APP_VERSION" --skip-install --legacy --path legacy || return 1
  node "$HERE/lib/fixture.js" legacy-app "$APP" "$WORK/legacy" || return 1
  # same release as this repository
  node -e '
    const [a, b] = process.argv.slice(1).map(f => require(f).version);
    if (a !== b) { console.error(`create-app made a ${a} app, this repository is on ${b}`); process.exit(1); }
    console.log(`Backstage ${a}`);' "$APP/backstage.json" "$ROOT/backstage.json" || return 1
  # what the test adds: its config, one catalog component with a copy of an example's manifests,
  # the fixture tests
  cp -r "$HERE/fixture/." "$APP/"
  mkdir -p "$APP/preflight-demo/deploy" "$APP/preflight-demo/docs"
  cp -r "$ROOT/examples/deploy/checkout-api" "$APP/preflight-demo/deploy/"
  cp -r "$ROOT/examples/docs/checkout-api" "$APP/preflight-demo/docs/"
}

pin_release() {
  app_yarn_env
  node "$HERE/lib/fixture.js" pin "$APP" "$ROOT" || return 1
  # a lockfile-only resolution tells the transitive @backstage/* packages, pinned the same way
  (cd "$APP" && yarn install --mode=update-lockfile) || return 1
  node "$HERE/lib/fixture.js" pin-transitive "$APP" || return 1
}

stage_app() {
  app_yarn_env
  mkdir -p "$CACHE"
  # seed the app's cache with the repository's (hard links: no copy, no download)
  [ -d "$ROOT/.yarn/cache" ] && cp -aln "$ROOT/.yarn/cache/." "$CACHE/" 2>/dev/null
  rm -f "$CACHE"/@preflight-* 2>/dev/null
  check fixture "@backstage/create-app@$CREATE_APP_VERSION: a new app, and packages/app of a --legacy one as packages/app-legacy" \
    create_apps || return 1
  check fixture "every @backstage/* dependency of the app pinned to the repository's release" \
    pin_release || return 1
}

# ── 4. install ──────────────────────────────────────────────────────────────────────────────
stage_install() {
  app_yarn_env
  check fixture "yarn install (the app before Preflight)" bash -c "cd '$APP' && yarn install" || return 1
  check fixture "one version of each @backstage/*, all of the pinned release" \
    node "$HERE/lib/fixture.js" check-pins "$APP"
}

# ── 5. readme ───────────────────────────────────────────────────────────────────────────────
start_registry() {
  node "$HERE/lib/registry.js" "$TARBALLS" "$WORK/registry.port" "$LOGS/registry.log" &
  REGISTRY_PID=$!
  for _ in $(seq 1 50); do [ -s "$WORK/registry.port" ] && break; sleep 0.1; done
  [ -s "$WORK/registry.port" ] || return 1
  node "$HERE/lib/fixture.js" scope-registry "$APP" "http://127.0.0.1:$(cat "$WORK/registry.port")"
}

stage_readme() {
  app_yarn_env
  check readme "a registry for @preflight/* serving the packed tarballs" start_registry || return 1
  node "$HERE/lib/readme.js" "$ROOT" "$APP" "$LOGS"
}

# ── 6. tsc ──────────────────────────────────────────────────────────────────────────────────
stage_tsc() {
  app_yarn_env
  local start status
  start=$(now)
  (cd "$APP" && yarn tsc --pretty false) >"$LOGS/tsc.out" 2>&1
  status=$?
  # errors in a file a README step wrote are that step's
  node "$HERE/lib/tsc-report.js" "$LOGS" "$LOGS/tsc.out" "$status" "$(since "$start")"
}

# ── 7. build ────────────────────────────────────────────────────────────────────────────────
discovered() {
  local file="$APP/packages/app/node_modules/__backstage-autodetected-plugins__.js"
  cat "$file" || return 1
  grep -q 'name: "@preflight/plugin-preflight", export: "./alpha"' "$file"
}

bundle_has_extension() {
  # the extension id is put together at run time (kind, plugin id, name); the jest stage checks
  # it in the app's extension tree. Here: the plugin's code is in the production bundle.
  local files
  files=$(grep -l '@preflight/plugin-preflight' "$APP"/packages/app/dist/static/*.js) || return 1
  echo "$files"
  grep -l 'deploy-readiness' $files
}

stage_build_apps() {
  app_yarn_env
  local ok=0
  if check app "packages/app (new frontend system): backstage-cli package build" \
    bash -c "cd '$APP/packages/app' && yarn backstage-cli package build"; then
    check app "app.packages: all discovered @preflight/plugin-preflight and its ./alpha plugin" discovered || ok=1
    check app "the app bundle has Preflight's deploy-readiness entity content" bundle_has_extension || ok=1
  else
    ok=1
  fi
  check app "packages/app-legacy (legacy frontend system): backstage-cli package build" \
    bash -c "cd '$APP/packages/app-legacy' && yarn backstage-cli package build" || ok=1
  return $ok
}

# ── 8. jest ─────────────────────────────────────────────────────────────────────────────────
readme_extensions() {
  # the extension ids of the table in the frontend README's "New frontend system" section
  node -e '
    const fs = require("fs");
    const text = fs.readFileSync(process.argv[1], "utf8");
    const section = text.split(/^## /m).find(s => s.startsWith("New frontend system")) || "";
    const ids = [...section.matchAll(/^\|\s*`([a-z-]+:[\w/.-]+)`\s*\|/gm)].map(m => m[1]);
    if (!ids.length) { console.error("no extension table in the README"); process.exit(1); }
    fs.writeFileSync(process.argv[2], JSON.stringify(ids, null, 2));
    console.log(ids.join("\n"));
  ' "$ROOT/plugins/preflight/README.md" "$APP/packages/app/preflight-readme-extensions.json"
}

stage_jest() {
  app_yarn_env
  check app "the frontend README lists the extensions of the new frontend system plugin" readme_extensions
  # the two suites side by side (one core each)
  check app "jest (packages/app): discovered, every extension of the README in the app's extension tree" \
    bash -c "cd '$APP/packages/app' && CI=true yarn backstage-cli package test src/preflight.install.test.tsx" &
  local first=$!
  check app "jest (packages/app-legacy): the entity page as the README left it shows Preflight's tabs" \
    bash -c "cd '$APP/packages/app-legacy' && CI=true yarn backstage-cli package test src/preflight.install.test.tsx"
  local second=$?
  wait $first && [ $second -eq 0 ]
}

# ── 9. backend ──────────────────────────────────────────────────────────────────────────────
start_backend() {
  INSTALL_TEST_PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  INSTALL_TEST_TOKEN=$(node -p 'require("crypto").randomBytes(24).toString("hex")')
  export INSTALL_TEST_PORT INSTALL_TEST_TOKEN
  (cd "$APP" && exec setsid yarn workspace backend start \
    --config ../../app-config.yaml --config ../../app-config.install-test.yaml) \
    >"$LOGS/backend.log" 2>&1 &
  BACKEND_PID=$!
  local deadline=$(($(date +%s) + 240))
  while [ "$(date +%s)" -lt $deadline ]; do
    if ! kill -0 "$BACKEND_PID" 2>/dev/null; then
      tail -n 40 "$LOGS/backend.log"
      return 1
    fi
    if node -e 'fetch(process.argv[1]).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
      "http://localhost:$INSTALL_TEST_PORT/.backstage/health/v1/readiness"; then
      echo "ready on port $INSTALL_TEST_PORT"
      return 0
    fi
    sleep 1
  done
  tail -n 40 "$LOGS/backend.log"
  return 1
}

# backend log lines: "<time> <plugin> <level> <message>", colored
no_preflight_errors() {
  local errors
  errors=$(sed 's/\x1b\[[0-9;]*m//g' "$1" |
    grep -E '^[^ ]+ [^ ]+ error ' | grep -i preflight) || true
  [ -z "$errors" ] || { echo "$errors"; return 1; }
}

# backend log lines of one plugin at level error
no_plugin_errors() {
  local errors
  errors=$(sed 's/\x1b\[[0-9;]*m//g' "$2" | grep -E "^[^ ]+ $1 error ") || true
  [ -z "$errors" ] || { echo "$errors"; return 1; }
}

stage_backend() {
  app_yarn_env
  check backend "yarn workspace backend start: the backend starts with Preflight installed" start_backend || {
    stop_backend
    return 1
  }
  node "$HERE/lib/backend-checks.js" "http://localhost:$INSTALL_TEST_PORT" "$INSTALL_TEST_TOKEN" \
    checkout-api "$ROOT/plugins/scaffolder-backend-module-preflight/README.md"
  local status=$?
  check backend "no error logged by the preflight plugin, nor about Preflight by another plugin" \
    no_preflight_errors "$LOGS/backend.log"
  check backend "no error logged by the kubernetes plugin (the cluster configuration both plugins read)" \
    no_plugin_errors kubernetes "$LOGS/backend.log"
  stop_backend
  return $status
}

log "work dir $WORK"
# The app is created and installed (mostly network and one-core native builds) while the
# packages are built and packed; the README steps need both.
(
  stage app stage_app gate
  stage install stage_install gate
) >"$LOGS/app-and-install.out" 2>&1 &
APP_JOB=$!
stage build stage_build gate
stage pack stage_pack gate
# nothing to install when the packages cannot be built
[ -s "$WORK/failed-gate" ] && kill_tree "$APP_JOB"
wait "$APP_JOB"
APP_JOB=""
log "(the app and its install ran alongside build and pack:)"
cat "$LOGS/app-and-install.out"
stage readme stage_readme
stage tsc stage_tsc
stage build-apps stage_build_apps
stage jest stage_jest
stage backend stage_backend

log "durations:"
sed 's/^/install-test:   /' "$WORK/stage-times"
log "  total: $(($(date +%s) - T0))s"
node "$HERE/lib/results.js" report "$REPORT"
