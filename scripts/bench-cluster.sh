#!/usr/bin/env bash
# Scale-out benchmark: 5 RetroBoard instances sharing a private redis-server hold ~90k clients
# (one load generator share per instance), then changes fan out to all of them. Writes
# bench/results/cluster-scale.json and regenerates docs/benchmarks.md. Not part of the test
# command; takes about 5 minutes. Options go to bench/cluster_scale.py (see --help).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-redis.sh
venv=bench/.venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r bench/requirements.txt

cargo build --release --bins -p retroboard -p retroboard-loadgen

exec "$venv/bin/python" bench/cluster_scale.py "$@"
