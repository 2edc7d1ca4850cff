#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine: Chromium, the proxies, Redis and
# mosquitto with apt-get, mdBook and lychee with cargo, and the python test clients into .venv.
# Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/apt-install.sh chromium
scripts/install-proxies.sh
scripts/install-redis.sh
# The MQTT tests start their own brokers (apt-install.sh keeps the package's service from
# starting) and make their TLS certificates with openssl.
scripts/apt-install.sh mosquitto openssl

# The manual's site builder and link checker (scripts/check-docs.sh), from crates.io.
command -v mdbook >/dev/null ||
  cargo install mdbook --locked --version 0.5.4 --no-default-features --features search
command -v lychee >/dev/null ||
  cargo install lychee --locked --version 0.24.2 --no-default-features

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
echo "== pip install -r tests/python/requirements.txt"
.venv/bin/pip install --quiet --disable-pip-version-check -r tests/python/requirements.txt
