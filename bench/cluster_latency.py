"""Time from a REST change to the `settings` event at a Socket.IO client, alone vs in a cluster.

Single: one instance, the client and the POST on it. Cluster: three instances sharing a
private redis-server, the client on the first, each POST to the third, so every event
crosses Redis. Prints p50/p99 over the same number of changes for both.

Usage: .venv/bin/python bench/cluster_latency.py [--changes 300]
Needs target/release/retroboard and redis-server (scripts/install-redis.sh).
"""

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests
import socketio

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "python"))
from conftest import Server  # noqa: E402  (the tests' way of running the binary)
from redis_server import RedisServer  # noqa: E402


def measure(listen_url: str, post_url: str, changes: int) -> list[float]:
    """Milliseconds from sending each POST to its event arriving."""
    arrived: dict[int, float] = {}
    signal = threading.Condition()
    client = socketio.Client()

    def on_settings(data):
        with signal:
            arrived[data["brightness"]] = time.perf_counter()
            signal.notify_all()

    client.on("settings", on_settings)
    client.connect(listen_url, transports=["websocket"], wait_timeout=10)
    http = requests.Session()
    latencies = []
    try:
        for n in range(changes):
            value = n % 100 + 1  # 1..100, never the previous value, never the starting 100 first
            with signal:
                arrived.pop(value, None)
            sent = time.perf_counter()
            http.post(f"{post_url}/api/settings", json={"brightness": value}, timeout=5).raise_for_status()
            with signal:
                if not signal.wait_for(lambda: arrived.get(value, 0) >= sent, timeout=5):
                    raise RuntimeError(f"change {n} never arrived")
                latencies.append((arrived[value] - sent) * 1000)
    finally:
        client.disconnect()
    return latencies


def summary(name: str, latencies: list[float]) -> str:
    centiles = statistics.quantiles(latencies, n=100)
    return (f"{name:<28} n={len(latencies)}  p50 {statistics.median(latencies):6.2f} ms  "
            f"p99 {centiles[98]:6.2f} ms  max {max(latencies):6.2f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--changes", type=int, default=300)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp())

    single = Server(workdir / "single.json", ["--ignore-state"]).start()
    try:
        alone = measure(single.url, single.url, args.changes)
    finally:
        single.stop()

    redis = RedisServer().start()
    servers = []
    try:
        for index in range(3):
            servers.append(Server(workdir / f"member-{index}.json",
                                  ["--ignore-state", "--redis-url", redis.url]).start())
        clustered = measure(servers[0].url, servers[2].url, args.changes)
    finally:
        for server in servers:
            server.stop()
        redis.stop()

    print(summary("single instance", alone))
    print(summary("3 instances, across Redis", clustered))


if __name__ == "__main__":
    main()
