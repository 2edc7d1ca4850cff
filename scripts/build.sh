#!/usr/bin/env bash
# Builds the web UI (web/dist, embedded into the binary) and the release binary.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== building the web UI"
(cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build)

echo "== building the release binary"
cargo build --release --locked --workspace
