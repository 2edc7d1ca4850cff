"""Median time from a REST switch to `current_app` arriving at two Socket.IO clients.

Usage: .venv/bin/python bench/switch_latency.py [--url http://127.0.0.1:5000] [--switches 100]
Without --url it starts target/release/retroboard on a free loopback port itself.
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

APPS = ["scroll_text", "stars"]


def measure(url: str, switches: int) -> list[float]:
    arrivals: list[dict[str, float]] = [{}, {}]
    ready = [threading.Event(), threading.Event()]
    clients = []
    for index in range(2):
        client = socketio.Client()

        def on_current(data, index=index):
            arrivals[index][data["app"]] = time.perf_counter()
            ready[index].set()

        client.on("current_app", on_current)
        client.connect(url, transports=["websocket"], wait_timeout=10)
        clients.append(client)
        if not ready[index].wait(5):
            raise RuntimeError("no initial state")

    http = requests.Session()
    latencies = []
    for n in range(switches):
        app = APPS[n % 2]
        for event in ready:
            event.clear()
        sent = time.perf_counter()
        http.post(f"{url}/api/switch", json={"app": app}, timeout=5).raise_for_status()
        for index, event in enumerate(ready):
            deadline = time.perf_counter() + 5
            while arrivals[index].get(app, 0) < sent:
                if not event.wait(max(0, deadline - time.perf_counter())):
                    raise RuntimeError(f"client {index} missed switch {n}")
                event.clear()
            latencies.append((arrivals[index][app] - sent) * 1000)
    for client in clients:
        client.disconnect()
    return latencies


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url")
    parser.add_argument("--switches", type=int, default=100)
    args = parser.parse_args()
    server = None
    url = args.url
    if url is None:
        server = Server(Path(tempfile.mkdtemp()) / "state.json", []).start()
        url = server.url
    try:
        http = requests.post(f"{url}/api/switch", json={"app": "clock"}, timeout=5)
        http.raise_for_status()
        latencies = measure(url, args.switches)
    finally:
        if server:
            server.stop()
    print(f"switch -> current_app at 2 clients, {args.switches} switches ({len(latencies)} deliveries): "
          f"median {statistics.median(latencies):.2f} ms, p90 {statistics.quantiles(latencies, n=10)[-1]:.2f} ms, "
          f"max {max(latencies):.2f} ms")


if __name__ == "__main__":
    main()
