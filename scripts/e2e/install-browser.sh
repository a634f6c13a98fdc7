#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the browser tests (e2e/). Idempotent.
# The browser always comes from the distribution's package manager: nothing is downloaded any
# other way (no Playwright browser download, no snap, no tarball).
#
#   scripts/e2e/install-browser.sh        # prints the browser path on stdout
#
# Installs Debian's `chromium` and `fonts-liberation` (Chromium's recommended fonts, so that
# screenshots render the same on a minimal machine) without the other recommends (upower,
# notification daemon, printer tools). E2E_CHROMIUM overrides the path (default /usr/bin/chromium).
set -euo pipefail
# runuser, apt-get and the servers live in sbin, which a minimal PATH may lack.
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

CHROMIUM="${E2E_CHROMIUM:-/usr/bin/chromium}"
log() { echo "install-browser: $*" >&2; }

have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

if [ -x "$CHROMIUM" ] && { [ "$CHROMIUM" != /usr/bin/chromium ] || have_pkg fonts-liberation || [ "$(id -u)" != 0 ]; }; then
  log "found $CHROMIUM ($("$CHROMIUM" --version 2>/dev/null || echo 'version unknown'))"
  echo "$CHROMIUM"
  exit 0
fi

if [ "$CHROMIUM" != /usr/bin/chromium ]; then
  log "E2E_CHROMIUM=$CHROMIUM does not exist or is not executable"
  exit 1
fi

if [ "$(id -u)" != 0 ]; then
  log "$CHROMIUM is missing and this is not root, so it cannot be installed here."
  log "Install Debian's Chromium once as root:  apt-get update && apt-get install -y chromium fonts-liberation"
  exit 1
fi

if ! command -v apt-get >/dev/null; then
  log "$CHROMIUM is missing and apt-get is not available: install the distribution's chromium package"
  exit 1
fi

log "installing Debian's chromium and fonts-liberation packages (apt-get)"
export DEBIAN_FRONTEND=noninteractive
apt-get update >&2
apt-get install -y --no-install-recommends chromium fonts-liberation >&2
[ -x "$CHROMIUM" ] || { log "apt-get finished but $CHROMIUM is still missing"; exit 1; }
log "installed $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
echo "$CHROMIUM"
