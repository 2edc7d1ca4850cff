#!/usr/bin/env bash
# Builds the Debian packages with scripts/package.sh and checks them (tests/packages): each
# binary runs under qemu-user through its target's own loader (--version, --help, the server on a
# free loopback port answering /api/health, a switch and /api/frame.png), readelf and lintian
# inspect the packages, and the amd64 package is installed, run, upgraded, removed and purged on
# this machine. Installs what it needs first (as root).
#
#   scripts/test-packages.sh          the part the test command (and CI) runs, built with the
#                                     quicker dist-check profile: amd64 packed from the release
#                                     binary the test command built (target/release/retroboard),
#                                     arm64 in the rpi flavour and armhf in the default one, so
#                                     each architecture and each flavour is built once; then the
#                                     build is deleted
#   scripts/test-packages.sh --full   every package as it ships: both flavours for arm64 and
#                                     armhf, amd64, profile dist
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x .venv/bin/pytest ] || scripts/install-test-deps.sh
rm -f dist/*.deb
if [ "${1:-}" = --full ]; then
  scripts/package.sh --arch amd64,arm64,armhf --flavours default,rpi --profile dist
  expect=retroboard:amd64,retroboard:arm64,retroboard-rpi:arm64,retroboard:armhf,retroboard-rpi:armhf
else
  [ -x target/release/retroboard ] || scripts/build.sh
  scripts/package.sh --arch amd64,armhf --flavours default --profile dist-check \
    --prebuilt amd64=target/release/retroboard
  scripts/package.sh --arch arm64 --flavours rpi --profile dist-check --clean
  expect=retroboard:amd64,retroboard:armhf,retroboard-rpi:arm64
fi

echo "== package tests"
RETROBOARD_EXPECT_PACKAGES="$expect" RETROBOARD_TEST_INSTALL=1 .venv/bin/pytest tests/packages -v
