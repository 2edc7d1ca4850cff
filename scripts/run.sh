#!/usr/bin/env bash
# Builds everything, then runs RetroBoard on its defaults: http://0.0.0.0:5000, state in ./state.json.
# Any arguments are passed to the server (see target/release/retroboard --help).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/build.sh"
exec "$root/target/release/retroboard" "$@"
