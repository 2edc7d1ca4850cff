#!/usr/bin/env bash
# Profiles RetroBoard's broadcast path: the server pinned to CPU 0 with 1,000 clients (CPU 1)
# receiving RATE commands/s, sampled with perf (cpu-clock, so it works without hardware
# counters). Prints the kernel/user split and the hottest symbols. Needs linux-perf and a
# release build (scripts/bench.sh makes one). Usage: bench/profile.sh [RATE] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rate=${1:-50}
secs=${2:-8}
out=bench/results/profile
mkdir -p "$out"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
state=$(mktemp -d)

bin=${CARGO_TARGET_DIR:-target}/release

# A thousand clients from two loopback addresses: no per-address limits, as in bench/run.py.
taskset -c 0 "$bin/retroboard" --host 127.0.0.1 --port "$port" --state-file "$state/state.json" \
    --ping-interval 25s --ping-timeout 60s --handshake-rate 0 --max-sessions-per-ip 0 \
    --max-connections-per-ip 0 >"$out/server.log" 2>&1 &
server=$!
loadgen=
cleanup() {
    [ -n "$loadgen" ] && kill "$loadgen" 2>/dev/null || true
    kill "$server" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$state"
}
trap cleanup EXIT
until grep -q "listening on" "$out/server.log"; do sleep 0.1; done

# Warm-up plus the measured step; perf samples the middle of the measured step.
taskset -c 1 "$bin/retroboard-loadgen" --server "127.0.0.1:$port" --server-pid "$server" --threads 1 \
    --sources 127.0.0.1,127.0.0.2 steps --clients 1000 --rates "$rate" --step-secs $((secs * 2)) \
    >"$out/loadgen.json" 2>"$out/loadgen.log" &
loadgen=$!
sleep $((secs * 2 + 6))
perf record -e cpu-clock -F 1999 -g -p "$server" -o "$out/perf.data" -- sleep "$secs" 2>/dev/null
wait "$loadgen"
loadgen=
cat "$out/loadgen.log"
echo "== where the server's CPU went"
perf report -i "$out/perf.data" --no-children --sort dso -g none 2>/dev/null | grep '%'
echo "== hottest symbols"
perf report -i "$out/perf.data" --no-children --sort sym -g none 2>/dev/null | grep '%' | head -40
