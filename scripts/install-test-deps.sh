#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine: Chromium, the proxies, Redis and
# mosquitto with apt-get, and the python test clients into .venv. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/apt-install.sh chromium
scripts/install-proxies.sh
scripts/install-redis.sh
# The MQTT tests start their own brokers (apt-install.sh keeps the package's service from
# starting) and make their TLS certificates with openssl.
scripts/apt-install.sh mosquitto openssl

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
echo "== pip install -r tests/python/requirements.txt"
.venv/bin/pip install --quiet --disable-pip-version-check -r tests/python/requirements.txt
