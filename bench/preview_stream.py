"""Server CPU while the live preview streams to many subscribers.

Starts target/release/retroboard on a free loopback port, runs `stars` (a new picture every
frame), connects N python-socketio clients that subscribe to the preview, and reads the server's
CPU time from /proc over a fixed window. Prints the frames received and the server's CPU use.

Usage: .venv/bin/python bench/preview_stream.py [--clients 100] [--fps 30] [--seconds 10]
"""

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

import requests
import socketio

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "python"))
from conftest import Server  # noqa: E402  (the tests' way of running the binary)

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


async def subscriber(url: str, counts: list[int], index: int):
    client = socketio.AsyncClient(reconnection=False)

    @client.on("frame")
    async def on_frame(data):
        counts[index] += 1

    await client.connect(url, transports=["websocket"], wait_timeout=20)
    await client.emit("preview:subscribe")
    return client


async def measure(url: str, pid: int, clients: int, seconds: float):
    counts = [0] * clients
    sockets = [await subscriber(url, counts, i) for i in range(clients)]
    await asyncio.sleep(2)  # let every stream settle
    before_counts, before_cpu, started = sum(counts), cpu_seconds(pid), time.monotonic()
    await asyncio.sleep(seconds)
    elapsed = time.monotonic() - started
    frames, cpu = sum(counts) - before_counts, cpu_seconds(pid) - before_cpu
    for client in sockets:
        await client.disconnect()
    return frames, cpu, elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--fps", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    server = Server(Path(tempfile.mkdtemp()) / "state.json", ["--preview-fps", str(args.fps),
                    "--handshake-rate", "0", "--max-sessions-per-ip", "0"]).start()
    try:
        requests.post(f"{server.url}/api/switch", json={"app": "stars", "config": {"spawn_rate": 4}},
                      timeout=5).raise_for_status()
        idle_before = cpu_seconds(server.process.pid)
        time.sleep(args.seconds)
        idle_cpu = cpu_seconds(server.process.pid) - idle_before
        frames, cpu, elapsed = asyncio.run(measure(server.url, server.process.pid, args.clients, args.seconds))
    finally:
        server.stop()
    print(f"stars rendering, no subscribers: {100 * idle_cpu / args.seconds:.1f}% of a core")
    print(f"{args.clients} subscribers at --preview-fps {args.fps}: "
          f"{frames / elapsed:.0f} frames/s delivered ({frames / elapsed / args.clients:.1f} per client), "
          f"server CPU {100 * cpu / elapsed:.1f}% of a core")


if __name__ == "__main__":
    main()
