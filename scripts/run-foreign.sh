#!/usr/bin/env bash
# Runs a binary built for a Debian architecture on this machine: amd64 directly, arm64 and armhf
# under qemu-user-static through the target's own dynamic loader from Debian's cross libc
# (Debian 12's qemu with -L hangs or crashes as soon as a Rust program starts a thread; the
# loader run does not). Replaces itself with the program, so its PID is the program's.
#
#   scripts/run-foreign.sh ARCH BINARY [ARGUMENTS...]
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 amd64|arm64|armhf BINARY [ARGUMENTS...]" >&2
  exit 2
fi
arch="$1" binary="$2"
shift 2
case "$arch" in
  amd64) exec "$binary" "$@" ;;
  arm64) exec qemu-aarch64-static /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1 \
    --library-path /usr/aarch64-linux-gnu/lib "$binary" "$@" ;;
  armhf) exec qemu-arm-static /usr/arm-linux-gnueabihf/lib/ld-linux-armhf.so.3 \
    --library-path /usr/arm-linux-gnueabihf/lib "$binary" "$@" ;;
  *) echo "run-foreign: unknown architecture $arch" >&2; exit 2 ;;
esac
