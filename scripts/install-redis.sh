#!/usr/bin/env bash
# Installs Debian's redis-server for the cluster tests (tests/python/test_cluster.py) and checks
# it is Redis 7 or newer, which the Socket.IO Redis adapter (RESP3) needs.
set -euo pipefail
"$(dirname "$0")/apt-install.sh" redis-server

version="$(redis-server --version | sed -n 's/.* v=\([0-9][0-9]*\)\..*/\1/p')"
if [ -z "$version" ] || [ "$version" -lt 7 ]; then
  echo "install-redis: $(redis-server --version) is too old; cluster mode needs Redis 7 or newer" >&2
  exit 1
fi
