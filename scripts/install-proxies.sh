#!/usr/bin/env bash
# Installs Debian's nginx and apache2 for the reverse-proxy tests (tests/python/test_proxies.py),
# and systemd for `systemd-analyze`, which checks deploy/systemd/retroboard.service.
#
# Idempotent: does nothing when both are already installed, and refreshes the package index only
# when it is missing or too stale to install from. The tests start each proxy themselves on a free
# loopback port with their own config, so the packages' own services are never needed; while
# installing, a temporary policy-rc.d keeps them from starting and taking port 80.
set -euo pipefail

packages=(nginx apache2 systemd)
missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-proxies: ${packages[*]} already installed"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-proxies: need root to install ${missing[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive

policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\n# Temporary: do not start services while install-proxies.sh runs.\nexit 101\n' > "$policy"
  chmod 755 "$policy"
  trap 'rm -f "$policy"' EXIT
fi

if ! compgen -G '/var/lib/apt/lists/*_Packages*' > /dev/null; then
  apt-get update
fi
if ! apt-get install -y --no-install-recommends "${missing[@]}"; then
  # A stale index points at package versions the mirror no longer has: refresh once and retry.
  apt-get update
  apt-get install -y --no-install-recommends "${missing[@]}"
fi
echo "install-proxies: installed ${missing[*]}"
