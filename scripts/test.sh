#!/usr/bin/env bash
# Runs every test: Rust unit and integration tests, python-socketio tests against the release
# binary (directly and through nginx and Apache), and browser tests in Chromium.
# Installs what it needs first (apt packages, a python venv, npm packages).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-test-deps.sh
scripts/build.sh

echo "== Rust tests"
cargo test --workspace --locked

echo "== python-socketio tests"
.venv/bin/pytest tests/python -v

echo "== browser tests"
scripts/test-browser.sh
