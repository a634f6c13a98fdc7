#!/usr/bin/env bash
# Runs a command with the real servers some tests need, started here and stopped on exit:
# PostgreSQL (history store) and an OCI registry (image checks), from Debian's packages. The tests that need a server read its
# address from the environment and fail — not skip — when PREFLIGHT_REQUIRE_TEST_SERVICES=1
# and the address is missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="${TMPDIR:-/tmp}/preflight-test-services-$$"
mkdir -p "$state"
chmod 755 "$state"

cleanup() {
  "$ROOT/scripts/test-services/registry.sh" stop "$state/registry" || true
  "$ROOT/scripts/test-services/postgres.sh" stop "$state/pg" || true
  rm -rf "$state"
}
trap cleanup EXIT

t0=$(date +%s)
BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING=$("$ROOT/scripts/test-services/postgres.sh" start "$state/pg")
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
PREFLIGHT_TEST_REGISTRY_URL=$("$ROOT/scripts/test-services/registry.sh" start "$state/registry")
export PREFLIGHT_TEST_REGISTRY_URL
export BACKSTAGE_TEST_DISABLE_DOCKER=1
export PREFLIGHT_REQUIRE_TEST_SERVICES=1
echo "test services ready in $(( $(date +%s) - t0 ))s" >&2

"$@"
