#!/usr/bin/env bash
# Installs the named Debian packages that are not installed yet; does nothing when all are.
#
# The tests start every server they need (nginx, Apache, Redis) themselves on free loopback
# ports, so the packages' own services are never wanted: while installing, a temporary
# policy-rc.d keeps them from starting (and from taking port 80). The package index is refreshed
# only when it is missing, or once when it is too stale to install from.
set -euo pipefail

missing=()
for package in "$@"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "apt-install: $* already installed"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "apt-install: need root to install ${missing[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\n# Temporary: do not start services while apt-install.sh runs.\nexit 101\n' > "$policy"
  chmod 755 "$policy"
  trap 'rm -f "$policy"' EXIT
fi
if ! compgen -G '/var/lib/apt/lists/*_Packages*' > /dev/null; then
  apt-get update
fi
if ! apt-get install -y --no-install-recommends "${missing[@]}"; then
  apt-get update
  apt-get install -y --no-install-recommends "${missing[@]}"
fi
echo "apt-install: installed ${missing[*]}"
