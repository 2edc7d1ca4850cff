#!/usr/bin/env bash
# Runs the benchmark comparison (RetroBoard vs Node socket.io vs Flask-SocketIO, next to the
# floor server in bench/loadgen), the panel's frame pacing (also while Starlark apps render in the
# worker pool) and the Starlet app rendering benchmark (crates/starlet/benches/apps), and rewrites
# docs/benchmarks.md and its charts. Not part of the test command; takes about 25 minutes.
# Arguments go to bench/run.py (`--only starlet` runs the app benchmark alone, `--only pacing-starlark`
# the panel's frame intervals while Starlark apps render, about 3 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v taskset >/dev/null || { echo "bench: taskset (util-linux) is required" >&2; exit 1; }
command -v node >/dev/null || { echo "bench: node and npm are required for the Node peer" >&2; exit 1; }

# The allocators the settings table compares with glibc's.
if ! [ -e /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 ] || ! [ -e /usr/lib/x86_64-linux-gnu/libmimalloc.so.2 ]; then
    apt-get install -y -q libjemalloc2 libmimalloc2.0 >/dev/null || echo "bench: allocator variants skipped (apt-get failed)" >&2
fi

(cd bench/peers/node && npm ci --no-audit --no-fund --loglevel=error)

venv=bench/.venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r bench/requirements.txt

cargo build --release --bins -p retroboard -p retroboard-loadgen

exec "$venv/bin/python" bench/run.py "$@"
