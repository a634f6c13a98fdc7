#!/usr/bin/env bash
# Brings a supported Node.js (22) and Yarn 4 when the machine does not have them, then prints
# the environment to use them. Sourced by the Makefile:  eval "$(scripts/toolchain.sh)"
#
# - Uses the machine's node when it is 22 or 24 and a Yarn 4 when one is on PATH.
# - Otherwise installs the npm packages `node-<os>-<arch>@22` and `@yarnpkg/cli-dist@4` into
#   .toolchain/ (git-ignored) with the machine's own npm, so whatever registry npm is configured
#   for is used; no registry host name is written anywhere.
# - Native addons (better-sqlite3, ssh2, ...) must be built against the headers of the node that
#   runs them: npm_config_nodedir points node-gyp at that node's own include/ directory.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TC="$ROOT/.toolchain"
NODE_MAJOR_WANTED=22
YARN_VERSION=4.13.0
log() { echo "toolchain: $*" >&2; }

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

os=$(uname -s | tr '[:upper:]' '[:lower:]')
case "$(uname -m)" in
  x86_64 | amd64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) arch=$(uname -m) ;;
esac

NODE_BIN=""
NODE_DIR=""
sys_node=$(command -v node || true)
# Our own shim (PATH already evaluated): follow it to the real binary.
[ -n "$sys_node" ] && sys_node=$(readlink -f "$sys_node" 2>/dev/null || echo "$sys_node")
[ -n "$sys_node" ] && [ ! -x "$sys_node" ] && sys_node=""
if [ -n "$sys_node" ]; then
  m=$(node_major "$sys_node")
  if [ "$m" = 22 ] || [ "$m" = 24 ]; then
    NODE_BIN="$sys_node"
    NODE_DIR="$(cd "$(dirname "$sys_node")/.." && pwd)"
  fi
fi

if [ -z "$NODE_BIN" ]; then
  pkg="node-$os-$arch"
  NODE_DIR="$TC/node_modules/$pkg"
  if [ ! -x "$NODE_DIR/bin/node" ] || [ "$(node_major "$NODE_DIR/bin/node")" != "$NODE_MAJOR_WANTED" ]; then
    command -v npm >/dev/null || { log "npm is required to bring Node.js $NODE_MAJOR_WANTED"; exit 1; }
    log "installing $pkg@$NODE_MAJOR_WANTED into .toolchain/ (machine node is ${sys_node:-missing})"
    mkdir -p "$TC"
    [ -f "$TC/package.json" ] || echo '{"name":"preflight-toolchain","private":true}' >"$TC/package.json"
    npm install --prefix "$TC" --no-save --no-package-lock --no-audit --no-fund --ignore-scripts \
      "$pkg@$NODE_MAJOR_WANTED" "@yarnpkg/cli-dist@$YARN_VERSION" >&2
  fi
  NODE_BIN="$NODE_DIR/bin/node"
fi

# Yarn: the repo pins Yarn through package.json#packageManager; we run that exact version.
YARN_JS="$TC/node_modules/@yarnpkg/cli-dist/bin/yarn.js"
if [ ! -f "$YARN_JS" ] || [ "$("$NODE_BIN" "$YARN_JS" --version 2>/dev/null)" != "$YARN_VERSION" ]; then
  log "installing @yarnpkg/cli-dist@$YARN_VERSION into .toolchain/"
  mkdir -p "$TC"
  [ -f "$TC/package.json" ] || echo '{"name":"preflight-toolchain","private":true}' >"$TC/package.json"
  npm install --prefix "$TC" --no-save --no-package-lock --no-audit --no-fund --ignore-scripts \
    "@yarnpkg/cli-dist@$YARN_VERSION" >&2
fi

# A tiny `yarn` shim so that scripts calling `yarn` get the pinned one with the right node.
mkdir -p "$TC/bin"
cat >"$TC/bin/yarn" <<SH
#!/bin/sh
exec "$NODE_BIN" "$YARN_JS" "\$@"
SH
chmod +x "$TC/bin/yarn"
ln -sf "$NODE_BIN" "$TC/bin/node"

# Registry: Yarn does not read npm's config; hand it npm's configured registry at run time.
registry="${YARN_NPM_REGISTRY_SERVER:-$(npm config get registry 2>/dev/null || true)}"

echo "export PATH=\"$TC/bin:\$PATH\""
echo "export npm_config_nodedir=\"$NODE_DIR\""
echo "export COREPACK_ENABLE_STRICT=0"
echo "export YARN_ENABLE_TELEMETRY=0"
[ -n "$registry" ] && echo "export YARN_NPM_REGISTRY_SERVER=\"${registry%/}\""
log "node $("$NODE_BIN" --version) ($NODE_BIN), yarn $YARN_VERSION"
