#!/usr/bin/env bash
# Installs Debian's nginx and apache2 for the reverse-proxy tests (tests/python/test_proxies.py,
# and the browser tests through nginx), and systemd for `systemd-analyze`, which checks
# deploy/systemd/retroboard.service.
set -euo pipefail
exec "$(dirname "$0")/apt-install.sh" nginx apache2 systemd
