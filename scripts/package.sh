#!/usr/bin/env bash
# Builds RetroBoard's Debian packages into dist/: the web UI once, then release binaries with
# Debian's Rust for amd64 (x86_64: a mini PC driving network panels), arm64 (aarch64: Pi 3, 4, 5
# and Zero 2 on a 64-bit OS) and armhf (armv7: 32-bit Raspberry Pi OS, Pi 1 and Zero). Each
# architecture gets `retroboard` (the default build: network panels, MIT); the ARM ones also get
# `retroboard-rpi` (built with --features rpi: HUB75 panels on the GPIO, GPL-3.0). Prints each
# binary's size, the memory it starts with and how long each step took. Installs what it needs
# first (as root). The build stays in target/package, so a second run only redoes what changed.
#
#   scripts/package.sh [--arch amd64,arm64,armhf] [--flavours default,rpi] [--profile dist]
#                      [--prebuilt ARCH=BINARY] [--clean]
#
#   --arch      the Debian architectures to build for (default: amd64,arm64,armhf)
#   --flavours  default, rpi or both (default: both; rpi is built for the ARM ones only)
#   --profile   the cargo profile: dist (what ships, the default) or dist-check (quicker to
#               build, for checking the packages)
#   --prebuilt  pack BINARY (a default-flavour build, stripped here) for ARCH instead of
#               building it: the test command packs the release binary it already built
#   --clean     delete the build (target/package, several GB) once the packages are in dist/
#
# RETROBOARD_DEB_VERSION sets the package version; by default it is Cargo's version, the number of
# commits and the commit, e.g. 0.1.0+git812.0b33505c1d2e, so every later commit upgrades.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

arches=amd64,arm64,armhf
flavours=default,rpi
profile=dist
clean=0
declare -A prebuilt=()
while [ $# -gt 0 ]; do
  case "$1" in
    --arch) arches="$2"; shift 2 ;;
    --flavours) flavours="$2"; shift 2 ;;
    --profile) profile="$2"; shift 2 ;;
    --prebuilt) prebuilt["${2%%=*}"]="$(realpath "${2#*=}")"; shift 2 ;;
    --clean) clean=1; shift ;;
    -h | --help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "package: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

scripts/install-package-deps.sh

# Debian's toolchain: the rustup one on PATH has no ARM standard libraries.
export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc
cargo=/usr/bin/cargo
export CARGO_TARGET_DIR="$root/target/package"
work="$CARGO_TARGET_DIR/deb"

# armv7 gets one crate mended: pagable 0.4.2 (under the Starlark interpreter) asserts that an
# internal struct is 12 words long on every 32-bit target, which holds for wasm32 only (on armv7
# it is 10), so it does not compile there. The assertion checks a size and nothing else; the
# armhf build uses a copy of the crate, taken from cargo's own download, without that line.
# Cargo.lock names the copy for the length of that build only.
mend_pagable_for_armv7() {
  local source mended="$work/pagable-armv7"
  "$cargo" fetch --locked --target armv7-unknown-linux-gnueabihf > /dev/null
  source="$(find "${CARGO_HOME:-$HOME/.cargo}/registry/src" -maxdepth 2 -type d -name pagable-0.4.2 | head -n 1)"
  [ -n "$source" ] || { echo "package: pagable 0.4.2 not in cargo's registry" >&2; exit 1; }
  rm -rf "$mended"
  mkdir -p "$work"
  cp -r "$source" "$mended"
  grep -q '^static_assertions::assert_eq_size!(PagableArcInner<\[usize; 4\]>, \[usize; 12\]);$' \
    "$mended/src/pagable_arc.rs" || { echo "package: pagable's 32-bit assertion has changed; check whether armv7 still needs mending" >&2; exit 1; }
  sed -i '/^static_assertions::assert_eq_size!(PagableArcInner<\[usize; 4\]>, \[usize; 12\]);$/d' \
    "$mended/src/pagable_arc.rs"
  echo "$mended"
}

# Builds the binary for the given triples; armv7 alone, with pagable mended.
build_binaries() {
  local triples=("$@") targets=() triple
  for triple in "${triples[@]}"; do targets+=(--target "$triple"); done
  if [ "${triples[*]}" != armv7-unknown-linux-gnueabihf ]; then
    "$cargo" build --profile "$profile" --locked "${targets[@]}" -p retroboard --bin retroboard "${features[@]}"
    return
  fi
  local mended lock_copy status=0
  mended="$(mend_pagable_for_armv7)"
  lock_copy="$(mktemp)"
  cp Cargo.lock "$lock_copy"
  # Cargo.lock is put back however the build ends, an interrupt included.
  trap 'cp "$lock_copy" Cargo.lock; rm -f "$lock_copy"' EXIT
  "$cargo" build --profile "$profile" --config "patch.crates-io.pagable.path=\"$mended\"" \
    "${targets[@]}" -p retroboard --bin retroboard "${features[@]}" || status=$?
  cp "$lock_copy" Cargo.lock
  rm -f "$lock_copy"
  trap - EXIT
  return "$status"
}

commit="$(git rev-parse --short=12 HEAD)"
cargo_version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)"
version="${RETROBOARD_DEB_VERSION:-$cargo_version+git$(git rev-list --count HEAD).$commit}"
# build.rs stamps it into --version.
export RETROBOARD_COMMIT="$commit"

triple_of() {
  case "$1" in
    amd64) echo x86_64-unknown-linux-gnu ;;
    arm64) echo aarch64-unknown-linux-gnu ;;
    armhf) echo armv7-unknown-linux-gnueabihf ;;
    *) echo "package: unknown architecture $1 (amd64, arm64 or armhf)" >&2; exit 2 ;;
  esac
}

# The C compiler, archiver and linker of each target, for cargo and for the crates that build C
# (ring, libwebp).
use_cross_tools() {
  local triple="$1" gnu
  gnu="$(dpkg-architecture -a"$2" -qDEB_HOST_GNU_TYPE 2>/dev/null)"
  local var="${triple//-/_}"
  export "CC_$var=$gnu-gcc" "AR_$var=$gnu-ar"
  export "CARGO_TARGET_${var^^}_LINKER=$gnu-gcc"
}

# Starts a binary on a free loopback port, waits for /api/health and prints its resident memory
# in KiB (under qemu-user it includes the emulator's own).
startup_rss() {
  local arch="$1" binary="$2" dir pid port="" rss
  dir="$(mktemp -d)"
  scripts/run-foreign.sh "$arch" "$binary" --host 127.0.0.1 --port 0 --panel-priority normal \
    --state-file "$dir/state.json" > "$dir/log" 2>&1 &
  pid=$!
  for _ in $(seq 600); do
    port="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$dir/log" | head -n 1 | sed 's/.*://')" || true
    if [ -n "$port" ] && curl -sf "http://127.0.0.1:$port/api/health" > /dev/null; then
      break
    fi
    kill -0 "$pid" 2> /dev/null || { cat "$dir/log" >&2; echo "package: $binary did not start" >&2; exit 1; }
    sleep 0.1
  done
  [ -n "$port" ] || { cat "$dir/log" >&2; echo "package: $binary did not listen" >&2; exit 1; }
  sleep 1
  rss="$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")"
  kill "$pid"
  wait "$pid" || true
  rm -rf "$dir"
  echo "$rss"
}

# Prints the seconds since $1 (from `date +%s`).
since() { echo $(($(date +%s) - $1)); }

started="$(date +%s)"
echo "== building the web UI"
(cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build)
summary=("web UI built in $(since "$started") s")

# Each flavour is one cargo run for all its architectures: the build scripts and proc macros,
# which run here, are built once, and cargo keeps both cores busy across the targets.
for flavour in ${flavours//,/ }; do
  case "$flavour" in
    default) package=retroboard features=() ;;
    rpi) package=retroboard-rpi features=(--features rpi) ;;
    *) echo "package: unknown flavour $flavour (default or rpi)" >&2; exit 2 ;;
  esac
  triples=() built=() staged=() armv7=0
  for arch in ${arches//,/ }; do
    [ "$flavour" = rpi ] && [ "$arch" = amd64 ] && continue
    staged+=("$arch")
    [ "$flavour" = default ] && [ -n "${prebuilt[$arch]:-}" ] && continue
    triple="$(triple_of "$arch")"
    use_cross_tools "$triple" "$arch"
    if [ "$arch" = armhf ]; then armv7=1; else triples+=("$triple"); fi
    built+=("$arch")
  done
  if [ ${#built[@]} -gt 0 ]; then
    echo "== building $package for ${built[*]} (profile $profile)"
    started="$(date +%s)"
    if [ ${#triples[@]} -gt 0 ]; then
      build_binaries "${triples[@]}"
    fi
    if [ "$armv7" = 1 ]; then
      build_binaries armv7-unknown-linux-gnueabihf
    fi
    summary+=("$package for ${built[*]} built in $(since "$started") s (profile $profile)")
  fi
  for arch in "${staged[@]}"; do
    triple="$(triple_of "$arch")"
    stage="$work/$arch/stage/$package"
    rm -rf "$stage"
    if [ "$flavour" = default ] && [ -n "${prebuilt[$arch]:-}" ]; then
      install -D -m 755 "${prebuilt[$arch]}" "$stage/retroboard"
      "$(dpkg-architecture -a"$arch" -qDEB_HOST_GNU_TYPE 2>/dev/null)-strip" "$stage/retroboard"
      summary+=("$package for $arch packed from ${prebuilt[$arch]}")
    else
      install -D -m 755 "$CARGO_TARGET_DIR/$triple/$profile/retroboard" "$stage/retroboard"
    fi
    scripts/third_party_licenses.py --target "$triple" "${features[@]}" > "$stage/third-party-licenses"
    size="$(stat -c %s "$stage/retroboard")"
    rss="$(startup_rss "$arch" "$stage/retroboard")"
    emulated=""
    [ "$arch" = amd64 ] || emulated=" (under qemu-user, emulator included)"
    summary+=("$(awk -v p="$package" -v a="$arch" -v s="$size" -v r="$rss" -v e="$emulated" \
      'BEGIN { printf "  %-15s %-6s binary %5.1f MiB, started in %5.1f MiB%s", p, a, s / 1048576, r / 1024, e }')")
  done
done

mkdir -p dist
for arch in ${arches//,/ }; do
  packages=()
  for package in retroboard retroboard-rpi; do
    flavour=default
    [ "$package" = retroboard-rpi ] && flavour=rpi
    [[ ",$flavours," == *,$flavour,* && -x "$work/$arch/stage/$package/retroboard" ]] && packages+=("$package")
  done
  [ ${#packages[@]} -gt 0 ] || continue
  echo "== packing ${packages[*]} for $arch"
  debian="$work/$arch/debian"
  rm -rf "$debian"
  mkdir -p "$debian"
  cp deploy/debian/{rules,retroboard.service,hub75.conf,options} "$debian/"
  # Only the packages built this time: dh acts on every one the control file names.
  awk -v keep=" ${packages[*]} " 'BEGIN { RS = ""; ORS = "\n\n" }
    !/^Package: / || index(keep, " " $2 " ") { print }' deploy/debian/control > "$debian/control"
  for package in "${packages[@]}"; do
    cp deploy/debian/postrm "$debian/$package.postrm"
    cp deploy/debian/sysusers "$debian/$package.sysusers"
    cp deploy/debian/lintian-overrides "$debian/$package.lintian-overrides"
  done
  cp deploy/debian/copyright "$debian/retroboard.copyright"
  cat deploy/debian/copyright deploy/debian/copyright-rpi > "$debian/retroboard-rpi.copyright"
  cat > "$debian/changelog" << EOF
retroboard ($version) unstable; urgency=medium

  * Built from commit $commit.

 -- RetroBoard developers <retroboard@users.noreply.github.com>  $(git log -1 --format=%aD)
EOF
  # The manual page is the --help text, taken from the binary itself through a wrapper named as
  # the command.
  mkdir -p "$work/$arch/stage/help"
  printf '#!/bin/sh\nexec %q %q %q "$@"\n' "$root/scripts/run-foreign.sh" "$arch" \
    "$work/$arch/stage/${packages[0]}/retroboard" > "$work/$arch/stage/help/retroboard"
  chmod 755 "$work/$arch/stage/help/retroboard"
  help2man --no-info --version-string="$version" --name "LED matrix server driven from a web browser" \
    --output "$work/$arch/stage/retroboard.1" "$work/$arch/stage/help/retroboard"
  for package in "${packages[@]}"; do
    rm -f dist/"${package}"_*_"$arch".deb
  done
  (cd "$work/$arch" && DIST="$root/dist" dpkg-architecture -a"$arch" -f -c debian/rules binary)
done

if [ "$clean" = 1 ]; then
  rm -rf "$CARGO_TARGET_DIR"
fi

echo "== packages in dist/"
ls -l dist/*.deb
printf '%s\n' "${summary[@]}"
