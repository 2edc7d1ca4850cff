#!/usr/bin/env bash
# Installs what scripts/package.sh and scripts/test-packages.sh need, all from Debian's
# packages: Debian's Rust (rustc-web, cargo-web) with its standard libraries for arm64 and armhf,
# the cross C compilers (ring and libwebp build C), debhelper and help2man to pack and document,
# qemu-user-static to run the ARM binaries, and lintian to check the packages. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

foreign="$(dpkg --print-foreign-architectures)"
added=0
for arch in arm64 armhf; do
  if ! grep -qx "$arch" <<< "$foreign"; then
    dpkg --add-architecture "$arch"
    added=1
  fi
done
# A new architecture's package lists come with an update.
if [ "$added" = 1 ]; then
  apt-get update
fi

scripts/apt-install.sh \
  rustc-web cargo-web libstd-rust-web-dev:arm64 libstd-rust-web-dev:armhf \
  gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf binutils-aarch64-linux-gnu binutils-arm-linux-gnueabihf \
  libc6-dev-arm64-cross libc6-dev-armhf-cross \
  debhelper help2man fakeroot qemu-user-static lintian curl
