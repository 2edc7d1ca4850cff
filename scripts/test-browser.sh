#!/usr/bin/env bash
# Builds the web UI into the release binary and drives it in Debian's Chromium.
# Installs what it needs first (Chromium from apt, npm packages from the lock files).
# RETROBOARD_URL: test an already running deployment instead of a spawned server.
# The suite runs twice: against the server directly, then through nginx.conf (needs .venv and nginx,
# which scripts/install-test-deps.sh provides).
# RETROBOARD_SKIP_BUILD=1: reuse the UI and binary that scripts/build.sh just built.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  scripts/apt-install.sh chromium
fi

npm_ci() { (cd "$1" && npm ci --no-audit --no-fund --loglevel=error); }

if [ "${RETROBOARD_SKIP_BUILD:-0}" != 1 ]; then
  scripts/build.sh
fi

echo "== web unit tests"
[ -d web/node_modules ] || npm_ci web
(cd web && npm test)

npm_ci tests/browser
echo "== browser tests, server direct"
(cd tests/browser && npm test)
echo "== browser tests, through nginx (the shipped nginx.conf)"
(cd tests/browser && RETROBOARD_PROXY=nginx npm test)
