"""Memory after a crowd leaves: the server's RSS at start, while it holds N idle Socket.IO clients,
and 15 s after they have all gone, for each way of giving memory back (glibc as it is, glibc with
the server's `--trim-memory`, jemalloc told to return freed pages at once). Prints a Markdown
table; docs/benchmarks.md ("Memory after a crowd leaves") has one run's figures.

    .venv/bin/python bench/memory_after_crowd.py --server target/release/retroboard \
        --loadgen target/release/retroboard-loadgen [--clients 5000]
"""

import argparse
import json
import os
import re
import resource
import subprocess
import tempfile
import threading
import time
from pathlib import Path

JEMALLOC = Path("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2")
LISTENING = re.compile(r"listening on http://(127\.0\.0\.1:\d+)")
FD_LIMIT = 20000
SETTLE_SECS = 15

VARIANTS = [
    ("glibc, --trim-memory false", ["--trim-memory", "false"], {}),
    ("glibc, --trim-memory true (the default)", [], {}),
    ("jemalloc, pages returned at once, --trim-memory false", ["--trim-memory", "false"],
     {"LD_PRELOAD": str(JEMALLOC), "MALLOC_CONF": "dirty_decay_ms:0,muzzy_decay_ms:0"}),
]


def raise_fd_limit():
    resource.setrlimit(resource.RLIMIT_NOFILE, (FD_LIMIT, FD_LIMIT))


def rss_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1)) / 1024


def measure(server: str, loadgen: str, clients: int, args: list[str], env: dict[str, str]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as state:
        process = subprocess.Popen(
            [server, "--host", "127.0.0.1", "--port", "0", "--state-file", f"{state}/state.json",
             # One load generator is all the clients: no per-address limits.
             "--handshake-rate", "0", "--max-sessions-per-ip", "0", "--max-connections-per-ip", "0", *args],
            env={**os.environ, **env}, stderr=subprocess.PIPE, text=True, preexec_fn=raise_fd_limit)
        try:
            address = None
            for line in process.stderr:
                if match := LISTENING.search(line):
                    address = match.group(1)
                    break
            assert address, "the server did not start"
            threading.Thread(target=lambda: process.stderr.read(), daemon=True).start()
            time.sleep(2)
            figures = {"start": rss_mib(process.pid), "peak": 0.0}
            crowd = subprocess.Popen(
                [loadgen, "--server", address, "--sources", "127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4",
                 "--threads", "1", "hold", "--clients", str(clients), "--secs", "10"],
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, preexec_fn=raise_fd_limit)
            while crowd.poll() is None:
                figures["peak"] = max(figures["peak"], rss_mib(process.pid))
                time.sleep(0.5)
            figures["connected"] = json.loads(crowd.stdout.read())["grow"]["connected"]
            time.sleep(SETTLE_SECS)
            figures["after"] = rss_mib(process.pid)
            return figures
        finally:
            process.terminate()
            process.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", required=True)
    parser.add_argument("--loadgen", required=True)
    parser.add_argument("--clients", type=int, default=5000)
    options = parser.parse_args()
    print(f"| allocator and setting | RSS at start | peak with the clients | {SETTLE_SECS} s after they left | clients connected |")
    print("|---|---|---|---|---|")
    for name, args, env in VARIANTS:
        if "LD_PRELOAD" in env and not Path(env["LD_PRELOAD"]).exists():
            continue
        figures = measure(options.server, options.loadgen, options.clients, args, env)
        print(f"| {name} | {figures['start']:.1f} MiB | {figures['peak']:.1f} MiB | {figures['after']:.1f} MiB | "
              f"{figures['connected']:,} |", flush=True)


if __name__ == "__main__":
    main()
