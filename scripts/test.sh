#!/usr/bin/env bash
# Runs every test: formatting and lints, the manual's site and links, Rust unit and integration
# tests (the manual's tables against the code among them), python-socketio tests
# against the release binary (directly and through nginx and Apache), browser tests in Chromium,
# and the Debian packages for amd64, arm64 and armhf, checked under emulation.
# Installs what it needs first (apt packages, a python venv, npm packages).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-test-deps.sh
scripts/build.sh

echo "== cargo fmt --check, cargo clippy"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
# The rpi flavour is linked for its real target by scripts/test-packages.sh (arm64).
echo "== the Raspberry Pi driver compiles and passes the lints (--features rpi)"
cargo clippy --workspace --all-targets --locked --features rpi -- -D warnings

echo "== the manual: mdBook site and links"
scripts/check-docs.sh

echo "== Rust tests"
cargo test --workspace --locked --no-fail-fast

echo "== python-socketio tests"
.venv/bin/pytest tests/python -v

RETROBOARD_SKIP_BUILD=1 scripts/test-browser.sh

scripts/test-packages.sh
