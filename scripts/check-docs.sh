#!/usr/bin/env bash
# Builds the manual (docs/) as a site with mdBook into target/book, then checks every relative
# link and #anchor of README.md and docs/ with lychee, offline. A page named in docs/SUMMARY.md
# that does not exist, a link to a missing file or a heading that is not there fails.
# scripts/install-test-deps.sh installs both tools.
set -euo pipefail
cd "$(dirname "$0")/.."

mdbook build docs
lychee --offline --include-fragments --no-progress README.md docs/*.md
