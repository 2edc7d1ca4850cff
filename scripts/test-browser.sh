#!/usr/bin/env bash
# Builds the web UI into the release binary and drives it in Debian's Chromium.
# Installs what it needs first (Chromium from apt, npm packages from the lock files).
# Set RETROBOARD_URL to test an already running deployment instead of a spawned server.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
fi

npm_ci() { (cd "$1" && npm ci --no-audit --no-fund --loglevel=error); }

npm_ci web
(cd web && npm test && npm run build)
cargo build --release --locked
npm_ci tests/browser
(cd tests/browser && npm test)
