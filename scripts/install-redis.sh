#!/usr/bin/env bash
# Installs Debian's redis-server (Redis 7 or newer) for the cluster tests (tests/python/test_cluster.py).
#
# Idempotent: does nothing when it is already installed. The tests start their own redis-server
# on a free loopback port, so the package's service is never needed; while installing, a
# temporary policy-rc.d keeps it from starting.
set -euo pipefail

if dpkg-query -W -f='${Status}' redis-server 2>/dev/null | grep -q 'install ok installed'; then
  echo "install-redis: redis-server already installed"
else
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-redis: need root to install redis-server" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# Temporary: do not start services while install-redis.sh runs.\nexit 101\n' > "$policy"
    chmod 755 "$policy"
    trap 'rm -f "$policy"' EXIT
  fi
  if ! compgen -G '/var/lib/apt/lists/*_Packages*' > /dev/null; then
    apt-get update
  fi
  if ! apt-get install -y --no-install-recommends redis-server; then
    # A stale index points at package versions the mirror no longer has: refresh once and retry.
    apt-get update
    apt-get install -y --no-install-recommends redis-server
  fi
  echo "install-redis: installed redis-server"
fi

version="$(redis-server --version | sed -n 's/.* v=\([0-9][0-9]*\)\..*/\1/p')"
if [ -z "$version" ] || [ "$version" -lt 7 ]; then
  echo "install-redis: $(redis-server --version) is too old; cluster mode needs Redis 7 or newer" >&2
  exit 1
fi
