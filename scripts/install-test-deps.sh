#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine: system packages (browser, proxies)
# with apt-get, and the python test client into .venv. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(chromium)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "== apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
scripts/install-proxies.sh

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
echo "== pip install -r tests/python/requirements.txt"
.venv/bin/pip install --quiet --disable-pip-version-check -r tests/python/requirements.txt
